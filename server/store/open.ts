// Picks the store from configuration: PostgreSQL when a database URL is given, else the
// embedded SQLite file. The server, the admin CLI and the tests all open stores through here.
import { openPostgresStore, redactUrl } from './postgres';
import { openSqliteStore } from './sqlite';
import type { ServerStore } from './store';

export interface StoreLocation {
  /** postgres:// or postgresql:// URL; wins over `databaseFile` when set. */
  databaseUrl?: string | undefined;
  /** SQLite file (or ':memory:'). */
  databaseFile?: string | undefined;
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
    return openPostgresStore(where.databaseUrl, opts);
  }
  if (where.databaseFile) return openSqliteStore(where.databaseFile);
  throw new Error('No database configured: give a PostgreSQL URL or a SQLite file');
}

/** Where the store lives, safe to log (no password). */
export function describeStore(where: StoreLocation): string {
  return where.databaseUrl ? `PostgreSQL ${redactUrl(where.databaseUrl)}` : `SQLite ${where.databaseFile ?? '(none)'}`;
}
