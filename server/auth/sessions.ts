// Sign-in, sign-out and turning a bearer token back into a user. Errors are ApiErrors so
// every transport reports them the same way (SignInThrottled becomes a 429 in routes/auth.ts).
import { availableParallelism } from 'node:os';
import { ApiError } from '../../shared/api/errors';
import type { User } from '../../shared/domain/users';
import type { DeviceContactRequest, DeviceContactResponse, LoginRequest, LoginResponse } from '../../shared/sync/protocol';
import type { ServerStore } from '../store/store';
import { HashSlots } from './hash-slots';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { type Lock, SignInThrottle, SignInThrottled, type ThrottleConfig } from './throttle';
import { hashToken, newToken } from './tokens';

export interface AuthContext { user: User; deviceId: string; expiresAt: string; tokenHash: string; deviceBound: boolean }

/** Sign-in protection: throttle limits (throttle.ts) and how many password hashes may run at once. */
export interface SignInOptions extends ThrottleConfig {
  /** Password hashes running at once, server-wide (default: all cores but one, at least one). */
  hashSlots: number;
  /** Sign-ins waiting for a slot before more are turned away with 429. */
  hashQueue: number;
}

export interface AuthOptions {
  store: ServerStore;
  now: () => Date;
  tokenTtlMs: number;
  signIn?: Partial<SignInOptions>;
  /** Where failures that must not fail the sign-in (a security event not written) are reported. */
  onError?: (err: unknown, what: string) => void;
}

