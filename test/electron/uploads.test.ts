// The core's recording uploads against a real central server (SQLite file, HTTP on loopback):
// files arrive byte for byte, a connection cut mid-file resumes from the server's offset after
// a restart, and files missing or changed on disk are reported, not retried (docs/sync.md "Uploads").
import { randomBytes } from 'node:crypto';
import { mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { FileSealer } from '../../electron/core/files/sealed-file';
import { consoleKey, openConsoleStore, TEST_KDF } from '../support/console-store';
import { migrate } from '../../electron/core/store/database';
import { migrations } from '../../electron/core/store/migrations';
import { currentSession } from '../../electron/core/session';
import { UPLOAD_CHUNK_BYTES, pendingUploads, uploadPending } from '../../electron/core/sync/uploads';
import { startServer } from '../../server/app';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const MiB = 1024 * 1024;
const AT = '2025-06-02T01:30:00.000Z';

/** What the core asked the server for blobs, seen on the way through (the requests still go out). */
interface Sent { method: string; sha256: string; offset: number | null; bytes: number }

function watching(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const match = /\/api\/blobs\/([0-9a-f]{64})$/.exec(url);
    if (match) {
      const headers = new Headers(init?.headers);
      const offset = headers.get('upload-offset');
      const body = init?.body;
      sent.push({ method: init?.method ?? 'GET', sha256: match[1]!, offset: offset === null ? null : Number(offset), bytes: body instanceof Uint8Array ? body.length : 0 });
    }
    return fetch(input, init);
  };
}

/** A TCP proxy to the server that cuts every connection, and takes no more, once `limit` request bytes have gone through. */
async function cuttingProxy(target: string, limit: number): Promise<{ url: string; cut: () => boolean }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let forwarded = 0;
  let cut = false;
  const proxy = createServer((client) => {
    if (cut) return client.destroy();
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => { sockets.delete(s); client.destroy(); upstream.destroy(); });
    }
    client.on('data', (data: Buffer) => {
      forwarded += data.length;
      if (forwarded <= limit) {
        upstream.write(data);
        return;
      }
      upstream.write(data.subarray(0, data.length - (forwarded - limit)));
      cut = true;
      proxy.close();
      for (const s of sockets) s.destroy();
    });
    upstream.on('data', (data: Buffer) => client.write(data));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => { proxy.close(); for (const s of sockets) s.destroy(); });
  const address = proxy.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, cut: () => cut };
}

async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-uploads-'));
  const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false });
  cleanups.push(() => server.close().catch(() => undefined));
  const open = (serverUrl = server.url, fetchImpl: typeof fetch = fetch): Core => {
    const core = createCore(
      { dataDir: join(dir, 'console'), pinnedServerUrl: null, defaultServerUrl: serverUrl, host: 'browser', version: '0' },
      { syncIntervalMs: 3_600_000, fetch: fetchImpl, kdf: TEST_KDF },
    );
    cleanups.push(() => core.close());
    return core;
  };
  const stored = async (sha256: string): Promise<Buffer | undefined> => {
    const stream = await server.store.readBlob(sha256);
    if (!stream) return undefined;
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  };
  return { server, open, dir, stored };
}

/** Signs in and lets the sync that sign-in starts finish, so the next sync.now is a run of its own. */
async function signIn(core: Core, username: string): Promise<void> {
  await core.handlers['session.signIn']({ username, password: 'demo1234' });
  await core.handlers['sync.now']({});
}

/** Records a call the way the softphone does (chunks as it goes, then the attempt); the recording's file and hash. */
async function recordCall(core: Core, callId: string, bytes: Buffer): Promise<{ sha256: string; file: string }> {
  for (let seq = 0, at = 0; at < bytes.length; seq++, at += 2_000_000) {
    await core.handlers['recording.append']({ callId, seq, data: bytes.subarray(at, at + 2_000_000).toString('base64') });
  }
  const logged = await core.handlers['call.logAttempt']({
    accountId: null, callId, direction: 'outbound', phoneId: null, number: '+12125550142', result: 'answered',
    startedAt: AT, answeredAt: AT, endedAt: AT, sipStatus: 200, recordingDurationMs: 60_000,
  });
  return { sha256: logged.recording!.sha256, file: join(core.info().dataDir, 'recordings', `${callId}.webm`) };
}

