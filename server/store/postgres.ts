// The PostgreSQL flavour of the store: Kysely's PostgresDialect over a `pg` Pool. Queries are
// the same as on SQLite (kysely-store.ts); what differs is only how values come back and how
// connections are handled, and that is all set up here.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { KyselyStore } from './kysely-store';
import { migrateToLatest } from './migrate';
import { setPushDatabase } from './push-postgres';
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
  /**
   * Named (server-side prepared) statements, default on: see preparedStatements below. Turn off
   * behind a pooler that hands each transaction a different server connection (PgBouncer in
   * transaction mode before 1.21, or without max_prepared_statements).
   */
  preparedStatements?: boolean;
}

/** Named statements kept per connection at most; later new ones run unnamed. */
const PREPARED_PER_CONNECTION = 500;
const statementNames = new Map<string, string>();

/**
 * Every sync request is a handful of small statements, and PostgreSQL parsing and planning each
 * anew was much of its work under load: name them, so each connection prepares a statement once
 * and then only binds and runs it. Only statements with 1 to 32 parameters (not the IN lists of
 * every length) and without `*` (a column added by a migration while another server instance
 * runs must not change a prepared statement's result type), at most PREPARED_PER_CONNECTION per
 * connection.
 */
function preparedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const prepared = new Set<string>();
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
      if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && values.length <= 32 && !text.includes('*')) {
        let name = statementNames.get(text);
        if (!name) {
          if (statementNames.size >= 10_000) statementNames.clear();
          statementNames.set(text, name = `fairline_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`);
        }
        if (prepared.has(name) || prepared.size < PREPARED_PER_CONNECTION) {
          prepared.add(name);
          return query({ name, text, values }, callback);
        }
      }
      return query(text, values, callback);
    }) as typeof client.query;
  });
}

/** Connections of the push pool at most: PostgresPushes runs 2 statements at once, and a push retried alone takes another. */
const PUSH_CONNECTIONS = 4;

function openPool(url: string, opts: PostgresOptions, max: number, settings: string): pg.Pool {
  // JIT off: PostgreSQL compiles a plan with LLVM once its estimated cost passes jit_above_cost,
  // and a push statement's generic plan (many small CTEs, estimates made on empty tables) passed
  // it: 15 s of compiling for a statement that runs in 2 ms. Nothing the store runs is long
  // enough to gain from JIT.
  const pool = new pg.Pool({ connectionString: url, types, max, options: `-c jit=off${settings}` });
  if (opts.preparedStatements ?? true) preparedStatements(pool);
  // Without a listener an idle connection dropped by the server would crash the process; the
  // pool replaces it on the next query, so reporting is enough.
  const report = opts.onIdleError ?? ((err: Error) => process.stderr.write(`PostgreSQL connection failed: ${err.message}\n`));
  pool.on('error', report);
  // A connection lost while checked out (mid-transaction, in a failover) emits 'error' on the
  // client, where the pool listens only while it is idle: every client keeps a listener of its
  // own. The query under way fails with the same error, so the request gets its answer.
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}

export function openPostgresDatabase(url: string, opts: PostgresOptions = {}): Kysely<Database> {
  const pool = openPool(url, opts, opts.maxConnections ?? 10, '');
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  // Push statements run on a small pool of their own whose connections keep one generic plan
  // per statement (push-postgres.ts pushDatabase); it closes with the main one (Kysely's destroy ends that).
  const pushPool = openPool(url, opts, PUSH_CONNECTIONS, (opts.preparedStatements ?? true) ? ' -c plan_cache_mode=force_generic_plan' : '');
  setPushDatabase(db, new Kysely<Database>({ dialect: new PostgresDialect({ pool: pushPool }), plugins: [new CamelCasePlugin()] }));
  const end = pool.end.bind(pool) as () => Promise<void>;
  pool.end = (async () => {
    await pushPool.end();
    await end();
  }) as typeof pool.end;
  return db;
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
