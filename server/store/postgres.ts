// The PostgreSQL flavour of the store: Kysely's PostgresDialect over a `pg` Pool. Queries are
// the same as on SQLite (kysely-store.ts); what differs is only how values come back and how
// connections are handled, and that is all set up here.
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { KyselyStore } from './kysely-store';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';
import type { ServerStore } from './store';

const INT8_OID = 20;

/**
 * `bigint` columns (money, versions, seqs) and count(*) arrive as INT8, which pg hands back as
 * strings to be safe beyond 2^53. Ours stay far below, and the rest of the store expects plain
 * numbers as better-sqlite3 gives them, so parse them here; refuse rather than round if one
 * ever does not fit.
 */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`INT8 value ${text} does not fit a JavaScript number`);
  return n;
}

// Per pool rather than pg.types.setTypeParser, which would change every pg user in the process.
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)),
};

export interface PostgresOptions {
  /** Called when an idle pooled connection fails (server restart, connection killed). Default: stderr. */
  onIdleError?: (err: Error) => void;
  /** Pool size, default 10. */
  maxConnections?: number;
}

export function openPostgresDatabase(url: string, opts: PostgresOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, types, max: opts.maxConnections ?? 10 });
  // Without a listener an idle connection dropped by the server would crash the process; the
  // pool replaces it on the next query, so reporting is enough.
  pool.on('error', opts.onIdleError ?? ((err) => process.stderr.write(`PostgreSQL idle connection failed: ${err.message}\n`)));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

/** Connects to and migrates a PostgreSQL store. The database must exist; the schema is created in it. Uploaded files go under `blobDir`. */
export async function openPostgresStore(url: string, blobDir: string, opts: PostgresOptions = {}): Promise<ServerStore> {
  const db = openPostgresDatabase(url, opts);
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new KyselyStore(db, blobDir);
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}
