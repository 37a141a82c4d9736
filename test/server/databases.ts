// Throwaway databases for tests and benches, on either store. No vitest here, so the benches
// can use it too.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { StoreLocation } from '../../server/store/open';

export type StoreKind = 'sqlite' | 'postgres';

/** A PostgreSQL server to create test databases on, e.g. postgres://postgres@127.0.0.1:5432/postgres. */
export const TEST_DATABASE_URL = process.env.FAIRLINE_TEST_DATABASE_URL || undefined;

export const PG_SKIP_BANNER = [
  '',
  '*'.repeat(78),
  '*  PostgreSQL store tests SKIPPED: FAIRLINE_TEST_DATABASE_URL is not set.',
  '*  Only the SQLite store was tested. To test both, run scripts/setup-postgres.sh and set',
  '*  FAIRLINE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres',
  '*'.repeat(78),
  '',
].join('\n');

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-server-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh, empty database of one kind, and a way to look inside it with plain SQL. */
export interface TestDatabase {
  kind: StoreKind;
  location: StoreLocation;
  /** Environment the admin CLI reads to reach this database. */
  env: Record<string, string>;
  /** Runs SQL outside the store (`?`-free: tests only read fixed statements). */
  query<T = Record<string, unknown>>(sqlText: string): Promise<T[]>;
  /** Deletes the database; the store on it must be closed first. */
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: StoreKind): Promise<TestDatabase> {
  return kind === 'sqlite' ? createSqliteDatabase() : createPostgresDatabase();
}

function createSqliteDatabase(): TestDatabase {
  const { dir, remove } = tempDir();
  const databaseFile = join(dir, 'server.db');
  return {
    kind: 'sqlite',
    location: { databaseFile },
    env: { FAIRLINE_SERVER_DB: databaseFile },
    async query<T>(sqlText: string) {
      const raw = new BetterSqlite3(databaseFile, { readonly: true });
      try {
        return raw.prepare(sqlText).all() as T[];
      } finally {
        raw.close();
      }
    },
    async drop() { remove(); },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const base = TEST_DATABASE_URL;
  if (!base) throw new Error('FAIRLINE_TEST_DATABASE_URL is not set');
  // Random rather than per-file names: files, workers and other checkouts may run at once.
  const name = `fairline_test_${randomBytes(6).toString('hex')}`;
  await onServer(base, (c) => c.query(`create database ${name}`));
  const url = withDatabase(base, name);
  return {
    kind: 'postgres',
    location: { databaseUrl: url },
    env: { DATABASE_URL: url },
    async query<T>(sqlText: string) {
      return onServer(url, async (c) => (await c.query(sqlText)).rows as T[]);
    },
    async drop() {
      await onServer(base, async (c) => {
        // pg's pool.end() resolves before its sockets are gone; give them a moment to leave
        // rather than kill them (which makes the store's pool report errors), then insist.
        for (let i = 0; i < 100; i++) {
          const { rows } = await c.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [name]);
          if (rows[0]?.n === '0') break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await c.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}
