// A push on PostgreSQL is one statement in one snapshot (server/store/push-postgres.ts). These pin
// down the races that design must survive, by holding a competing transaction open on a second
// connection while a push runs: the push waits, then must answer as if it had run after it.
// SQLite runs one transaction at a time, so the same pushes there are simply sequential.
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClientEvent } from '../../shared/domain/events';
import { type ErrorBody, type TestServer, call, clientEvent, describeEachStore, login, startTestServer } from './helpers';

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
});
