// Kysely builds the SQL; better-sqlite3 runs it synchronously. Kysely's own executor is async,
// and the local store wants sync transactions, so we compile with a driver-less Kysely and
// execute the compiled query ourselves.
import type Database from 'better-sqlite3';
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

export function all<Q extends Compilable<unknown>>(db: Database.Database, query: Q): Row<Q>[] {
  const { sql, parameters } = query.compile();
  return db.prepare(sql).all(...(parameters as unknown[])) as Row<Q>[];
}

export function first<Q extends Compilable<unknown>>(db: Database.Database, query: Q): Row<Q> | undefined {
  const { sql, parameters } = query.compile();
  return db.prepare(sql).get(...(parameters as unknown[])) as Row<Q> | undefined;
}

export function run(db: Database.Database, query: Compilable<unknown>): Database.RunResult {
  const { sql, parameters } = query.compile();
  return db.prepare(sql).run(...(parameters as unknown[]));
}
