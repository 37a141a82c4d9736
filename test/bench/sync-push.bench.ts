// Push at volume: 100k events from one device through POST /api/sync/push, in batches of 500
// one after the other as the console's sync engine sends them (electron/core/sync/engine.ts).
// The events are a collector's calls on their accounts (gate decision, attempt, outcome, note,
// view), so each push does the scope check, the time rule, the hold checks (the portfolio has
// the demo's holds, so some calls break one), the call index and the cursor, not just inserts.
// Baseline: the fastest way the same rows go into the same table, measured first in the same
// database: COPY on PostgreSQL; on SQLite, 500-row inserts in one transaction. The baseline's
// rows stay, so the push writes into a table that already holds 100k.
//
// sync.push.roundtrips.postgres: database round trips per push of one call's 5 events, counted
// by wrapping the pg client's query in this process (where the server runs), against one plain
// INSERT of the same rows counted the same way. Pool checkouts per push go to stderr.
// PostgreSQL needs FAIRLINE_TEST_DATABASE_URL (a throwaway database is created and dropped).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import { PushResponse } from '../../shared/sync/protocol';
import { startServer } from '../../server/app';
import { hashToken, newToken } from '../../server/auth/tokens';
import { openSqliteDatabase } from '../../server/store/sqlite';
import type { ServerStore } from '../../server/store/store';
import { type StoreKind, TEST_DATABASE_URL, createTestDatabase } from '../server/databases';
import type { Bench } from './bench';
import { log, portfolioAccount, seedAccounts } from './sync-fixtures';

const N = 100_000;
const BATCH = 500; // PUSH_BATCH in electron/core/sync/engine.ts
const ACCOUNTS = 500;
const ROUNDTRIP_PUSHES = 200;

interface Agent { userId: string; deviceId: string; token: string; accounts: { id: string; phoneId: string; partyId: string; number: string }[] }

