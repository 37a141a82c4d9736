// Picks the store from configuration: PostgreSQL when a database URL is given, else the
// embedded SQLite file. The server, the admin CLI and the tests all open stores through here.
import { dirname, join, resolve } from 'node:path';
import { openPostgresStore, redactUrl } from './postgres';
import { openSqliteStore } from './sqlite';
import type { ServerStore } from './store';

export interface StoreLocation {
  /** postgres:// or postgresql:// URL; wins over `databaseFile` when set. */
  databaseUrl?: string | undefined;
  /** SQLite file (or ':memory:'). */
  databaseFile?: string | undefined;
  /** Where uploaded files (recordings, photos) are kept; default: blobDirFor. */
  blobDir?: string | undefined;
}

export interface OpenStoreOptions {
  /** Where failures of idle PostgreSQL connections are reported (ignored for SQLite). */
  onIdleError?: (err: Error) => void;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export async function openStore(where: StoreLocation, opts: OpenStoreOptions = {}): Promise<ServerStore> {
  if (where.databaseUrl) {
    // A file path in DATABASE_URL should fail here, clearly, not as a pg connection error.
    // The value is not echoed: it may hold a password.
    if (!isPostgresUrl(where.databaseUrl)) throw new Error('The database URL must start with postgres:// or postgresql://');
    return openPostgresStore(where.databaseUrl, blobDirFor(where), opts);
  }
  if (where.databaseFile) return openSqliteStore(where.databaseFile, blobDirFor(where));
  throw new Error('No database configured: give a PostgreSQL URL or a SQLite file');
}

/**
 * Where uploaded files go: `blobDir` when given (FAIRLINE_BLOB_DIR), else `blobs/` beside the
 * SQLite file, else (PostgreSQL, or SQLite in memory) ./.fairline/blobs. Every server process
 * on one PostgreSQL database must be given the same directory (a shared volume).
 */
export function blobDirFor(where: StoreLocation): string {
  if (where.blobDir) return resolve(where.blobDir);
  if (!where.databaseUrl && where.databaseFile && where.databaseFile !== ':memory:') return join(dirname(resolve(where.databaseFile)), 'blobs');
  return resolve('.fairline', 'blobs');
}

/** Where the store lives, safe to log (no password). */
export function describeStore(where: StoreLocation): string {
  return where.databaseUrl ? `PostgreSQL ${redactUrl(where.databaseUrl)}` : `SQLite ${where.databaseFile ?? '(none)'}`;
}
