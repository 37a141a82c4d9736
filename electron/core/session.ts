// The signed-in session, kept in the local store so a restart does not ask again until the
// token expires.
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

export function currentSession(db: Database.Database, now: Date): StoredSession | undefined {
  const s = readMeta(db, KEY, StoredSession);
  if (!s) return undefined;
  if (Date.parse(s.expiresAt) <= now.getTime()) {
    deleteMeta(db, KEY);
    return undefined;
  }
  return s;
}

export function requireSession(db: Database.Database, now: Date): StoredSession {
  const s = currentSession(db, now);
  if (!s) throw new ApiError('UNAUTHORIZED', 'Not signed in, or the session expired: sign in again');
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

export function forgetSession(db: Database.Database): void {
  deleteMeta(db, KEY);
}