/** A collector with a team, a device and a session (what a sign-in stores, without scrypt), and `accounts` accounts of demo shape. */
async function agent(store: ServerStore, deviceId: string, accounts: number, at: string, prefix: string): Promise<Agent> {
  const team = { id: uuidv7(), name: `Push bench ${prefix}` };
  await store.createTeam(team, at);
  const userId = uuidv7();
  await store.createUser({ id: userId, username: `push-${prefix}`, displayName: 'Push bench', role: 'collector', teamId: team.id, passwordHash: 'unused' }, at);
  const token = newToken();
  await store.touchDevice(deviceId, userId, at);
  await store.createSession({ tokenHash: hashToken(token), userId, deviceId, createdAt: at, expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  const owner = () => ({ assignedTo: userId, teamId: team.id });
  const start = prefix === 'a' ? 0 : 100_000;
  await seedAccounts(store, start, start + accounts, owner, at);
  const list = Array.from({ length: accounts }, (_, i) => {
    const phone = portfolioAccount(start + i, owner()).phones[0]!;
    return { id: portfolioAccount(start + i, owner()).account.id, phoneId: phone.id, partyId: phone.partyId, number: phone.number };
  });
  return { userId, deviceId, token, accounts: list };
}

/** `n` events of calls on the agent's accounts, five a call, made over the last hour (plausible times). */
function calls(a: Agent, n: number, firstSeq = 1): ClientEvent[] {
  const out: ClientEvent[] = [];
  const t0 = Date.now() - 3_600_000;
  for (let i = 0; out.length < n; i++) {
    const acc = a.accounts[i % a.accounts.length]!;
    const at = new Date(t0 + Math.floor((i * 3_000_000) / (n / 5))).toISOString();
    const callId = `${a.deviceId}-call-${i}`;
    const bodies: EventBody[] = [
      { type: 'compliance.decision', phoneId: acc.phoneId, partyId: acc.partyId, decision: 'allow', action: 'dial', packId: 'cn', packVersion: '1', allowedFrom: null, reasons: [] },
      {
        type: 'call.attempt', callId, direction: 'outbound', phoneId: acc.phoneId, partyId: acc.partyId, number: acc.number, result: 'no_answer',
        startedAt: at, answeredAt: null, endedAt: at, sipStatus: 480, recording: null,
      },
      {
        type: 'call.outcome', callId, phoneId: acc.phoneId, partyId: acc.partyId, packId: 'cn', outcome: 'no_answer', contact: 'no_answer',
        hold: null, promise: null, plan: null, callback: null, note: '', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null,
      },
      { type: 'note.added', text: `Rang ${acc.number}, no answer; will try again after 18:00 (call ${i})` },
      { type: 'account.viewed' },
    ];
    for (const body of bodies) {
      if (out.length === n) break;
      out.push({ id: uuidv7(), deviceId: a.deviceId, seq: firstSeq + out.length, userId: a.userId, accountId: acc.id, deviceTime: at, body });
    }
  }
  return out;
}

/** The rows as the store writes them. */
function rows(events: ClientEvent[], receivedAt: string) {
  return events.map((e) => ({
    id: e.id, deviceId: e.deviceId, seq: e.seq, userId: e.userId, accountId: e.accountId, deviceTime: e.deviceTime,
    receivedAt, type: e.body.type, body: JSON.stringify(e.body), checkedAt: e.deviceTime,
  }));
}

/** COPY's text format: tab-separated, with backslash, tab, newline and carriage return escaped. */
const copyField = (v: string | number | null) => (v === null ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!));

async function copyMs(url: string, events: ClientEvent[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const lines = rows(events, new Date().toISOString()).map((r) =>
      `${[r.id, r.deviceId, r.seq, r.userId, r.accountId, r.deviceTime, r.receivedAt, r.type, r.body, r.checkedAt].map(copyField).join('\t')}\n`);
    const t0 = performance.now();
    const copy = client.query(copyFrom('COPY events (id, device_id, seq, user_id, account_id, device_time, received_at, type, body, checked_at) FROM STDIN'));
    await pipeline(Readable.from(lines, { objectMode: false }), copy);
    return performance.now() - t0;
  } finally {
    await client.end();
  }
}

async function sqliteInsertMs(file: string, events: ClientEvent[]): Promise<number> {
  const db = openSqliteDatabase(file);
  try {
    const all = rows(events, new Date().toISOString());
    const t0 = performance.now();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < all.length; i += BATCH) await trx.insertInto('events').values(all.slice(i, i + BATCH)).execute();
    });
    return performance.now() - t0;
  } finally {
    await db.destroy();
  }
}

