// The idle lock and the offline limit in the core, against a real central server: the
// organisation's policy arrives with the sync; no input for that long locks the console; debtor
// data is refused while a call in progress goes on; the password unlocks it offline, checked
// locally; a restart keeps the lock; both are events in the log. Then: a console that has not
// reached the server for more than the policy's days holds debtor data back until it syncs, and
// what it logged meanwhile goes up.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { type RunningServer, startServer } from '../../server/app';
import { openConsoleStore, TEST_KDF, testKeychain } from '../support/console-store';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  delete process.env.FAIRLINE_IDLE_LOCK_SECONDS;
  delete process.env.FAIRLINE_MAX_OFFLINE_DAYS;
});

async function world(env: Record<string, string> = {}) {
  Object.assign(process.env, env);
  const dir = mkdtempSync(join(tmpdir(), 'fairline-lock-'));
  const clock = { now: new Date('2026-11-24T02:00:00Z') };
  const now = () => clock.now;
  const keychain = testKeychain();
  let server: RunningServer = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now });
  const url = server.url;
  const port = Number(new URL(url).port);
  cleanups.push(() => server.close().catch(() => undefined));
  const open = (): Core => {
    const core = createCore({ dataDir: join(dir, 'console'), pinnedServerUrl: null, defaultServerUrl: url, host: 'electron', version: '0' },
      { now, syncIntervalMs: 3_600_000, keychain, kdf: TEST_KDF });
    cleanups.push(() => core.close());
    return core;
  };
  return {
    dir, clock, keychain, open, server: () => server,
    stopServer: () => server.close(),
    restartServer: async () => {
      server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now, port });
    },
    advance: (ms: number) => { clock.now = new Date(clock.now.getTime() + ms); },
  };
}

