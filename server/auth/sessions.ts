// Sign-in, sign-out and turning a bearer token back into a user. Errors are ApiErrors so
// every transport reports them the same way.
import { ApiError } from '../../shared/api/errors';
import type { User } from '../../shared/domain/users';
import type { LoginRequest, LoginResponse } from '../../shared/sync/protocol';
import type { ServerStore } from '../store/store';
import { hashPassword, verifyPassword } from './password';
import { hashToken, newToken } from './tokens';

export interface AuthContext { user: User; deviceId: string; expiresAt: string; tokenHash: string }

export interface AuthOptions { store: ServerStore; now: () => Date; tokenTtlMs: number }

const WRONG_CREDENTIALS = 'Wrong username or password';
const NOT_SIGNED_IN = 'Not signed in';
const EXPIRED = 'Session expired, sign in again';

/**
 * How long a session found in the store is trusted without asking again. Every sync request
 * authenticates, and two queries per request were a large part of a loaded server's work.
 * Sessions end only by expiry (checked on every request, cached or not) and by sign-out, which
 * forgets the cached entry on this instance; on another instance sharing the database the
 * signed-out token may still pass for this long.
 */
const SESSION_CACHE_MS = 5_000;
/** Cached sessions kept at most (one per signed-in console; expired entries go first). */
const SESSION_CACHE_SIZE = 10_000;

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

export class Auth {
  // Verified against when the username is unknown, so both failures cost one scrypt run and
  // response time does not reveal which usernames exist.
  private decoy: Promise<string> | undefined;
  private readonly cache = new Map<string, { context: AuthContext; until: number }>();

  constructor(private readonly opts: AuthOptions) {}

  async login(req: LoginRequest): Promise<LoginResponse> {
    const { store, now, tokenTtlMs } = this.opts;
    const found = await store.findUserByUsername(req.username);
    const ok = await verifyPassword(req.password, found?.passwordHash ?? await (this.decoy ??= hashPassword(newToken())));
    if (!found || !ok) throw new ApiError('UNAUTHORIZED', WRONG_CREDENTIALS);

    const at = now();
    const token = newToken();
    const expiresAt = new Date(at.getTime() + tokenTtlMs).toISOString();
    await store.deleteExpiredSessions(found.id, at.toISOString());
    await store.touchDevice(req.deviceId, found.id, at.toISOString());
    await store.createSession({
      tokenHash: hashToken(token), userId: found.id, deviceId: req.deviceId, createdAt: at.toISOString(), expiresAt,
    });
    const { passwordHash: _secret, ...user } = found;
    return { token, expiresAt, user };
  }

  async authenticate(authorization: string | undefined): Promise<AuthContext> {
    const token = bearerToken(authorization);
    if (!token) throw new ApiError('UNAUTHORIZED', NOT_SIGNED_IN);
    const tokenHash = hashToken(token);
    // The cache's age is real time: the server's `now` may be a fixed or training clock.
    const realMs = Date.now();
    const cached = this.cache.get(tokenHash);
    if (cached && realMs < cached.until && Date.parse(cached.context.expiresAt) > this.opts.now().getTime()) return cached.context;
    this.cache.delete(tokenHash);
    const session = await this.opts.store.findSession(tokenHash);
    if (!session) throw new ApiError('UNAUTHORIZED', NOT_SIGNED_IN);
    if (Date.parse(session.expiresAt) <= this.opts.now().getTime()) {
      await this.opts.store.deleteSession(tokenHash);
      throw new ApiError('UNAUTHORIZED', EXPIRED);
    }
    const user = await this.opts.store.getUser(session.userId);
    if (!user) throw new ApiError('UNAUTHORIZED', NOT_SIGNED_IN);
    const context = { user, deviceId: session.deviceId, expiresAt: session.expiresAt, tokenHash };
    this.remember(context, realMs);
    return context;
  }

  private remember(context: AuthContext, realMs: number): void {
    if (this.cache.size >= SESSION_CACHE_SIZE) {
      for (const [hash, entry] of this.cache) if (entry.until <= realMs) this.cache.delete(hash);
      if (this.cache.size >= SESSION_CACHE_SIZE) this.cache.clear();
    }
    this.cache.set(context.tokenHash, { context, until: realMs + SESSION_CACHE_MS });
  }

  /** Ends the session if the token names one; signing out twice or after expiry is fine. */
  async logout(authorization: string | undefined): Promise<void> {
    const token = bearerToken(authorization);
    if (!token) throw new ApiError('UNAUTHORIZED', NOT_SIGNED_IN);
    const tokenHash = hashToken(token);
    this.cache.delete(tokenHash);
    await this.opts.store.deleteSession(tokenHash);
    this.cache.delete(tokenHash); // a request authenticated meanwhile may have cached it again
  }
}