async function pushAll(url: string, a: Agent, events: ClientEvent[], batch: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += batch) {
    const chunk = events.slice(i, i + batch);
    const res = await fetch(`${url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
      body: JSON.stringify({ deviceId: a.deviceId, events: chunk }),
    });
    const { lastSeq } = PushResponse.parse(await res.json());
    if (lastSeq !== chunk.at(-1)!.seq) throw new Error(`push stopped at ${lastSeq}, expected ${chunk.at(-1)!.seq}`);
  }
  return performance.now() - t0;
}

async function measure(kind: StoreKind) {
  const database = await createTestDatabase(kind);
  try {
    const server = await startServer({ ...database.location, logger: false });
    try {
      const at = new Date(Date.now() - 2 * 3_600_000).toISOString(); // the portfolio arrived before the calls
      const pusher = await agent(server.store, 'bench-device', ACCOUNTS, at, 'a');
      const other = await agent(server.store, 'bench-baseline', ACCOUNTS, at, 'b');

      const baseline = database.location.databaseUrl
        ? await copyMs(database.location.databaseUrl, calls(other, N))
        : await sqliteInsertMs(database.location.databaseFile!, calls(other, N));
      const value = await pushAll(server.url, pusher, calls(pusher, N), BATCH);
      const counts = await server.store.counts();
      if (counts.events !== 2 * N) throw new Error('event count is off');
      log(`sync.push.100k.${kind}: ${(N / (value / 1000)).toFixed(0)} events/s pushed (${counts.violations} violations found on arrival), `
        + `${(N / (baseline / 1000)).toFixed(0)} events/s by ${kind === 'postgres' ? 'COPY' : 'bulk insert'}`);
      return { value, unit: 'ms', baseline, baselineName: kind === 'postgres' ? 'COPY of the same rows into events' : 'bulk insert of the same rows in one transaction' };
    } finally {
      await server.close();
    }
  } finally {
    await database.drop();
  }
}

// ---- round trips ---------------------------------------------------------------------------

const counted = { on: false, queries: 0, checkouts: 0 };
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counting(this: pg.Client, ...args: unknown[]) {
  // The board's LISTEN/NOTIFY connection is not the push's work.
  const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text ?? '';
  if (counted.on && !/pg_notify|^LISTEN/.test(text)) counted.queries += 1;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;
const connect = pg.Pool.prototype.connect;
pg.Pool.prototype.connect = function countingConnect(this: pg.Pool, ...args: unknown[]) {
  if (counted.on) counted.checkouts += 1;
  return (connect as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Pool.prototype.connect;

async function countRoundTrips<T>(work: () => Promise<T>): Promise<{ queries: number; checkouts: number }> {
  counted.queries = 0;
  counted.checkouts = 0;
  counted.on = true;
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 200)); // what a push does after its answer (board alerts) is its work too
  } finally {
    counted.on = false;
  }
  return { queries: counted.queries, checkouts: counted.checkouts };
}

async function roundTrips() {
  const database = await createTestDatabase('postgres');
  try {
    const server = await startServer({ ...database.location, logger: false });
    try {
      const at = new Date(Date.now() - 2 * 3_600_000).toISOString();
      const a = await agent(server.store, 'bench-roundtrips', 5, at, 'a');
      const events = calls(a, 5 * (ROUNDTRIP_PUSHES + 20));
      await pushAll(server.url, a, events.slice(0, 100), 5); // the device's first pushes and the connections' prepared statements
      const push = await countRoundTrips(() => pushAll(server.url, a, events.slice(100), 5));

      const pool = new pg.Pool({ connectionString: database.location.databaseUrl, max: 2 });
      try {
        const plain = calls({ ...a, deviceId: 'bench-plain' }, 5 * ROUNDTRIP_PUSHES);
        const insert = await countRoundTrips(async () => {
          for (let i = 0; i < plain.length; i += 5) {
            const r = rows(plain.slice(i, i + 5), new Date().toISOString());
            const values = r.flatMap((x) => [x.id, x.deviceId, x.seq, x.userId, x.accountId, x.deviceTime, x.receivedAt, x.type, x.body, x.checkedAt]);
            const tuples = r.map((_, k) => `(${Array.from({ length: 10 }, (_, j) => `$${k * 10 + j + 1}`).join(', ')})`).join(', ');
            await pool.query(`INSERT INTO events (id, device_id, seq, user_id, account_id, device_time, received_at, type, body, checked_at) VALUES ${tuples}`, values);
          }
        });
        const pushes = ROUNDTRIP_PUSHES;
        log(`sync.push.roundtrips.postgres: per push of 5 events: ${(push.queries / pushes).toFixed(2)} round trips, ${(push.checkouts / pushes).toFixed(2)} pool checkouts; `
          + `a plain INSERT: ${(insert.queries / pushes).toFixed(2)} round trips, ${(insert.checkouts / pushes).toFixed(2)} checkouts`);
        return {
          value: push.queries / pushes, unit: 'round trips per push', baseline: insert.queries / pushes,
          baselineName: 'one INSERT of the same 5 rows (autocommit), counted the same way',
        };
      } finally {
        await pool.end();
      }
    } finally {
      await server.close();
    }
  } finally {
    await database.drop();
  }
}

export const benches: Bench[] = [{ name: 'sync.push.100k.sqlite', run: () => measure('sqlite') }];

if (TEST_DATABASE_URL) {
  benches.push({ name: 'sync.push.100k.postgres', run: () => measure('postgres') });
  benches.push({ name: 'sync.push.roundtrips.postgres', run: roundTrips });
} else {
  process.stderr.write('sync.push.100k.postgres and sync.push.roundtrips.postgres skipped: set FAIRLINE_TEST_DATABASE_URL (see scripts/setup-postgres.sh)\n');
}