function localEventTypes(dataDir: string, keychain: ReturnType<typeof testKeychain>): string[] {
  const db = openConsoleStore(dataDir, { keychain });
  try {
    return db.prepare("SELECT type FROM events WHERE type LIKE 'console.%' ORDER BY seq").pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('the idle lock', () => {
  it('locks after the organisation\'s idle time, hides debtor data, keeps the call, and unlocks offline with the password', async () => {
    const w = await world({ FAIRLINE_IDLE_LOCK_SECONDS: '600' });
    const core = w.open();
    const h = core.handlers;
    await h['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await h['sync.now']({});
    expect((await h['security.status']({})).policy).toEqual({ idleLockSeconds: 600, maxOfflineDays: 14 });
    const [row] = (await h['queue.page']({ filter: {}, offset: 0, limit: 1 })).rows;

    // A call starts; input keeps the console open past the idle time.
    await h['recording.append']({ callId: 'call-lock', seq: 0, data: Buffer.from('first').toString('base64') });
    w.advance(500_000);
    await h['security.activity']({});
    w.advance(500_000);
    expect((await h['security.status']({})).locked).toBeNull();

    // No input for ten minutes: locked.
    w.advance(600_000);
    const locked = await h['security.status']({});
    expect(locked).toMatchObject({ locked: 'idle', lockedFor: { username: 'collector1', displayName: '李娜' }, protection: 'keychain' });
    for (const read of [
      () => h['account.get']({ accountId: row!.accountId }),
      () => h['queue.page']({ filter: {}, offset: 0, limit: 1 }),
      () => h['phone.lookup']({ number: '+8613800000000' }),
      () => h['wrapup.draft']({}),
    ]) await expect(read()).rejects.toMatchObject({ code: 'LOCKED' });
    // The call goes on and is logged.
    await h['recording.append']({ callId: 'call-lock', seq: 1, data: Buffer.from('second').toString('base64') });
    const attempt = await h['call.logAttempt']({
      accountId: row!.accountId, callId: 'call-lock', direction: 'outbound', phoneId: null, number: '+8613800000000', result: 'answered',
      startedAt: w.clock.now.toISOString(), answeredAt: w.clock.now.toISOString(), endedAt: w.clock.now.toISOString(), sipStatus: 200, recordingDurationMs: 1000,
    });
    expect(attempt.recording?.bytes).toBe('firstsecond'.length);

    // A restart keeps the lock.
    core.close();
    const again = w.open();
    expect((await again.handlers['security.status']({})).locked).toBe('idle');
    await expect(again.handlers['account.get']({ accountId: row!.accountId })).rejects.toMatchObject({ code: 'LOCKED' });

    // Offline, a wrong password is refused and the right one opens it.
    await w.stopServer();
    await expect(again.handlers['security.unlock']({ password: 'wrong-password' })).rejects.toMatchObject({ code: 'VALIDATION', issues: [{ path: 'password', message: 'Wrong password' }] });
    expect((await again.handlers['security.status']({})).locked).toBe('idle');
    expect((await again.handlers['security.unlock']({ password: 'demo1234' })).locked).toBeNull();
    expect((await again.handlers['account.get']({ accountId: row!.accountId })).account.id).toBe(row!.accountId);

    // By hand too; and both are in the log.
    expect((await again.handlers['security.lock']({})).locked).toBe('manual');
    await again.handlers['security.unlock']({ password: 'demo1234' });
    again.close();
    expect(localEventTypes(join(w.dir, 'console'), w.keychain)).toEqual(['console.locked', 'console.unlocked', 'console.locked', 'console.unlocked']);
  });

  it('locks the browser shell too, where the password slot is the local verifier', async () => {
    const w = await world({ FAIRLINE_IDLE_LOCK_SECONDS: '60' });
    const core = createCore({ dataDir: join(w.dir, 'shell'), pinnedServerUrl: null, defaultServerUrl: w.server().url, host: 'browser', version: '0' },
      { now: () => w.clock.now, syncIntervalMs: 3_600_000, kdf: TEST_KDF });
    cleanups.push(() => core.close());
    await core.handlers['session.signIn']({ username: 'collector2', password: 'demo1234' });
    await core.handlers['sync.now']({});
    w.advance(61_000);
    expect(await core.handlers['security.status']({})).toMatchObject({ locked: 'idle', protection: 'password' });
    await w.stopServer();
    await expect(core.handlers['security.unlock']({ password: 'demo12345' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await core.handlers['security.unlock']({ password: 'demo1234' })).locked).toBeNull();
  });
});

describe('the offline limit', () => {
  it('holds debtor data back after the policy\'s days without the server, keeps the events, and lifts at the next sync', async () => {
    const w = await world({ FAIRLINE_MAX_OFFLINE_DAYS: '3' });
    const core = w.open();
    const h = core.handlers;
    await h['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await h['sync.now']({});
    const [row] = (await h['queue.page']({ filter: {}, offset: 0, limit: 1 })).rows;

    await w.stopServer();
    w.advance(2 * 86_400_000);
    await h['security.activity']({});
    expect((await h['security.status']({})).offlineTooLong).toBe(false);
    await h['agent.setStatus']({ state: 'paused', reason: 'lunch' });
    w.advance(1.5 * 86_400_000);
    await h['security.activity']({});
    expect(await h['security.status']({})).toMatchObject({ offlineTooLong: true, locked: null, policy: { maxOfflineDays: 3 } });
    await expect(h['account.get']({ accountId: row!.accountId })).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringMatching(/more than 3 days/) });
    // Work that needs no debtor data still goes in the log.
    await h['agent.setStatus']({ state: 'available' });
    expect((await h['sync.now']({})).pendingEvents).toBe(2);

    await w.restartServer();
    // Days later the sign-in has expired too: the agent signs in, and the sync that follows lifts the limit.
    // (A connection kept alive to the stopped server may fail the first request: the agent tries again.)
    await h['session.signIn']({ username: 'collector1', password: 'demo1234' })
      .catch(() => h['session.signIn']({ username: 'collector1', password: 'demo1234' }));
    const after = await h['sync.now']({});
    expect(after).toMatchObject({ connected: true, pendingEvents: 0 });
    expect((await h['security.status']({})).offlineTooLong).toBe(false);
    expect((await h['account.get']({ accountId: row!.accountId })).account.id).toBe(row!.accountId);
    expect((await w.server().store.counts()).events).toBeGreaterThanOrEqual(2);
  });
});
