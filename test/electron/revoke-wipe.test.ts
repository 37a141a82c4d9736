// Revoke and wipe (issue 15), the console and the central server together: an administrator
// revokes a device (or disables its agent) while it holds events and a recording it has not sent.
// At its next contact the console proves its device, sends everything with the short hand-in
// session, and only then wipes its data (database, recordings, key) and says why; it can never
// sign in again with that device. A hand-in cut short wipes nothing and goes on at the next run.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { runAdmin } from '../../server/admin/cli';
import { startServer } from '../../server/app';
import { openConsoleStore, TEST_KDF } from '../support/console-store';

const NOW = new Date('2026-11-24T02:00:00Z');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Sent { method: string; path: string; status: number }

/** The server trusts a session it looked up for 5 s (server/auth/sessions.ts): the revocation shows after that. */
const sessionCacheGone = () => new Promise((resolve) => setTimeout(resolve, 5_200));

async function world(failUploads = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-wipe-'));
  const server = await startServer({ databaseFile: join(dir, 'server.db'), blobDir: join(dir, 'blobs'), seedDemo: true, logger: false, now: () => NOW });
  cleanups.push(() => server.close().catch(() => undefined));
  const sent: Sent[] = [];
  const failing = { uploads: failUploads };
  const watched: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    if (method === 'PATCH' && failing.uploads > 0) {
      failing.uploads -= 1;
      throw new TypeError('fetch failed'); // the network drops mid-hand-in
    }
    const res = await fetch(input, init);
    sent.push({ method, path: url.pathname, status: res.status });
    return res;
  };
  const dataDir = join(dir, 'console');
  const open = (): Core => {
    const core = createCore({ dataDir, pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' },
      { now: () => NOW, syncIntervalMs: 3_600_000, fetch: watched, kdf: TEST_KDF });
    cleanups.push(() => core.close());
    return core;
  };
  const admin = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await runAdmin(argv, { out: (l) => out.push(l), err: (l) => out.push(l), env: { FAIRLINE_SERVER_DB: join(dir, 'server.db') }, now: () => NOW });
    return { code, out: out.join('\n') };
  };
  return { server, dataDir, sent, open, admin };
}

/** A day's work not yet sent: a status change and a recorded call. */
async function unsentWork(core: Core): Promise<{ sha256: string; bytes: Buffer }> {
  const h = core.handlers;
  await h['agent.setStatus']({ state: 'paused', reason: 'lunch' });
  const bytes = randomBytes(300_000);
  await h['recording.append']({ callId: 'call-unsent', seq: 0, data: bytes.toString('base64') });
  const logged = await h['call.logAttempt']({
    accountId: null, callId: 'call-unsent', direction: 'outbound', phoneId: null, number: '+8613800000000', result: 'answered',
    startedAt: NOW.toISOString(), answeredAt: NOW.toISOString(), endedAt: NOW.toISOString(), sipStatus: 200, recordingDurationMs: 5_000,
  });
  expect(await h['sync.status']({})).toMatchObject({ pendingEvents: 2, pendingRecordings: 1 });
  return { sha256: logged.recording!.sha256, bytes };
}

function localDevice(dataDir: string): string {
  const db = openConsoleStore(dataDir);
  try {
    return JSON.parse(db.prepare("SELECT value FROM meta WHERE key = 'deviceId'").pluck().get() as string) as string;
  } finally {
    db.close();
  }
}

