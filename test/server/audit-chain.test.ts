// The record that cannot be rewritten (docs/security.md): every pushed event and security event
// is chained in the transaction that stores it; `admin audit verify` proves an untouched log and
// names the first broken link after an UPDATE or DELETE made directly in the database.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { NOW, type TestServer, call, clientEvent, describeEachStore, login, startTestServer } from './helpers';

describeEachStore('audit chain', (kind) => {
  let server: TestServer;
  let out: string[];
  let err: string[];
  const io = (): AdminIo => ({ out: (l) => out.push(l), err: (l) => err.push(l), env: server.database.env, now: () => NOW });
  const admin = (...argv: string[]) => { out = []; err = []; return runAdmin(argv, io()); };
  const ids: string[] = [];

  /** SQL run straight on the database, as an intruder with the file or a database login would. */
  async function tamper(statement: string): Promise<void> {
    if (server.database.location.databaseFile) {
      const raw = new BetterSqlite3(server.database.location.databaseFile);
      try { raw.exec(statement); } finally { raw.close(); }
      return;
    }
    const client = new pg.Client({ connectionString: server.database.location.databaseUrl });
    await client.connect();
    try { await client.query(statement); } finally { await client.end(); }
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    const session = await login(server.url, 'collector1', 'device-audit');
    for (let batch = 0; batch < 3; batch++) {
      const events = [1, 2, 3].map((i) => clientEvent(batch * 3 + i, session.user.id, 'device-audit', { type: 'note.added', text: `note ${batch}.${i} 张三 🙂` }));
      ids.push(...events.map((e) => e.id));
      const reply = await call(server.url, '/api/sync/push', { token: session.token, body: { deviceId: 'device-audit', events } });
      expect(reply.status).toBe(200);
    }
    await server.store.security.record({ at: NOW.toISOString(), kind: 'admin.test', actor: 'test', detail: { note: 'x' } });
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  it('verifies an untouched log, every event and security event in it', async () => {
    expect(await admin('audit', 'verify')).toBe(0);
    expect(out[0]).toMatch(/^Audit chain verified: \d+ entries/);
    const [{ n }] = (await server.database.query<{ n: number | string }>('select count(*) as n from audit_chain')) as [{ n: number | string }];
    const [{ e }] = (await server.database.query<{ e: number | string }>('select (select count(*) from events) + (select count(*) from security_events) as e')) as [{ e: number | string }];
    expect(Number(n)).toBe(Number(e));
    expect(Number(n)).toBeGreaterThanOrEqual(10);
  });

  it('names an event whose content was changed in the database, and verifies again once it is put back', async () => {
    const id = ids[4]!;
    const [{ body }] = (await server.database.query<{ body: string }>(`select body from events where id = '${id}'`)) as [{ body: string }];
    await tamper(`update events set body = '{"type":"note.added","text":"nothing happened"}' where id = '${id}'`);
    expect(await admin('audit', 'verify')).toBe(1);
    expect(err[0]).toContain(`(events ${id})`);
    expect(err[0]).toContain('row_changed');
    await tamper(`update events set body = '${body.replace(/'/g, "''")}' where id = '${id}'`);
    expect(await admin('audit', 'verify')).toBe(0);
  });

  it('names a rewritten chain entry', async () => {
    const [{ content_hash: saved }] = (await server.database.query<{ content_hash: string }>('select content_hash from audit_chain where seq = 3')) as [{ content_hash: string }];
    await tamper(`update audit_chain set content_hash = '${'a'.repeat(64)}' where seq = 3`);
    expect(await admin('audit', 'verify')).toBe(1);
    expect(err[0]).toMatch(/broken at entry 3 .*link_changed/);
    await tamper(`update audit_chain set content_hash = '${saved}' where seq = 3`);
    expect(await admin('audit', 'verify')).toBe(0);
  });

  it('notices a truncated end through the head, and through an anchor when the head was rewritten too', async () => {
    expect(await admin('audit', 'anchor')).toBe(0);
    const anchor = out[0]!;
    const [seq] = anchor.split(':');
    const last = Number(seq);
    const [entry] = await server.database.query<Record<string, string | number>>(`select * from audit_chain where seq = ${last}`);
    const [prev] = await server.database.query<{ hash: string }>(`select hash from audit_chain where seq = ${last - 1}`);
    const [row] = await server.database.query<Record<string, string | null>>(`select * from security_events where id = '${entry!.ref_id}'`);
    await tamper(`delete from security_events where id = '${entry!.ref_id}'; delete from audit_chain where seq = ${last}`);
    expect(await admin('audit', 'verify')).toBe(1);
    expect(err[0]).toContain('head_mismatch');
    await tamper(`update audit_head set seq = ${last - 1}, hash = '${prev!.hash}'`);
    expect(await admin('audit', 'verify')).toBe(0); // a thorough intruder: only the anchor kept elsewhere shows it
    expect(await admin('audit', 'verify', '--anchor', anchor)).toBe(1);
    expect(err[0]).toContain('anchor_mismatch');
    // Put back (the anchor event is itself in the chain).
    const cols = Object.keys(row!);
    const sqlValue = (v: unknown) => (v === null ? 'null' : `'${String(v).replace(/'/g, "''")}'`);
    await tamper(`drop trigger if exists audit_chain_security ${kind === 'postgres' ? 'on security_events' : ''}`);
    await tamper(`insert into security_events (${cols.join(', ')}) values (${cols.map((c) => sqlValue(row![c])).join(', ')});
      insert into audit_chain (seq, source, ref_id, content_hash, hash) values (${last}, '${entry!.source}', '${entry!.ref_id}', '${entry!.content_hash}', '${entry!.hash}');
      update audit_head set seq = ${last}, hash = '${entry!.hash}'`);
    expect(await admin('audit', 'verify', '--anchor', anchor)).toBe(0);
  });

  it('names a row inserted with the chain off', async () => {
    await tamper(`insert into security_events (id, at, kind, detail) values ('forged-1', '${NOW.toISOString()}', 'admin.forged', '{}')`);
    expect(await admin('audit', 'verify')).toBe(1);
    expect(err[0]).toContain('unchained_row');
    expect(err[0]).toContain('forged-1');
    await tamper(`delete from security_events where id = 'forged-1'`);
    expect(await admin('audit', 'verify')).toBe(0);
  });

  it('names an event deleted from the database', async () => {
    const id = ids[1]!;
    await tamper(`delete from events where id = '${id}'`);
    expect(await admin('audit', 'verify')).toBe(1);
    expect(err[0]).toContain(`(events ${id})`);
    expect(err[0]).toContain('row_deleted');
  });
});
