// What a console checks at the start of every sync run to notice that the central store went
// back in time (docs/sync.md "Restore and failover"): the database's epoch and its device's cursor.
//
// The epoch names the database a server is talking to. On PostgreSQL it joins the cluster's
// system identifier, the database's OID and the current timeline: a dump restored into a new
// database or cluster changes the first two, a promoted replica changes the timeline. Both
// stores also keep a random id of their own in `counters`, created on first use. A SQLite file
// copied back over itself keeps all of these; the device cursor going below what the console
// was once told catches that case (and a PostgreSQL restore into the same database too).
import { randomInt } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from './schema';

const DATABASE_ID = 'database_id';

export async function databaseEpoch(db: Kysely<Database>): Promise<string> {
  await db.insertInto('counters').values({ name: DATABASE_ID, value: randomInt(1, 2 ** 47) })
    .onConflict((oc) => oc.column('name').doNothing()).execute();
  const own = await db.selectFrom('counters').select('value').where('name', '=', DATABASE_ID).executeTakeFirstOrThrow();
  const parts = [`db${Number(own.value).toString(36)}`];
  if (db.getExecutor().adapter instanceof PostgresAdapter) parts.push(await postgresIdentity(db));
  return parts.join('.');
}

async function postgresIdentity(db: Kysely<Database>): Promise<string> {
  const oid = await sql<{ oid: string }>`select oid::text as oid from pg_database where datname = current_database()`.execute(db);
  try {
    // The timeline from the current WAL file's name: a promoted replica is on a new one at once
    // (pg_control_checkpoint() shows it only after the next checkpoint).
    const control = await sql<{ system: string; timeline: string }>`
      select (pg_control_system()).system_identifier::text as system, substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) as timeline`.execute(db);
    const row = control.rows[0]!;
    return `pg${row.system}.${oid.rows[0]!.oid}.tl${row.timeline}`;
  } catch {
    // pg_control_* may be closed to this role: the OID and our own id still tell databases apart.
    return `pg.${oid.rows[0]!.oid}`;
  }
}

/** The highest contiguous sequence the server holds for a device (0 if it never pushed). */
export async function deviceCursor(db: Kysely<Database>, deviceId: string): Promise<number> {
  const row = await db.selectFrom('deviceCursors').select('lastSeq').where('deviceId', '=', deviceId).executeTakeFirst();
  return Number(row?.lastSeq ?? 0);
}