describe('revoke and wipe', () => {
  it('hands in every unsent event and recording, then wipes the console, which says why and never signs in again', { timeout: 90_000 }, async () => {
    const w = await world();
    const core = w.open();
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    const eventsBefore = (await w.server.store.counts()).events;
    const work = await unsentWork(core);
    const deviceId = localDevice(w.dataDir);

    const revoked = await w.admin('device', 'revoke', deviceId);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toMatch(/sends what it has not sent, then wipes itself/);
    await sessionCacheGone();
    w.sent.length = 0;
    await core.handlers['sync.now']({}).catch(() => undefined); // the store closes under it

    // Everything reached the server, and before the wipe was reported.
    expect((await w.server.store.counts()).events).toBe(eventsBefore + 2);
    expect((await w.server.store.getBlob(work.sha256))?.storedAt).toEqual(expect.any(String));
    const order = w.sent.map((s) => `${s.method} ${s.path.replace(/[0-9a-f]{64}/, 'SHA')} ${s.status}`);
    expect(order[0]).toBe('GET /api/sync/state 401');
    expect(order.indexOf('POST /api/device/contact 200')).toBeGreaterThan(0);
    const pushed = order.indexOf('POST /api/sync/push 200');
    const stored = order.lastIndexOf('PATCH /api/blobs/SHA 200');
    const wiped = order.indexOf('POST /api/device/wiped 200');
    expect(pushed).toBeGreaterThan(order.indexOf('POST /api/device/contact 200'));
    expect(stored).toBeGreaterThan(pushed);
    expect(wiped).toBeGreaterThan(stored);

    // The console's data is gone; the note says why.
    const left = readdirSync(w.dataDir).sort();
    expect(left).toEqual(['wiped.json']);
    expect(existsSync(join(w.dataDir, 'recordings'))).toBe(false);
    expect(await core.handlers['security.status']({})).toMatchObject({ wiped: { reason: 'device_revoked', at: NOW.toISOString() } });
    await expect(core.handlers['queue.page']({ filter: {}, offset: 0, limit: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/revoked/) });
    core.close();

    // Started again it stays wiped, and the device can never sign in again.
    const again = w.open();
    expect((await again.handlers['security.status']({})).wiped?.reason).toBe('device_revoked');
    await expect(again.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const direct = await fetch(`${w.server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'collector1', password: 'demo1234', deviceId }),
    });
    expect(direct.status).toBe(403);
    expect((await w.admin('device', 'list')).out).toMatch(new RegExp(`${deviceId}\\tcollector1\\tbound\\twiped `));
    expect((await w.admin('security', 'events', '--kind', 'device.wiped')).out).toContain(deviceId);
  });

  it('wipes the consoles of a disabled agent, after their work is in', { timeout: 90_000 }, async () => {
    const w = await world();
    const core = w.open();
    await core.handlers['session.signIn']({ username: 'collector2', password: 'demo1234' });
    await core.handlers['sync.now']({});
    const work = await unsentWork(core);
    expect((await w.admin('user', 'disable', 'collector2')).out).toMatch(/1 console\(s\) hand in/);
    await sessionCacheGone();
    await core.handlers['sync.now']({}).catch(() => undefined);
    expect((await w.server.store.getBlob(work.sha256))?.storedAt).toEqual(expect.any(String));
    expect((await core.handlers['security.status']({})).wiped?.reason).toBe('user_disabled');
    expect(readdirSync(w.dataDir)).toEqual(['wiped.json']);
  });

  it('wipes nothing while the hand-in is cut short, and finishes it at the next run', { timeout: 90_000 }, async () => {
    const w = await world(1);
    const core = w.open();
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    const work = await unsentWork(core);
    await w.admin('device', 'revoke', localDevice(w.dataDir));
    await sessionCacheGone();

    const first = await core.handlers['sync.now']({});
    expect(first.pendingEvents).toBe(0); // the events went up...
    expect(first.pendingRecordings).toBe(1); // ...the recording did not: nothing is wiped yet
    expect((await core.handlers['security.status']({})).wiped).toBeNull();
    expect(existsSync(join(w.dataDir, 'keystore.json'))).toBe(true);

    // The session is gone, so no sync.now: the console tries again by itself, soon.
    await expect.poll(async () => (await core.handlers['security.status']({})).wiped?.reason, { timeout: 20_000 }).toBe('device_revoked');
    expect((await w.server.store.getBlob(work.sha256))?.storedAt).toEqual(expect.any(String));
  });
});
