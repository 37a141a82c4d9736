// The signed-in session, kept in the local store so a restart does not ask again. Its token
// expires; the agent's identity for local work does not (see localSession).
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

export async function signIn(
  db: Database.Database,
  ctx: { fetch: Fetch; serverUrl: string; deviceId: string },
  credentials: { username: string; password: string },
): Promise<StoredSession> {
  const res = await requestJson(ctx.fetch, ctx.serverUrl, 'api/auth/login', {
    method: 'POST',
    body: { ...credentials, deviceId: ctx.deviceId },
    schema: LoginResponse,
  });
  const session: StoredSession = { token: res.token, expiresAt: res.expiresAt, user: res.user };
  writeMeta(db, KEY, session);
  return session;
}

/** Puts a session back (a sign-in that had to be undone). */
export function storeSession(db: Database.Database, session: StoredSession): void {
  writeMeta(db, KEY, session);
}

export function forgetSession(db: Database.Database): void {
  deleteMeta(db, KEY);
}
