// Ways a confirmed event could fail to reach the server (or a failure be misreported), found
// while building this suite and fixed since; kept as regression tests. Each states what the sync
// issue requires: every event whose save was confirmed to the UI reaches the server.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../server/store/open';
import type { ServerStore } from '../../server/store/store';
import { createTestDatabase, type TestDatabase } from '../server/databases';
import { describeEachStore } from '../server/helpers';
import { openConsole, type TestConsole } from './console';
import { FaultProxy } from './fault-proxy';
import { ServerProcess, freePort } from './processes';
import { Rng } from './random';
import { localDeviceId, localEvents, serverEvents, userId } from './state';

const HOUR = 3_600_000;

describeEachStore('confirmed events that never reach the server', (kind) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let store: ServerStore;
  let proxy: FaultProxy;
  const consoles: TestConsole[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = new ServerProcess(database, await freePort());
    await server.start();
    store = await openStore(database.location);
    proxy = new FaultProxy(new Rng(1), server.port);
    await proxy.listen();
  }, 120_000);
  afterAll(async () => {
    for (const c of consoles) c.close();
    await proxy?.close();
    await server?.stop();
    await store?.close();
    await database?.drop();
  });

  /** A console on the proxy, signed in as collector1 and synced, with the first account of its queue. */
  async function collectorWithAccount() {
    const c = openConsole(proxy.url);
    consoles.push(c);
    await c.api('session.signIn', { username: 'collector1', password: 'demo1234' });
    await c.api('sync.now', {});
    const row = (await c.api('queue.page', { filter: {}, offset: 0, limit: 1 })).rows[0]!;
    return { c, row, detail: await c.api('account.get', { accountId: row.accountId }) };
  }

  async function everythingArrived(c: TestConsole): Promise<void> {
    const status = await c.api('sync.now', {});
    const local = localEvents(c.dataDir).map((e) => e.id);
    const stored = (await serverEvents(database, localDeviceId(c.dataDir))).map((e) => e.id);
    expect({ pending: status.pendingEvents, lastError: status.lastError, missing: local.filter((id) => !stored.includes(id)).length })
      .toEqual({ pending: 0, lastError: null, missing: 0 });
  }

  // Push refused a whole batch when one event named an account outside the agent's teams *now*
  // (accountsOutOfScope), so an account moved to another team after the agent called it, before
  // the call went up, blocked the device's outbox for good. Fixed in f96a815 (past assignments).
  // Kept as a regression test.
  it('delivers calls on an account that moved to another team before they went up', async () => {
    const { c, row, detail } = await collectorWithAccount();
    const at = new Date().toISOString();
    await c.api('call.logAttempt', {
      accountId: row.accountId, callId: 'moved-1', direction: 'outbound', phoneId: detail.phones[0]!.id, number: detail.phones[0]!.number,
      result: 'no_answer', startedAt: at, answeredAt: null, endedAt: at, sipStatus: 480, recordingDurationMs: null,
    });
    const usEast = (await store.findTeamByName('US East'))!.id;
    await store.assignAccount(row.accountId, { assignedTo: await userId(database, 'collector2'), teamId: usEast }, at);
    await c.api('agent.setStatus', { state: 'paused', reason: 'break' });
    await everythingArrived(c);
  });

  // Was open: Push refuses a batch holding another user's events (403), and the outbox goes in device
  // order whoever is signed in. When an agent's events are still waiting as the next agent
  // signs in on the same console (sign-out's last sync failed: the server was out of reach),
  // the first event in the outbox is the previous agent's: every push is refused, for both of
  // them, for good (the device is registered to whoever signed in last).
  it('refuses the next agent over the previous one’s unsent events, then delivers both', async () => {
    const c = openConsole(proxy.url);
    consoles.push(c);
    await c.api('session.signIn', { username: 'collector1', password: 'demo1234' });
    await c.api('sync.now', {});
    proxy.offline = true;
    try {
      await c.api('agent.setStatus', { state: 'paused', reason: 'lunch' });
      await c.api('agent.setStatus', { state: 'available' });
      await c.api('session.signOut', {});
    } finally {
      proxy.offline = false;
    }
    // Another agent may not sign in over unsent events: the server takes them only from their owner.
    await expect(c.api('session.signIn', { username: 'collector2', password: 'demo1234' }))
      .rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('2 events logged by') });
    await c.api('session.signIn', { username: 'collector1', password: 'demo1234' });
    await c.api('sync.now', {});
    await c.api('session.signOut', {});
    await c.api('session.signIn', { username: 'collector2', password: 'demo1234' });
    await c.api('agent.setStatus', { state: 'paused', reason: 'training' });
    await everythingArrived(c);
  });

  // Was open: call.logAttempt closes the recording, then looks the account up to find the phone's party
  // (electron/core/core.ts), and throws NOT_FOUND when the account is no longer on the console.
  // An account reassigned while the agent is on the phone with that debtor (a sync pulls the
  // change mid-call) therefore loses the call: no event, and a finished recording on disk that
  // no event names, so it is never uploaded.
  it('logs a call, with its recording, when a pull took the account away during the call', async () => {
    const { c, row, detail } = await collectorWithAccount();
    const startedAt = new Date().toISOString();
    await c.api('recording.append', { callId: 'midcall-1', seq: 0, data: Buffer.from('a call, recorded').toString('base64') });
    // During the call the account goes to a colleague of the same team, and the console syncs.
    const team = (await store.findTeamByName('华东一组'))!.id;
    await store.assignAccount(row.accountId, { assignedTo: await userId(database, 'field'), teamId: team }, startedAt);
    await c.api('sync.now', {});
    const logged = c.api('call.logAttempt', {
      accountId: row.accountId, callId: 'midcall-1', direction: 'outbound', phoneId: detail.phones[0]!.id, number: detail.phones[0]!.number,
      result: 'answered', startedAt, answeredAt: startedAt, endedAt: new Date().toISOString(), sipStatus: 200, recordingDurationMs: 1000,
    });
    await expect(logged).resolves.toMatchObject({ recording: { bytes: 16 } });
    await everythingArrived(c);
  });

  // Was open: electron/core/sync/uploads.ts reads an upload's answer with `res.json().catch(() => null)`:
  // a connection that breaks in the middle of the answer reads as null, and the console reports
  // "The central server sent an answer this console does not understand (blob upload)" instead
  // of "Cannot reach the central server", and goes on to the next file over the broken network
  // (only SERVER_UNREACHABLE stops the run). Nothing is lost: the file goes up next time.
  it('says the server is out of reach when the answer to an upload is cut', async () => {
    const { c, row, detail } = await collectorWithAccount();
    const at = new Date().toISOString();
    await c.api('recording.append', { callId: 'cut-upload-1', seq: 0, data: Buffer.from('bytes of a call').toString('base64') });
    await c.api('call.logAttempt', {
      accountId: row.accountId, callId: 'cut-upload-1', direction: 'outbound', phoneId: detail.phones[0]!.id, number: detail.phones[0]!.number,
      result: 'answered', startedAt: at, answeredAt: at, endedAt: at, sipStatus: 200, recordingDurationMs: 1000,
    });
    // The answer to the chunk is cut three bytes before its end.
    proxy.force = (method, path) => (method === 'PATCH' && path.startsWith('/api/blobs/') ? { kind: 'cut-answer', at: -3 } : null);
    let status;
    try {
      status = await c.api('sync.now', {});
    } finally {
      proxy.force = null;
    }
    expect(proxy.faults['cut-answer']).toBeGreaterThan(0);
    expect(status.lastError).toMatch(/Cannot reach the central server/);
    await everythingArrived(c);
  });

  // Was open (a gap): The session ends when the token's 12 h are up by the console's clock, and while
  // the server is out of reach it cannot be renewed; logging needs a session, so an agent
  // offline for longer (README: field agents "work offline for days") can log nothing more.
  // The week-offline test only gets through its week because its console's clock runs a week
  // behind the server's.
  it('keeps logging offline past the token’s lifetime', async () => {
    let clock = Date.now();
    const c = openConsole(proxy.url, { now: () => new Date(clock) });
    consoles.push(c);
    await c.api('session.signIn', { username: 'collector1', password: 'demo1234' });
    await c.api('sync.now', {});
    proxy.offline = true;
    let refusedAfterHours: number | null = null;
    try {
      for (let hour = 1; hour <= 36 && refusedAfterHours === null; hour++) {
        clock += HOUR;
        await c.api('agent.setStatus', hour % 2 ? { state: 'available' } : { state: 'paused', reason: 'break' }).catch(() => { refusedAfterHours = hour; });
      }
    } finally {
      proxy.offline = false;
    }
    expect(refusedAfterHours, 'hours offline after which the console refused to log').toBeNull();
  });
});
