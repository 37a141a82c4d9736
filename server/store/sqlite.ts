// The SQLite flavour of the store: one better-sqlite3 connection in WAL mode, so the admin
// CLI can write to the same file while the server reads.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { CamelCasePlugin, Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { KyselyStore } from './kysely-store';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';
import type { ServerStore } from './store';

export function openSqliteDatabase(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // safe with WAL: a crash can lose the last commit, never corrupt
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000'); // the admin CLI and the server may write at once
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins: [new CamelCasePlugin()] });
}

/** How many prepared statements are kept (queries with IN lists of every length come and go). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query it runs, and under load preparing costs more than
 * running most of ours: keep the prepared statements, by SQL text, least recently used dropped first. One
 * connection runs one statement at a time, and the store never streams (a statement being
 * iterated could not be reused), so a cached statement is never busy when it is handed out.
 */
function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new LRUCache<string, SqliteStatement>({ max: STATEMENT_CACHE_SIZE });
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (!stmt) cache.set(sql, stmt = db.prepare(sql));
      return stmt;
    },
  };
}

/** Opens (creating if needed) and migrates a SQLite store; uploaded files go under `blobDir`. */
export async function openSqliteStore(file: string, blobDir: string): Promise<ServerStore> {
  const db = openSqliteDatabase(file);
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new KyselyStore(db, blobDir);
}
