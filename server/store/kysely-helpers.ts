// Building blocks every part of the Kysely store shares: chunking under the bound-parameter
// limits, the account-version lock, snapshots and who sees which account. Concurrency rules are
// in kysely-store.ts's header and docs/server.md.
import { type Compilable, CompiledQuery, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction, sql } from 'kysely';
import type { Database } from './schema';
import type { Viewer } from './store';

export type Db = Kysely<Database> | Transaction<Database>;

// Keeps every statement well under SQLite's and PostgreSQL's bound-parameter limits.
export const CHUNK = 500;
export function* chunks<T>(rows: readonly T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/**
 * `events.type` as an expression no index serves (`type || ''`, the same text on both
 * databases), for queries that name accounts: SQLite plans without statistics and, given
 * events_type_time_idx, would read every event of those types on the server rather than the
 * named accounts' events through events_account_idx.
 */
export const unindexedType = sql<string>`${sql.ref('events.type')} || ''`;

/**
 * A query built and compiled once, for the statements every sync request makes: building one
 * with Kysely (expression builders, the CamelCase plugin's pass over the tree, compiling to SQL)
 * cost more of a loaded server's time than running it. The query is built with stand-in values
 * for its parameters, each a string found nowhere else in it; a run puts the real values in
 * their places (a stand-in the query turned out not to use is ignored). The SQL text stays the same object, so PostgreSQL's named statement
 * (postgres.ts) is found at once. Rows still pass through the plugins (camelCase names).
 */
export function precompiled<R, P extends readonly unknown[]>(query: Compilable<R>, ...standIns: { [K in keyof P]: string }): (...values: P) => CompiledQuery<R> {
  const compiled = query.compile();
  // A stand-in the query does not use is left out (an admin's visibleTo names no viewer id).
  const slots = standIns.map((standIn) => compiled.parameters.flatMap((p, i) => (p === standIn ? [i] : [])));
  if (slots.every((at) => at.length === 0)) throw new Error(`precompiled: none of the stand-ins is a parameter of ${compiled.sql}`);
  return (...values) => {
    const parameters = compiled.parameters.slice();
    slots.forEach((at, k) => { for (const i of at) parameters[i] = values[k]; });
    return CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>;
  };
}



/**
 * Takes the version lock until commit (a no-op update locks the row on PostgreSQL, and starts
 * the write on SQLite so busy_timeout applies rather than a failed upgrade from read to write).
 */
export async function lockVersions(trx: Transaction<Database>): Promise<void> {
  await trx.updateTable('counters').set((eb) => ({ value: eb.ref('value') })).where('name', '=', 'account_version').execute();
}

/** Hands out `n` consecutive change-counter values and returns the first. Only under lockVersions. */
export async function nextVersions(trx: Transaction<Database>, n: number): Promise<number> {
  const row = await trx.updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', n) }))
    .where('name', '=', 'account_version')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - n + 1;
}

/** A new version for the account; a change to its holds also moves it in the compliance bucket. */
export async function bumpAccount(trx: Transaction<Database>, accountId: string, at: string, holds = false): Promise<void> {
  const version = await nextVersions(trx, 1);
  await trx.updateTable('accounts').set(holds ? { version, holdsVersion: version, updatedAt: at } : { version, updatedAt: at })
    .where('id', '=', accountId).execute();
}


/** A transaction that changes accounts: the version lock is always its first statement. */
export function changeAccounts<T>(db: Kysely<Database>, change: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await lockVersions(trx);
    return change(trx);
  });
}

/**
 * A read that must see one moment: the page, its children and the visible ids. SQLite's
 * transactions are serializable already and Kysely's SQLite driver ignores the level.
 */
export function snapshot<T>(db: Kysely<Database>, read: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').execute(read);
}

export function visibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'accounts'>): Expression<SqlBool> => {
    switch (viewer.role) {
      case 'admin':
        return sql<SqlBool>`1 = 1`;
      case 'team_lead':
        return eb.or([
          eb('accounts.assignedTo', '=', viewer.id),
          eb('accounts.teamId', 'in',
            eb.selectFrom('teamLeads').select('teamLeads.teamId').where('teamLeads.userId', '=', viewer.id)),
        ]);
      default:
        return eb('accounts.assignedTo', '=', viewer.id);
    }
  };
}

/** Keeps the account's current assignment as a past one, before it changes. */
export async function rememberAssignment(trx: Transaction<Database>, accountId: string, at: string): Promise<void> {
  const current = await trx.selectFrom('accounts').select(['assignedTo', 'teamId']).where('id', '=', accountId).executeTakeFirst();
  if (!current || (current.assignedTo === null && current.teamId === null)) return;
  await trx.insertInto('pastAssignments').values({ accountId, userId: current.assignedTo, teamId: current.teamId, until: at }).execute();
}

/** The op counter and the bucket's compaction floor. */
export async function bucketState(trx: Db, bucket: string): Promise<{ counter: number; floor: number }> {
  const rows = await trx.selectFrom('counters').selectAll().where('name', 'in', ['account_version', `floor.${bucket}`]).execute();
  const value = (name: string) => Number(rows.find((r) => r.name === name)?.value ?? 0);
  return { counter: value('account_version'), floor: value(`floor.${bucket}`) };
}