const DEVICE_REFUSED = 'This device id is registered to another console. Sign-in from this copy of Fairline is refused: ask an administrator to reset the device, or reinstall the console to get a new device id';
const DEVICE_REVOKED = 'This device was revoked by an administrator: ask them to reset it before signing in here';
const DISABLED = 'This account is disabled: ask an administrator';
const DEVICE_UNPROVEN = 'This console cannot prove it is that device';
/** How long a revoked console's hand-in session lasts: enough to send a day's events and recordings. */
export const HAND_IN_TTL_MS = 30 * 60_000;

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

  private readonly throttle: SignInThrottle;
  private readonly slots: HashSlots;

  constructor(private readonly opts: AuthOptions) {
    this.throttle = new SignInThrottle(opts.signIn ?? {}, (lock) => this.locked(lock));
    this.slots = new HashSlots(opts.signIn?.hashSlots ?? Math.max(1, availableParallelism() - 1), opts.signIn?.hashQueue ?? 32);
  }

  /**
   * Signs in from `address` (the client's IP as Fastify sees it). Throws SignInThrottled (429)
   * while the account or address is locked or too many sign-ins wait for a hash slot, without
   * running scrypt; else ApiError UNAUTHORIZED for a wrong username or password (the same answer
   * and the same cost for both), FORBIDDEN for a disabled account or a device that is not this
   * console's.
   */
  async login(req: LoginRequest, address: string): Promise<LoginResponse> {
    const { store, now, tokenTtlMs } = this.opts;
    await this.throttle.charge(req.username, address);
    const checked = await this.slots.run(async () => {
      const found = await store.findUserByUsername(req.username);
      const ok = await verifyPassword(req.password, found?.passwordHash ?? await (this.decoy ??= hashPassword(newToken())));
      return { found, ok };
    });
    if (!checked) throw new SignInThrottled('busy', 2);
    const { found, ok } = checked.value;
    if (!found || !ok) throw new ApiError('UNAUTHORIZED', WRONG_CREDENTIALS);
    await this.throttle.succeeded(req.username, address);

    const at = now();
    if (found.disabledAt) {
      await this.event({ at: at.toISOString(), kind: 'login.disabled', userId: found.id, username: found.username, deviceId: req.deviceId, address, detail: {} });
      throw new ApiError('FORBIDDEN', DISABLED);
    }
    // Upgraded transparently: the password is at hand only now.
    if (needsRehash(found.passwordHash)) await store.security.setPasswordHash(found.id, await hashPassword(req.password));

    const secretHash = req.deviceSecret ? hashToken(req.deviceSecret) : undefined;
    const device = await store.signInDevice(req.deviceId, found.id, secretHash, at.toISOString());
    if (device === 'mismatch' || device === 'revoked') {
      await this.event({ at: at.toISOString(), kind: 'device.refused', userId: found.id, username: found.username, deviceId: req.deviceId, address, detail: { reason: device } });
      throw new ApiError('FORBIDDEN', device === 'mismatch' ? DEVICE_REFUSED : DEVICE_REVOKED);
    }
    const token = newToken();
    const expiresAt = new Date(at.getTime() + tokenTtlMs).toISOString();
    await store.deleteExpiredSessions(found.id, at.toISOString());
    await store.createSession({
      tokenHash: hashToken(token), userId: found.id, deviceId: req.deviceId, createdAt: at.toISOString(), expiresAt,
      deviceBound: device !== 'unproven', address,
    });
    const { passwordHash: _secret, disabledAt: _disabled, ...user } = found;
    return { token, expiresAt, user };
  }

  private locked(lock: Lock): void {
    void this.event({
      at: this.opts.now().toISOString(), kind: 'login.locked',
      ...(lock.scope === 'account' ? { username: lock.key } : { address: lock.key }),
      detail: { scope: lock.scope, seconds: lock.seconds, lockNumber: lock.lockNumber },
    }, true);
  }

  /** Records a security event; a lockout's username is resolved to the user so their lead sees it. */
  private async event(event: Parameters<ServerStore['security']['record']>[0], resolveUser = false): Promise<void> {
    try {
      if (resolveUser && event.username && !event.userId) {
        const user = await this.opts.store.findUserByUsername(event.username);
        if (user) event = { ...event, userId: user.id, username: user.username };
      }
      await this.opts.store.security.record(event);
    } catch (err) {
      this.opts.onError?.(err, 'security event not recorded');
    }
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
    const { user } = session;
    if (!user) throw new ApiError('UNAUTHORIZED', NOT_SIGNED_IN);
    const context = { user, deviceId: session.deviceId, expiresAt: session.expiresAt, tokenHash, deviceBound: session.deviceBound !== false };
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

  /**
   * A console's contact proven by its device secret (revoke and wipe, docs/server.md "Devices"):
   * whether it must wipe, and while it has not said it did, a hand-in session of the device's user
   * (HAND_IN_TTL_MS) to send what it had not sent. FORBIDDEN when the secret is not the device's.
   */
  async deviceContact(req: DeviceContactRequest, address: string): Promise<DeviceContactResponse> {
    const order = await this.opts.store.security.wipeOrder(req.deviceId, hashToken(req.deviceSecret));
    if (!order) throw new ApiError('FORBIDDEN', DEVICE_UNPROVEN);
    if (!order.wipe) return { wipe: null };
    const at = this.opts.now();
    const reason = order.wipe.reason === 'user_disabled' ? 'user_disabled' as const : 'device_revoked' as const;
    let handIn: { token: string; expiresAt: string } | null = null;
    if (order.wipe.handInUserId) {
      const token = newToken();
      const expiresAt = new Date(at.getTime() + HAND_IN_TTL_MS).toISOString();
      await this.opts.store.createSession({
        tokenHash: hashToken(token), userId: order.wipe.handInUserId, deviceId: req.deviceId, createdAt: at.toISOString(), expiresAt, deviceBound: true, address,
      });
      handIn = { token, expiresAt };
    }
    await this.event({ at: at.toISOString(), kind: 'device.hand_in', userId: order.wipe.handInUserId, deviceId: req.deviceId, address, detail: { reason, session: handIn !== null } });
    return { wipe: { reason, at: order.wipe.at, handIn } };
  }

  /** The console says it wiped itself: the device is revoked outright. */
  async deviceWiped(req: DeviceContactRequest, address: string): Promise<void> {
    const order = await this.opts.store.security.wipeOrder(req.deviceId, hashToken(req.deviceSecret));
    if (!order) throw new ApiError('FORBIDDEN', DEVICE_UNPROVEN);
    if (!order.wipe) throw new ApiError('VALIDATION', `Device ${req.deviceId} was not asked to wipe itself`);
    const at = this.opts.now().toISOString();
    await this.opts.store.security.markWiped(req.deviceId, at);
    for (const [hash, entry] of this.cache) if (entry.context.deviceId === req.deviceId) this.cache.delete(hash);
    await this.event({ at, kind: 'device.wiped', deviceId: req.deviceId, address, detail: {} });
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
