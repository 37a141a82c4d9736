// Sign-in throttling, per account and per client address (OWASP ASVS 2.2.1), on
// rate-limiter-flexible's in-memory limiters.
//
// Every attempt is charged *before* its password is checked, so 200 guesses sent at once are
// charged 200 times while the first few are still hashing: past the limit they are turned away
// at once, without running scrypt. A successful sign-in gives its charge back (the account's
// count is cleared, the address gets its point back), so only failures add up: a call centre
// signing in its agents from behind one NAT address is not throttled by its own successes.
//
// Past the limit a key is locked, for `lockSeconds` the first time and twice as long each
// time it is locked again within a day (exponential backoff, capped). Each lock is reported
// (onLocked) so it becomes a security event leads and admins see.
//
// The counts live in this process: behind a load balancer with k instances an attacker gets up
// to k times the attempts; lockout events are shared through the database all the same.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface ThrottleConfig {
  /** Failed (or unfinished) sign-ins per account within `windowSeconds` before it is locked. */
  accountAttempts: number;
  /** The same per client address, across accounts. */
  addressAttempts: number;
  windowSeconds: number;
  /** The first lock's length; doubled at each further lock within a day, up to maxLockSeconds. */
  lockSeconds: number;
  maxLockSeconds: number;
}

export const DEFAULT_THROTTLE: Readonly<ThrottleConfig> = Object.freeze({
  accountAttempts: 5,
  addressAttempts: 50,
  windowSeconds: 15 * 60,
  lockSeconds: 60,
  maxLockSeconds: 60 * 60,
});

export type ThrottleScope = 'account' | 'address';

export interface Lock { scope: ThrottleScope; key: string; seconds: number; lockNumber: number }

/** Thrown when a sign-in is refused unchecked: the caller answers 429 with Retry-After. */
export class SignInThrottled extends Error {
  constructor(readonly scope: ThrottleScope | 'busy', readonly retryAfterSeconds: number) {
    super(scope === 'busy'
      ? `The server is busy checking other sign-ins: try again in ${retryAfterSeconds} s`
      : `Too many failed sign-ins ${scope === 'account' ? 'for this account' : 'from this address'}: try again in ${retryAfterSeconds} s`);
    this.name = 'SignInThrottled';
  }
}

/** How accounts are counted: one key whatever the case or Unicode form the username was typed in. */
export function accountKey(username: string): string {
  return username.normalize('NFC').toLowerCase();
}

export class SignInThrottle {
  private readonly config: ThrottleConfig;
  private readonly limiters: Record<ThrottleScope, RateLimiterMemory>;
  /** How many times each key was locked in the last day: the exponent of its next lock. */
  private readonly locks: RateLimiterMemory;

  constructor(config: Partial<ThrottleConfig>, private readonly onLocked: (lock: Lock) => void) {
    this.config = { ...DEFAULT_THROTTLE, ...config };
    this.limiters = {
      account: new RateLimiterMemory({ keyPrefix: 'account', points: this.config.accountAttempts, duration: this.config.windowSeconds }),
      address: new RateLimiterMemory({ keyPrefix: 'address', points: this.config.addressAttempts, duration: this.config.windowSeconds }),
    };
    this.locks = new RateLimiterMemory({ keyPrefix: 'locks', points: Number.MAX_SAFE_INTEGER, duration: 24 * 60 * 60 });
  }

  /** Charges an attempt to the account and the address; throws SignInThrottled while either is locked. */
  async charge(username: string, address: string): Promise<void> {
    await this.chargeOne('account', accountKey(username));
    await this.chargeOne('address', address);
  }

  /** A correct password: the account's failures are forgotten and the address gets its point back. */
  async succeeded(username: string, address: string): Promise<void> {
    await this.limiters.account.delete(accountKey(username));
    await this.locks.delete(`account:${accountKey(username)}`);
    await this.limiters.address.reward(address, 1);
  }

  private async chargeOne(scope: ThrottleScope, key: string): Promise<void> {
    const limiter = this.limiters[scope];
    try {
      await limiter.consume(key);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const points = scope === 'account' ? this.config.accountAttempts : this.config.addressAttempts;
      // The first attempt past the limit locks the key; later ones find it locked.
      if (res.consumedPoints !== points + 1) throw new SignInThrottled(scope, Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      const lockNumber = (await this.locks.consume(`${scope}:${key}`)).consumedPoints;
      const seconds = Math.min(this.config.maxLockSeconds, this.config.lockSeconds * 2 ** (lockNumber - 1));
      await limiter.block(key, seconds);
      this.onLocked({ scope, key, seconds, lockNumber });
      throw new SignInThrottled(scope, seconds);
    }
  }
}
