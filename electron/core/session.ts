// The signed-in session, kept in the local store so a restart does not ask again. Its token
// expires; the agent's identity for local work does not (see localSession).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Session } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { User } from '../../shared/domain/users';
import { LoginResponse } from '../../shared/sync/protocol';
import { deleteMeta, readMeta, writeMeta } from './store/meta';
import { type Fetch, requestJson } from './sync/http';

const StoredSession = z.object({ token: z.string(), expiresAt: z.string(), user: User });
export type StoredSession = z.infer<typeof StoredSession>;

const KEY = 'session';
const SECRET_KEY = 'deviceSecret';
const SECRET_FILE = 'device.secret';

/** The signed-in session while its token is still valid: what network calls use. */
export function currentSession(db: Database.Database, now: Date): StoredSession | undefined {
  const s = localSession(db);
  return s && Date.parse(s.expiresAt) > now.getTime() ? s : undefined;
}

/**
 * The agent signed in on this console, whether or not the token has expired: local work (the
 * queue, calls, visits, wrap-ups) goes on offline for days under their name, and what they log
 * waits in the outbox until they sign in again (the server's 401 clears the session).
 */
export function localSession(db: Database.Database): StoredSession | undefined {
  return readMeta(db, KEY, StoredSession);
}

export function requireSession(db: Database.Database, _now?: Date): StoredSession {
  const s = localSession(db);
  if (!s) throw new ApiError('UNAUTHORIZED', 'Not signed in: sign in to work');
  return s;
}

export function publicSession(s: StoredSession): Session {
  return { user: s.user, expiresAt: s.expiresAt };
}

/**
 * This console's device secret: 32 random bytes made once and kept in the local database's meta,
 * encrypted with it (a console from before encryption at rest kept it in `device.secret` beside
 * the database: it moves in, and the file goes). Sent at every sign-in, it binds the device id to
 * this console on the server: another console presenting the same id is refused (docs/server.md
 * "Devices"). Agents sharing a desk share it, as they share the device.
 */
export function deviceSecret(db: Database.Database): string {
  const valid = (s: string | undefined) => (s && /^[A-Za-z0-9_-]{43,128}$/.test(s) ? s : undefined);
  const kept = valid(readMeta(db, SECRET_KEY, z.string()));
  if (kept) return kept;
  const file = db.name && db.name !== ':memory:' && !db.memory ? join(dirname(db.name), SECRET_FILE) : undefined;
  const legacy = file && existsSync(file) ? valid(readFileSync(file, 'utf8').trim()) : undefined;
  const secret = legacy ?? randomBytes(32).toString('base64url');
  writeMeta(db, SECRET_KEY, secret);
  if (file) rmSync(file, { force: true });
  return secret;
}

export async function signIn(
  db: Database.Database,
  ctx: { fetch: Fetch; serverUrl: string; deviceId: string },
  credentials: { username: string; password: string },
): Promise<StoredSession> {
  const session = await login(ctx, credentials, deviceSecret(db));
  writeMeta(db, KEY, session);
  return session;
}

/** Asks the central server for a session (nothing is stored: see signIn). */
export async function login(
  ctx: { fetch: Fetch; serverUrl: string; deviceId: string },
  credentials: { username: string; password: string },
  secret: string,
): Promise<StoredSession> {
  const res = await requestJson(ctx.fetch, ctx.serverUrl, 'api/auth/login', {
    method: 'POST',
    body: { ...credentials, deviceId: ctx.deviceId, deviceSecret: secret },
    schema: LoginResponse,
  });
  return { token: res.token, expiresAt: res.expiresAt, user: res.user };
}

/** Puts a session back (a sign-in that had to be undone). */
export function storeSession(db: Database.Database, session: StoredSession): void {
  writeMeta(db, KEY, session);
}

export function forgetSession(db: Database.Database): void {
  deleteMeta(db, KEY);
}
