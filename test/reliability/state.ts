// What the console holds and what the server holds, read straight from both databases (not
// through either program), so that the comparison does not trust the code under test.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { TestDatabase } from '../server/databases';
import { openConsoleStore } from '../support/console-store';

export interface EventRow { id: string; seq: number; type: string; deviceTime: string; body: string }
export interface HoldRow {
  id: string; accountId: string; partyId: string | null; phoneId: string | null; kind: string; note: string; effectiveAt: string; liftedAt: string | null;
}
export interface Portfolio {
  /** account id → assigned_to / team_id */
  accounts: Map<string, { assignedTo: string | null; teamId: string | null }>;
  holds: HoldRow[];
}

/** The console's database file in a data directory (the default name; the tests never start fresh). */
export function consoleDatabase(dataDir: string): string {
  return join(dataDir, 'fairline.db');
}

function readLocal<T>(dataDir: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = openConsoleStore(dataDir); // encrypted at rest: opened with the agent's password (demo1234)
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export function localDeviceId(dataDir: string): string {
  return readLocal(dataDir, (db) => JSON.parse((db.prepare("select value from meta where key = 'deviceId'").get() as { value: string }).value) as string);
}

export function localEvents(dataDir: string): EventRow[] {
  return readLocal(dataDir, (db) => (db.prepare('select id, seq, type, device_time as deviceTime, body from events order by seq').all() as EventRow[]));
}

export function localPending(dataDir: string): number {
  return readLocal(dataDir, (db) => (db.prepare('select count(*) as n from outbox').get() as { n: number }).n);
}

export function localPortfolio(dataDir: string): Portfolio {
  return readLocal(dataDir, (db) => {
    const accounts = new Map<string, { assignedTo: string | null; teamId: string | null }>();
    for (const r of db.prepare('select id, assigned_to, team_id from accounts').all() as { id: string; assigned_to: string | null; team_id: string | null }[]) {
      accounts.set(r.id, { assignedTo: r.assigned_to, teamId: r.team_id });
    }
    const holds = db.prepare(`select id, account_id as accountId, party_id as partyId, phone_id as phoneId, kind, note,
      effective_at as effectiveAt, lifted_at as liftedAt from holds order by id`).all() as HoldRow[];
    return { accounts, holds };
  });
}

/** JSON with its keys sorted: the server stores the body as validated, which orders keys by schema. */
export function canonical(json: string): string {
  const sort = (v: unknown): unknown => Array.isArray(v) ? v.map(sort)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sort(x)])) : v;
  return JSON.stringify(sort(JSON.parse(json)));
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function serverEvents(database: TestDatabase, deviceId: string): Promise<EventRow[]> {
  const rows = await database.query<{ id: string; seq: number | string; type: string; device_time: string; body: string }>(
    `select id, seq, type, device_time, body from events where device_id = ${quote(deviceId)} order by seq`);
  return rows.map((r) => ({ id: r.id, seq: Number(r.seq), type: r.type, deviceTime: r.device_time, body: r.body }));
}

export async function serverDeviceCursor(database: TestDatabase, deviceId: string): Promise<number | null> {
  const rows = await database.query<{ last_seq: number | string }>(`select last_seq from device_cursors where device_id = ${quote(deviceId)}`);
  return rows[0] ? Number(rows[0].last_seq) : null;
}

export async function userId(database: TestDatabase, username: string): Promise<string> {
  const rows = await database.query<{ id: string }>(`select id from users where username = ${quote(username)}`);
  if (!rows[0]) throw new Error(`no user ${username}`);
  return rows[0].id;
}

/** What a collector or field agent is entitled to: the accounts assigned to them, with every hold. */
export async function serverPortfolio(database: TestDatabase, agentId: string): Promise<Portfolio> {
  const accounts = new Map<string, { assignedTo: string | null; teamId: string | null }>();
  for (const r of await database.query<{ id: string; assigned_to: string | null; team_id: string | null }>(
    `select id, assigned_to, team_id from accounts where assigned_to = ${quote(agentId)}`)) {
    accounts.set(r.id, { assignedTo: r.assigned_to, teamId: r.team_id });
  }
  const holds = await database.query<HoldRow>(`select h.id, h.account_id as "accountId", h.party_id as "partyId", h.phone_id as "phoneId",
      h.kind, h.note, h.effective_at as "effectiveAt", h.lifted_at as "liftedAt"
    from holds h join accounts a on a.id = h.account_id where a.assigned_to = ${quote(agentId)} order by h.id`);
  return { accounts, holds: holds.map((h) => ({ ...h })) };
}

/** Every difference between the two portfolios, as readable lines (empty when equal). */
export function portfolioDiff(local: Portfolio, server: Portfolio): string[] {
  const out: string[] = [];
  for (const [id, a] of server.accounts) {
    const mine = local.accounts.get(id);
    if (!mine) out.push(`account ${id} assigned on the server is missing from the console`);
    else if (mine.assignedTo !== a.assignedTo || mine.teamId !== a.teamId) out.push(`account ${id}: console ${JSON.stringify(mine)}, server ${JSON.stringify(a)}`);
  }
  for (const id of local.accounts.keys()) if (!server.accounts.has(id)) out.push(`account ${id} is on the console but no longer assigned to this agent`);
  const serverHolds = new Map(server.holds.map((h) => [h.id, h]));
  const localHolds = new Map(local.holds.map((h) => [h.id, h]));
  for (const [id, h] of serverHolds) {
    const mine = localHolds.get(id);
    if (!mine) out.push(`hold ${id} (${h.kind} on ${h.accountId}, lifted ${h.liftedAt}) is missing from the console`);
    else if (JSON.stringify(mine) !== JSON.stringify(h)) out.push(`hold ${id}: console ${JSON.stringify(mine)}, server ${JSON.stringify(h)}`);
  }
  for (const [id, h] of localHolds) if (!serverHolds.has(id)) out.push(`hold ${id} (${h.kind} on ${h.accountId}) is on the console but not the server's for these accounts`);
  return out;
}

/**
 * Exactly once, in order: the server holds the device's events as the console does (same id at
 * the same seq), seqs 1..n with no gap, and its cursor for the device at n.
 */
export async function eventsDiff(database: TestDatabase, dataDir: string): Promise<string[]> {
  const deviceId = localDeviceId(dataDir);
  const local = localEvents(dataDir);
  const server = await serverEvents(database, deviceId);
  const out: string[] = [];
  if (server.length !== local.length) out.push(`the server has ${server.length} events of device ${deviceId}, the console ${local.length}`);
  const serverBySeq = new Map(server.map((e) => [e.seq, e]));
  let shown = 0;
  for (const e of local) {
    const s = serverBySeq.get(e.seq);
    if (s?.id === e.id && canonical(s.body) === canonical(e.body) && s.deviceTime === e.deviceTime) continue;
    if (shown++ < 10) out.push(`seq ${e.seq}: console ${JSON.stringify(e)}, server ${s ? JSON.stringify(s) : 'nothing'}`);
  }
  server.forEach((e, i) => {
    if (e.seq !== i + 1 && shown++ < 10) out.push(`server seq ${e.seq} at position ${i + 1}: a gap or a duplicate`);
  });
  const cursor = await serverDeviceCursor(database, deviceId);
  if (cursor !== local.length) out.push(`the server's cursor for device ${deviceId} is ${cursor}, expected ${local.length}`);
  return out;
}
