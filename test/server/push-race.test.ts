// A push on PostgreSQL is one statement in one snapshot (server/store/push-postgres.ts). These pin
// down the races that design must survive, by holding a competing transaction open on a second
// connection while a push runs: the push waits, then must answer as if it had run after it.
// SQLite runs one transaction at a time, so the same pushes there are simply sequential.
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClientEvent } from '../../shared/domain/events';
import { hashToken, newToken } from '../../server/auth/tokens';
import { NOW, type ErrorBody, type TestServer, call, clientEvent, describeEachStore, login, startTestServer } from './helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachStore('pushes racing other writers', (kind) => {
  let server: TestServer;
  let token: string;
  let userId: string;
  const device = 'race-device';

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    const session = await login(server.url, 'collector2', device);
    token = session.token;
    userId = session.user.id;
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  const push = (events: ClientEvent[], deviceId = device, as = token) =>
    call<{ lastSeq: number } & ErrorBody>(server.url, '/api/sync/push', { token: as, body: { deviceId, events } });
  const storedSeqs = async (deviceId: string) =>
    (await server.database.query<{ seq: number | string }>(`select seq from events where device_id = '${deviceId}' order by seq`)).map((r) => Number(r.seq));

  it('stores a batch and moves the cursor over what another push of the same device committed while it waited', async () => {
    const first = Array.from({ length: 5 }, (_, i) => clientEvent(i + 1, userId, device));
    expect((await push(first)).body.lastSeq).toBe(5);
    const six = clientEvent(6, userId, device);
    const seven = clientEvent(7, userId, device);
    if (kind === 'sqlite') {
      expect((await push([six])).body.lastSeq).toBe(6);
      expect((await push([six, seven])).body.lastSeq).toBe(7);
      return;
    }
    // Another push of this device (a retry racing the original) holds the cursor row and has
    // stored seq 6; this push, carrying 6 again and 7, starts before it commits.
    const other = new pg.Client({ connectionString: server.database.location.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('update device_cursors set last_seq = 6 where device_id = $1', [device]);
      await other.query(`insert into events (id, device_id, seq, user_id, account_id, device_time, received_at, type, body, checked_at)
        values ($1, $2, 6, $3, null, $4, $4, 'account.viewed', '{"type":"account.viewed"}', $4)`, [six.id, device, userId, six.deviceTime]);
      const racing = push([six, seven]);
      await sleep(300); // the push is now waiting for the cursor row
      await other.query('commit');
      const reply = await racing;
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.lastSeq).toBe(7);
    } finally {
      await other.end();
    }
    expect(await storedSeqs(device)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses, and writes nothing, when a racing push of the same device stored another event at a seq it sends', async () => {
    if (kind === 'sqlite') return;
    const forged = clientEvent(8, userId, device);
    const other = new pg.Client({ connectionString: server.database.location.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('update device_cursors set last_seq = 8 where device_id = $1', [device]);
      await other.query(`insert into events (id, device_id, seq, user_id, account_id, device_time, received_at, type, body, checked_at)
        values ($1, $2, 8, $3, null, $4, $4, 'account.viewed', '{"type":"account.viewed"}', $4)`, [uuidv7(), device, userId, forged.deviceTime]);
      const racing = push([forged, clientEvent(9, userId, device)]);
      await sleep(300);
      await other.query('commit');
      const reply = await racing;
      expect(reply.status).toBe(409);
      expect(reply.body.error.message).toMatch(/already stored seq 8/);
    } finally {
      await other.end();
    }
    expect(await storedSeqs(device)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses, and writes nothing, when another device stores the same event id while the push runs', async () => {
    const thief = await login(server.url, 'collector2', 'race-thief');
    const victim = clientEvent(9, userId, device);
    const next = clientEvent(10, userId, device);
    if (kind === 'sqlite') {
      expect((await push([{ ...victim, deviceId: 'race-thief', seq: 1 }], 'race-thief', thief.token)).status).toBe(200);
      expect((await push([victim, next])).status).toBe(409);
      expect(await storedSeqs(device)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      return;
    }
    const other = new pg.Client({ connectionString: server.database.location.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(`insert into events (id, device_id, seq, user_id, account_id, device_time, received_at, type, body, checked_at)
        values ($1, 'race-thief', 1, $2, null, $3, $3, 'account.viewed', '{"type":"account.viewed"}', $3)`, [victim.id, userId, victim.deviceTime]);
      const racing = push([victim, next]);
      await sleep(300); // the push's insert now waits on the other device's uncommitted row
      await other.query('commit');
      const reply = await racing;
      expect(reply.status).toBe(409);
      expect(reply.body.error.message).toContain(victim.id);
    } finally {
      await other.end();
    }
    expect(await storedSeqs(device)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await server.database.query<{ last_seq: number | string }>(`select last_seq from device_cursors where device_id = '${device}'`))[0]!.last_seq)
      .toSatisfy((n) => Number(n) === 8);
  });

  it('stores the pushes of many devices arriving at once, each checked on its own: only the bad ones are refused', async () => {
    // Pushes that arrive together share statements on PostgreSQL (push-postgres.ts); a refused
    // or clashing push must not take the others down with it.
    const devices = Array.from({ length: 24 }, (_, i) => `crowd-${i}`);
    const tokens = new Map<string, string>();
    for (const d of devices) {
      const token = newToken();
      await server.store.touchDevice(d, userId, NOW.toISOString());
      await server.store.createSession({ tokenHash: hashToken(token), userId, deviceId: d, createdAt: NOW.toISOString(), expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString() });
      tokens.set(d, token);
    }
    const firsts = devices.map((d) => Array.from({ length: 3 }, (_, i) => clientEvent(i + 1, userId, d)));
    expect((await Promise.all(devices.map((d, i) => push(firsts[i]!, d, tokens.get(d))))).map((r) => r.status)).toEqual(devices.map(() => 200));
    const cn = await login(server.url, 'collector1', 'crowd-cn');
    const cnAccount = (await call<{ accounts: { account: { id: string } }[] }>(server.url, '/api/sync/pull?limit=1', { token: cn.token })).body.accounts[0]!.account.id;
    const shared = clientEvent(4, userId, 'crowd-0');
    const batches = devices.map((d, i): ClientEvent[] => {
      const next = [clientEvent(4, userId, d), clientEvent(5, userId, d)];
      if (i === 3) return [{ ...clientEvent(4, userId, d), id: uuidv7() }, { ...firsts[i]![1]!, id: uuidv7() }]; // seq 2 again under a new id: forged
      if (i === 5) return [{ ...clientEvent(4, userId, d), accountId: cnAccount }]; // another team's account
      if (i === 0 || i === 7) return [{ ...shared, deviceId: d }]; // two devices, one event id, one moment
      return next;
    });
    const replies = await Promise.all(devices.map((d, i) => push(batches[i]!, d, tokens.get(d))));
    const statuses = replies.map((r) => r.status);
    expect(statuses[3]).toBe(409);
    expect(statuses[5]).toBe(403);
    expect([statuses[0], statuses[7]].sort()).toEqual([200, 409]);
    for (const [i, r] of replies.entries()) {
      if ([0, 3, 5, 7].includes(i)) continue;
      expect(r.status, `${devices[i]}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(r.body.lastSeq).toBe(5);
      expect(await storedSeqs(devices[i]!)).toEqual([1, 2, 3, 4, 5]);
    }
    expect(await storedSeqs('crowd-3')).toEqual([1, 2, 3]);
    expect(await storedSeqs('crowd-5')).toEqual([1, 2, 3]);
    const winner = statuses[0] === 200 ? 'crowd-0' : 'crowd-7';
    const loser = winner === 'crowd-0' ? 'crowd-7' : 'crowd-0';
    expect(await storedSeqs(winner)).toEqual([1, 2, 3, 4]);
    expect(await storedSeqs(loser)).toEqual([1, 2, 3]);
  });

  it('refuses only the second of two devices sending one event id in the same statement', async () => {
    // Straight to the store, all at once: on PostgreSQL the first two go alone and the rest wait
    // for the next statement together, so the two devices with one event id share it.
    const ctx = (deviceId: string) => ({ deviceId, user: { id: userId, role: 'collector' as const, teamId: null }, sessionBound: true, receivedAt: NOW.toISOString() });
    for (const d of ['pair-a', 'pair-b', 'pair-c', 'pair-d']) {
      await server.store.touchDevice(d, userId, NOW.toISOString());
      await server.store.notePull(d, NOW.toISOString()); // a cursor row, as any console that synced once has
    }
    const same = clientEvent(1, userId, 'pair-c');
    const results = await Promise.allSettled([
      server.store.pushEvents(ctx('pair-a'), [clientEvent(1, userId, 'pair-a')]),
      server.store.pushEvents(ctx('pair-b'), [clientEvent(1, userId, 'pair-b')]),
      server.store.pushEvents(ctx('pair-c'), [same]),
      server.store.pushEvents(ctx('pair-d'), [{ ...same, deviceId: 'pair-d' }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(((results[3] as PromiseRejectedResult).reason as Error).message).toContain(same.id);
    expect(await storedSeqs('pair-c')).toEqual([1]);
    expect(await storedSeqs('pair-d')).toEqual([]);
  });
});
