// The audit chain off the writers' path on PostgreSQL (server/audit/pending.ts): pushes store
// without waiting for the chain, even while a drain holds it; what they stored reaches the
// chain by itself within a second, in one unbroken sequence across two server instances; a row
// changed while it waited is named like one changed after it was chained. PostgreSQL only.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { type RunningServer, startServer } from '../../server/app';
import { PG_SKIP_BANNER, TEST_DATABASE_URL, type TestDatabase, createTestDatabase } from './databases';
import { NOW, call, clientEvent, login } from './helpers';

const TITLE = 'audit chain off the push path — PostgreSQL store';
const DRAIN_LOCK = 0x6661_6972; // pending.ts

if (!TEST_DATABASE_URL) console.warn(PG_SKIP_BANNER);

(TEST_DATABASE_URL ? describe : describe.skip)(TEST_DATABASE_URL ? TITLE : `${TITLE} — SKIPPED: set FAIRLINE_TEST_DATABASE_URL`, () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  let seq = 0;
  let out: string[] = [];
  let err: string[] = [];
  const admin = (...argv: string[]) => {
    out = [];
    err = [];
    const io: AdminIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: database.env, now: () => NOW };
    return runAdmin(argv, io);
  };

  /** A connection of its own, as another instance's drain (or an intruder) would have. */
  async function client(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: database.location.databaseUrl });
    await c.connect();
    return c;
  }

  async function pushNotes(server: RunningServer, token: string, userId: string, device: string, n: number): Promise<string[]> {
    const events = Array.from({ length: n }, () => clientEvent(++seq, userId, device, { type: 'note.added', text: `note ${seq} 已联系` }));
    const reply = await call(server.url, '/api/sync/push', { token, body: { deviceId: device, events } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return events.map((e) => e.id);
  }

  const chained = async (ids: readonly string[]) => Number((await database.query<{ n: string }>(
    `select count(*) as n from audit_chain where source = 'event' and ref_id in (${ids.map((id) => `'${id}'`).join(', ')})`))[0]!.n);

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    a = await startServer({ ...database.location, logger: { level: 'warn' }, now: () => NOW, seedDemo: true });
    b = await startServer({ ...database.location, logger: { level: 'warn' }, now: () => NOW });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
  });

  it('stores pushes while a drain holds the chain, and chains them by itself once it lets go', async () => {
    const session = await login(a.url, 'collector1', 'device-pending-1');
    const holder = await client();
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock($1)', [DRAIN_LOCK]);
      const started = performance.now();
      const ids = await pushNotes(a, session.token, session.user.id, 'device-pending-1', 20);
      expect(performance.now() - started).toBeLessThan(5_000); // far below: the push never asks for the lock
      await new Promise((r) => setTimeout(r, 600)); // three drain turns, each finding the lock held
      expect(await chained(ids)).toBe(0);
      const pending = await database.query<{ n: string }>(`select count(*) as n from audit_pending where ref_id in (${ids.map((id) => `'${id}'`).join(', ')})`);
      expect(Number(pending[0]!.n)).toBe(20);
      await holder.query('commit');
      const deadline = Date.now() + 5_000;
      while ((await chained(ids)) < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await chained(ids)).toBe(20);
    } finally {
      await holder.end();
    }
    expect(await admin('audit', 'verify')).toBe(0);
  });

  it('keeps one unbroken chain when two instances take pushes at once', async () => {
    const s1 = await login(a.url, 'collector1', 'device-pending-a');
    const s2 = await login(b.url, 'collector2', 'device-pending-b');
    const ids = (await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2
      ? pushNotes(b, s2.token, s2.user.id, 'device-pending-b', 7)
      : pushNotes(a, s1.token, s1.user.id, 'device-pending-a', 7))))).flat();
    expect(ids).toHaveLength(70);
    expect(await admin('audit', 'verify')).toBe(0); // settles first: everything stored is chained
    expect(await chained(ids)).toBe(70);
    const { n } = (await database.query<{ n: string }>('select count(*) as n from audit_chain'))[0]!;
    const { rows } = (await database.query<{ rows: string }>(
      'select (select count(*) from events) + (select count(*) from security_events) + (select count(*) from access_log) + (select count(*) from audit_tombstones) as rows'))[0]!;
    expect(Number(n)).toBe(Number(rows));
    const { max, count } = (await database.query<{ max: string; count: string }>('select max(seq) as max, count(*) as count from audit_chain'))[0]!;
    expect(Number(max)).toBe(Number(count)); // positions 1..n, none skipped or taken twice
  });

  it('names a row changed while it waited to be chained', async () => {
    const session = await login(a.url, 'collector1', 'device-pending-2');
    const holder = await client();
    const intruder = await client();
    let id = '';
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock($1)', [DRAIN_LOCK]);
      [id] = await pushNotes(a, session.token, session.user.id, 'device-pending-2', 1) as [string];
      await intruder.query(`update events set body = '{"type":"note.added","text":"nothing happened"}' where id = $1`, [id]);
      await holder.query('commit');
    } finally {
      await holder.end();
      await intruder.end();
    }
    expect(await admin('audit', 'verify')).toBe(1);
    expect(err[0]).toContain(`(events ${id})`);
    expect(err[0]).toContain('row_changed');
  });
});
