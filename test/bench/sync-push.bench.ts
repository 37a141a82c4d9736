// Push at volume: 100k events from one device through POST /api/sync/push, in batches of
// 500 one after the other as the console's sync engine sends them (electron/core/sync/engine.ts),
// against a plain bulk insert of the same rows into the same database (500-row inserts in one
// transaction, no HTTP, no validation, no idempotency). The baseline runs first and its rows
// stay, so the push writes into a table that already holds 100k rows.
// PostgreSQL needs FAIRLINE_TEST_DATABASE_URL (a throwaway database is created and dropped).
import { v7 as uuidv7 } from 'uuid';
import type { ClientEvent } from '../../shared/domain/events';
import { PushResponse } from '../../shared/sync/protocol';
import { startServer } from '../../server/app';
import { hashPassword } from '../../server/auth/password';
import { openPostgresDatabase } from '../../server/store/postgres';
import { openSqliteDatabase } from '../../server/store/sqlite';
import { type StoreKind, TEST_DATABASE_URL, createTestDatabase } from '../server/databases';
import type { Bench } from './bench';

const N = 100_000;
const BATCH = 500; // PUSH_BATCH in electron/core/sync/engine.ts
const PASSWORD = 'bench-password';
const AT = '2025-06-02T01:30:00.000Z';

function events(deviceId: string, userId: string): ClientEvent[] {
  return Array.from({ length: N }, (_, i) => ({
    id: uuidv7(), deviceId, seq: i + 1, userId, accountId: null, deviceTime: AT,
    body: i % 2 ? { type: 'note.added', text: `Debtor asked to be called back after payday (${i})` } : { type: 'account.viewed' },
  }));
}

/** The rows as the store writes them, inserted directly: the cheapest way into this table. */
async function bulkInsertMs(location: { databaseFile?: string; databaseUrl?: string }, rows: ClientEvent[]): Promise<number> {
  const db = location.databaseUrl ? openPostgresDatabase(location.databaseUrl) : openSqliteDatabase(location.databaseFile!);
  try {
    const t0 = performance.now();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += BATCH) {
        await trx.insertInto('events').values(rows.slice(i, i + BATCH).map((e) => ({
          id: e.id, deviceId: e.deviceId, seq: e.seq, userId: e.userId, accountId: e.accountId, deviceTime: e.deviceTime,
          receivedAt: AT, type: e.body.type, body: JSON.stringify(e.body),
        }))).execute();
      }
    });
    return performance.now() - t0;
  } finally {
    await db.destroy();
  }
}

async function pushMs(url: string, token: string, deviceId: string, rows: ClientEvent[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const res = await fetch(`${url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ deviceId, events: batch }),
    });
    const { lastSeq } = PushResponse.parse(await res.json());
    if (lastSeq !== batch.at(-1)!.seq) throw new Error(`push stopped at ${lastSeq}, expected ${batch.at(-1)!.seq}`);
  }
  return performance.now() - t0;
}

async function measure(kind: StoreKind) {
  const database = await createTestDatabase(kind);
  try {
    const server = await startServer({ ...database.location, logger: false });
    try {
      const userId = uuidv7();
      await server.store.createUser({
        id: userId, username: 'bench', displayName: 'Bench', role: 'collector', teamId: null, passwordHash: await hashPassword(PASSWORD),
      }, AT);
      const deviceId = 'bench-device';
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: PASSWORD, deviceId }),
      });
      const { token } = (await login.json()) as { token: string };

      const baseline = await bulkInsertMs(database.location, events('bench-baseline', userId));
      const value = await pushMs(server.url, token, deviceId, events(deviceId, userId));
      if ((await server.store.counts()).events !== 2 * N) throw new Error('event count is off');
      return { value, unit: 'ms', baseline, baselineName: 'bulk insert of the same rows in one transaction' };
    } finally {
      await server.close();
    }
  } finally {
    await database.drop();
  }
}

export const benches: Bench[] = [{ name: 'sync.push.100k.sqlite', run: () => measure('sqlite') }];

if (TEST_DATABASE_URL) benches.push({ name: 'sync.push.100k.postgres', run: () => measure('postgres') });
else process.stderr.write('sync.push.100k.postgres skipped: set FAIRLINE_TEST_DATABASE_URL (see scripts/setup-postgres.sh)\n');
