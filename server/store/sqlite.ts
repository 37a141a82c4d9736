// The SQLite flavour of the store: one better-sqlite3 connection in WAL mode, so the admin
// CLI can write to the same file while the server reads.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { registerAuditFunctions } from '../audit/sqlite-functions';
import { CamelCasePlugin, Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { KyselyStore } from './kysely-store';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';
import type { ServerStore } from './store';

/**
 * The database holds every debtor's details: its folder is made 0700 (when this makes it) and the
 * file 0600, whatever the umask; SQLite gives its -wal and -shm the file's mode. (A folder that
 * exists already, the console's data directory or /var/lib/..., keeps the mode its owner chose.)
 */
function ownerOnly(file: string): void {
  const dir = dirname(file);
  if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(dir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

export function openSqliteDatabase(file: string): Kysely<Database> {
  if (file !== ':memory:') ownerOnly(file);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // safe with WAL: a crash can lose the last commit, never corrupt
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000'); // the admin CLI and the server may write at once
  registerAuditFunctions(sqlite); // the audit chain's triggers call them (server/audit/sqlite-functions.ts)
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
