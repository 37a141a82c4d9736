// Kysely builds the SQL; better-sqlite3 runs it synchronously. Kysely's own executor is async,
// and the local store wants sync transactions, so we compile with a driver-less Kysely and
// execute the compiled query ourselves.
import type Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { DummyDriver, Kysely, type Compilable, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { LocalDb } from './schema';

export const qb = new Kysely<LocalDb>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

type Row<Q> = Q extends Compilable<infer R> ? R : never;

/** Prepared statements kept per database, least recently used dropped first. */
const STATEMENT_CACHE_SIZE = 200;
const statements = new WeakMap<Database.Database, LRUCache<string, Database.Statement>>();

/**
 * The database's prepared statement for this SQL, prepared once and kept (preparing costs more
 * than running a small statement). Bounded: queries with IN lists of every length come and go.
 * Only for statements run with all/get/run (never iterated, so one is never busy when reused)
 * and left in their default modes (no pluck, raw or expand).
 */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, cache = new LRUCache({ max: STATEMENT_CACHE_SIZE }));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, stmt = db.prepare(sql));
  return stmt;
}

export function all<Q extends Compilable<unknown>>(db: Database.Database, query: Q): Row<Q>[] {
  const { sql, parameters } = query.compile();
  return prepared(db, sql).all(...(parameters as unknown[])) as Row<Q>[];
}

export function first<Q extends Compilable<unknown>>(db: Database.Database, query: Q): Row<Q> | undefined {
  const { sql, parameters } = query.compile();
  return prepared(db, sql).get(...(parameters as unknown[])) as Row<Q> | undefined;
}

export function run(db: Database.Database, query: Compilable<unknown>): Database.RunResult {
  const { sql, parameters } = query.compile();
  return prepared(db, sql).run(...(parameters as unknown[]));
}
