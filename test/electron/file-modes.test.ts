// Owner-only files, whatever the umask (issue 15): with the most permissive umask (0) a console
// and its central server do a little work (a sign-in, a recorded call uploaded, a photo staged),
// and every directory they made is 0700 and every file 0600: the console's data directory
// (database, WAL, key file, recordings, staging) and the server's database and blob store.
// A console's data directory from before (0755 and 0644) is made owner-only at its next start.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { startServer } from '../../server/app';
import { TEST_KDF, testKeychain } from '../support/console-store';

const cleanups: (() => unknown)[] = [];
let umask = 0;
beforeEach(() => {
  umask = process.umask(0);
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  process.umask(umask);
});

/** Every path under dir with its permission bits, as 'path 0700'. */
function modes(dir: string): string[] {
  const out = [`${dir} ${(statSync(dir).mode & 0o777).toString(8)}`];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...modes(path));
    else out.push(`${path} ${(statSync(path).mode & 0o777).toString(8)}`);
  }
  return out;
}

const notOwnerOnly = (lines: string[]) => lines.filter((l) => !/ (700|600)$/.test(l));

describe('file modes', () => {
  it('keeps the console\'s and the server\'s files owner-only with a umask of 0', { timeout: 60_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'fairline-modes-'));
    const serverDir = join(root, 'server');
    const server = await startServer({ databaseFile: join(serverDir, 'server.db'), blobDir: join(serverDir, 'blobs'), seedDemo: true, logger: false });
    cleanups.push(() => server.close().catch(() => undefined));
    const dataDir = join(root, 'console');
    const core = createCore({ dataDir, pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, { syncIntervalMs: 3_600_000, kdf: TEST_KDF });
    cleanups.push(() => core.close());
    const h = core.handlers;
    await h['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await h['sync.now']({});
    await h['recording.append']({ callId: 'call-modes', seq: 0, data: Buffer.from('audio').toString('base64') });
    await h['call.logAttempt']({
      accountId: null, callId: 'call-modes', direction: 'outbound', phoneId: null, number: '+8613800000000', result: 'answered',
      startedAt: new Date().toISOString(), answeredAt: null, endedAt: new Date().toISOString(), sipStatus: 200, recordingDurationMs: 1000,
    });
    await h['files.stage']({ uploadId: randomUUID(), offset: 0, data: Buffer.from('photo').toString('base64') });
    expect((await h['sync.now']({})).pendingRecordings).toBe(0);

    const consoleModes = modes(dataDir);
    expect(consoleModes.some((l) => l.includes('fairline.db-wal'))).toBe(true);
    expect(consoleModes.some((l) => l.includes('keystore.json'))).toBe(true);
    expect(consoleModes.some((l) => l.includes('/recordings/'))).toBe(true);
    expect(consoleModes.some((l) => l.includes('/staging/'))).toBe(true);
    expect(notOwnerOnly(consoleModes)).toEqual([]);

    const serverModes = modes(serverDir);
    expect(serverModes.some((l) => l.includes('server.db-wal'))).toBe(true);
    expect(serverModes.some((l) => /\/blobs\/[0-9a-f]{2}\/[0-9a-f]{64} /.test(l))).toBe(true);
    expect(notOwnerOnly(serverModes)).toEqual([]);
  });

  it('makes an older console\'s data directory owner-only at its next start', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fairline-old-modes-'));
    mkdirSync(join(dataDir, 'recordings'));
    writeFileSync(join(dataDir, 'recordings', 'call-1.webm'), 'old');
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'recordings'), 0o755);
    chmodSync(join(dataDir, 'recordings', 'call-1.webm'), 0o644);
    const core = createCore({ dataDir, pinnedServerUrl: null, defaultServerUrl: 'http://127.0.0.1:9', host: 'electron', version: '0' }, { keychain: testKeychain() });
    cleanups.push(() => core.close());
    expect(notOwnerOnly(modes(dataDir))).toEqual([]);
  });
});