describe('recording uploads', () => {
  it('sends every recording after its event, byte for byte, and the count of those waiting drops to 0', { timeout: 60_000 }, async () => {
    const { open, stored } = await world();
    const sent: Sent[] = [];
    const core = open(undefined, watching(sent));
    await signIn(core, 'collector2');
    const files = [randomBytes(10_000), randomBytes(MiB + 1), randomBytes(2 * MiB + 300_000)];
    const calls: { sha256: string; file: string }[] = [];
    for (const [i, bytes] of files.entries()) calls.push(await recordCall(core, `call-${i}`, bytes));
    expect(await core.handlers['sync.status']({})).toMatchObject({ pendingEvents: 3, pendingRecordings: 3 });

    const after = await core.handlers['sync.now']({});
    expect(after).toMatchObject({ connected: true, pendingEvents: 0, pendingRecordings: 0, lastError: null });
    for (const [i, call] of calls.entries()) expect((await stored(call.sha256))!.equals(files[i]!)).toBe(true);
    // Each went up from 0 in chunks of at most 1 MiB, after one HEAD.
    const patches = sent.filter((s) => s.method === 'PATCH' && s.sha256 === calls[2]!.sha256);
    expect(patches.map((p) => p.offset)).toEqual([0, MiB, 2 * MiB]);
    expect(patches.every((p) => p.bytes <= UPLOAD_CHUNK_BYTES)).toBe(true);

    // Confirmed locally: the next sync asks nothing about them.
    sent.length = 0;
    await core.handlers['sync.now']({});
    expect(sent).toEqual([]);
  });

  it('resumes a file cut off mid-way from the offset the server holds, after a restart', { timeout: 60_000 }, async () => {
    const { open, server, stored } = await world();
    // The connection drops halfway through the second chunk (the push and the HEAD are small).
    const proxy = await cuttingProxy(server.url, MiB + MiB / 2);
    const first = open(proxy.url);
    await signIn(first, 'collector1');
    const bytes = randomBytes(3 * MiB + MiB / 2);
    const call = await recordCall(first, 'call-cut', bytes);

    const during = await first.handlers['sync.now']({});
    expect(proxy.cut()).toBe(true);
    expect(during).toMatchObject({ connected: false, pendingEvents: 0, pendingRecordings: 1 });
    expect(await server.store.getBlob(call.sha256)).toMatchObject({ received: MiB, storedAt: null });
    first.close();

    // Restarted (the agent's password opens the data again), and with the network back.
    const sent: Sent[] = [];
    const second = open(server.url, watching(sent));
    await second.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    const after = await second.handlers['sync.now']({});
    expect(after).toMatchObject({ connected: true, pendingRecordings: 0, lastError: null });
    const patches = sent.filter((s) => s.method === 'PATCH');
    expect(patches[0]!.offset).toBe(MiB);
    expect(patches.reduce((n, p) => n + p.bytes, 0)).toBe(bytes.length - MiB);
    expect((await stored(call.sha256))!.equals(bytes)).toBe(true);
  });

  it('reports a recording missing or changed on disk, and does not try it again', { timeout: 60_000 }, async () => {
    const { open, stored } = await world();
    const sent: Sent[] = [];
    const core = open(undefined, watching(sent));
    await signIn(core, 'collector2');
    const gone = await recordCall(core, 'call-gone', randomBytes(5000));
    const changed = await recordCall(core, 'call-changed', randomBytes(5000));
    const fine = randomBytes(7000);
    const kept = await recordCall(core, 'call-fine', fine);
    unlinkSync(gone.file);
    writeFileSync(changed.file, randomBytes(5000));

    const status = await core.handlers['sync.now']({});
    expect(status).toMatchObject({ connected: true, pendingEvents: 0, pendingRecordings: 0 });
    expect(status.lastError).toMatch(/^Recording call-(gone|changed)\.webm cannot be uploaded: .*\(and 1 more files that cannot be uploaded\)$/);
    expect((await stored(kept.sha256))!.equals(fine)).toBe(true);
    expect(await stored(gone.sha256)).toBeUndefined();
    expect(await stored(changed.sha256)).toBeUndefined();
    expect(sent.filter((s) => s.sha256 === gone.sha256 || s.sha256 === changed.sha256)).toEqual([]);

    // Not tried again, and still reported.
    sent.length = 0;
    const again = await core.handlers['sync.now']({});
    expect(sent).toEqual([]);
    expect(again.lastError).toBe(status.lastError);
    core.close();

    // One at a time the messages say which file and why.
    const raw = openConsoleStore(core.info().dataDir);
    const errors = raw.prepare('SELECT error FROM uploads WHERE failed_at IS NOT NULL ORDER BY error').pluck().all();
    raw.close();
    expect(errors).toEqual([
      `Recording call-changed.webm cannot be uploaded: it changed on disk after it was recorded: its SHA-256 no longer matches (${changed.file})`,
      `Recording call-gone.webm cannot be uploaded: the file is missing (${gone.file})`,
    ]);
  });

  it('sends a recording only once its event is pushed, and only with its own agent\'s session', { timeout: 60_000 }, async () => {
    const { open, server } = await world();
    const core = open();
    await signIn(core, 'collector2');
    const call = await recordCall(core, 'call-wait', randomBytes(3000));
    const db = openConsoleStore(core.info().dataDir, { readonly: false });
    cleanups.push(() => db.close());
    const sealer = new FileSealer(consoleKey(core.info().dataDir));
    const agent = currentSession(db, new Date())!;
    const sent: Sent[] = [];
    const as = (who: { token: string; user: { id: string } }) => ({
      fetch: watching(sent), serverUrl: () => server.url, now: () => new Date(), token: who.token, userId: who.user.id, sealer: () => sealer,
    });

    // The event is still in the outbox: the server would refuse the file, so it is not offered.
    await uploadPending(db, as(agent));
    expect(sent).toEqual([]);
    expect(pendingUploads(db, 'recording')).toBe(1);

    await core.handlers['sync.now']({});
    expect((await server.store.getBlob(call.sha256))?.storedAt).toEqual(expect.any(String));
    expect(pendingUploads(db, 'recording')).toBe(0);

    // Were it still waiting, another agent's session would not send it; its own would, and
    // would find it stored already (one HEAD, no bytes).
    db.prepare('UPDATE uploads SET uploaded_at = NULL WHERE sha256 = ?').run(call.sha256);
    sent.length = 0;
    const other = await (await fetch(`${server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'collector1', password: 'demo1234', deviceId: 'elsewhere' }),
    })).json() as { token: string; user: { id: string } };
    await uploadPending(db, as(other));
    expect(sent).toEqual([]);
    await uploadPending(db, as(agent));
    expect(sent.map((s) => s.method)).toEqual(['HEAD']);
    expect(pendingUploads(db, 'recording')).toBe(0);
  });
});

describe('local migration 0003_uploads', () => {
  it('queues the recordings of calls logged before it, once each', () => {
    const db = new Database(join(mkdtempSync(join(tmpdir(), 'fairline-m3-')), 'a.db'));
    db.transaction(() => { for (const m of migrations.filter((m) => m.version <= 2)) db.exec(m.sql); db.pragma('user_version = 2'); })();
    const insert = db.prepare('INSERT INTO events (seq, id, user_id, account_id, type, body, device_time) VALUES (?, ?, ?, NULL, ?, ?, ?)');
    const recording = (sha: string) => ({ type: 'call.attempt', callId: 'c', recording: { file: `/data/recordings/${sha[0]}.webm`, sha256: sha, durationMs: 1 } });
    insert.run(1, 'e1', 'u1', 'call.attempt', JSON.stringify(recording('a'.repeat(64))), AT);
    insert.run(2, 'e2', 'u1', 'call.attempt', JSON.stringify({ type: 'call.attempt', callId: 'c', recording: null }), AT);
    insert.run(3, 'e3', 'u1', 'call.attempt', JSON.stringify(recording('a'.repeat(64))), AT); // the same bytes again
    insert.run(4, 'e4', 'u1', 'note.added', JSON.stringify({ type: 'note.added', text: 'b'.repeat(64) }), AT);
    expect(migrate(db)).toBe(migrations.at(-1)!.version);
    expect(db.prepare('SELECT sha256, kind, file, bytes, event_id, uploaded_at FROM uploads').all()).toEqual([
      { sha256: 'a'.repeat(64), kind: 'recording', file: '/data/recordings/a.webm', bytes: null, event_id: 'e1', uploaded_at: null },
    ]);
    db.close();
  });
});
