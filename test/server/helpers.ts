// Shared plumbing for server tests: a real server on a fresh database of either kind (a temp
// SQLite file, or a throwaway PostgreSQL database), reached over HTTP.
import { v7 as uuidv7 } from 'uuid';
import { describe } from 'vitest';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import { LoginResponse } from '../../shared/sync/protocol';
import { type RunningServer, type ServerOptions, startServer } from '../../server/app';
import { hashPassword } from '../../server/auth/password';
import { DEMO_PASSWORD, DEMO_TEAMS } from '../../server/seed/demo';
import type { ServerStore } from '../../server/store/store';
import { PG_SKIP_BANNER, type StoreKind, TEST_DATABASE_URL, type TestDatabase, createTestDatabase } from './databases';

export { type StoreKind, type TestDatabase, createTestDatabase, tempDir } from './databases';

export const NOW = new Date('2025-06-02T01:30:00.000Z');

export const STORE_NAMES: Record<StoreKind, string> = { sqlite: 'SQLite store', postgres: 'PostgreSQL store' };

let warned = false;

/**
 * Declares the suite once per store. Without FAIRLINE_TEST_DATABASE_URL the PostgreSQL copy is
 * declared skipped under a title that says why, and a banner goes to stderr: a run that did
 * not test PostgreSQL must say so, never pass quietly.
 */
export function describeEachStore(title: string, suite: (kind: StoreKind) => void): void {
  describe(`${title} — ${STORE_NAMES.sqlite}`, () => suite('sqlite'));
  if (TEST_DATABASE_URL) {
    describe(`${title} — ${STORE_NAMES.postgres}`, () => suite('postgres'));
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(PG_SKIP_BANNER);
  }
  describe.skip(`${title} — ${STORE_NAMES.postgres} — SKIPPED: set FAIRLINE_TEST_DATABASE_URL`, () => suite('postgres'));
}

export interface TestServer extends RunningServer {
  kind: StoreKind;
  database: TestDatabase;
  stop(): Promise<void>;
}

export async function startTestServer(opts: Partial<ServerOptions> = {}, kind: StoreKind = 'sqlite'): Promise<TestServer> {
  const database = await createTestDatabase(kind);
  try {
    const server = await startServer({ ...database.location, logger: { level: 'warn' }, now: () => NOW, ...opts });
    return { ...server, kind, database, stop: async () => { await server.close(); await database.drop(); } };
  } catch (err) {
    await database.drop();
    throw err;
  }
}

export interface Reply<T = unknown> { status: number; body: T }

export async function call<T = unknown>(
  url: string, path: string, init: { method?: string; token?: string; body?: unknown; rawBody?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function login(url: string, username: string, deviceId = `device-${username}`): Promise<LoginResponse> {
  const reply = await call(url, '/api/auth/login', { body: { username, password: DEMO_PASSWORD, deviceId } });
  if (reply.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(reply.body)}`);
  return LoginResponse.parse(reply.body);
}

/** Signs each user in: their tokens and user ids by username. */
export async function loginAll<U extends string>(url: string, usernames: readonly U[]): Promise<{ tokens: Record<U, string>; ids: Record<U, string> }> {
  const tokens = {} as Record<U, string>;
  const ids = {} as Record<U, string>;
  for (const username of usernames) {
    const session = await login(url, username);
    tokens[username] = session.token;
    ids[username] = session.user.id;
  }
  return { tokens, ids };
}

/** A second team lead, `lead_us`, of the demo's US team only (the demo's `lead` leads both teams). */
export async function addUsLead(store: ServerStore): Promise<void> {
  const us = await store.findTeamByName(DEMO_TEAMS.us);
  const lead = await store.createUser({
    id: uuidv7(), username: 'lead_us', displayName: 'US Lead', role: 'team_lead', teamId: us!.id, passwordHash: await hashPassword(DEMO_PASSWORD),
  }, NOW.toISOString());
  await store.addTeamLead(lead.id, us!.id);
}

export function clientEvent(seq: number, userId: string, deviceId: string, body: EventBody = { type: 'account.viewed' }): ClientEvent {
  return { id: uuidv7(), deviceId, seq, userId, accountId: null, deviceTime: NOW.toISOString(), body };
}

export interface ErrorBody { error: { code: string; message: string; issues?: { path: string; message: string }[] } }
