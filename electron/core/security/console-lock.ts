// The console's screen lock and its offline limit, held by the core so every screen (each tab of
// the browser shell) sees the same state, and a restart does not undo a lock (it is kept in the
// encrypted database).
//
// - Idle: no input reported for the organisation's idle time (default 15 minutes) locks the
//   screen. The agent unlocks with their password, checked against the local verifier (their
//   password slot, or a scrypt verifier in the database with the OS keychain), so it works
//   offline. A live call and the work in progress are left as they are: the renderer keeps its
//   state and only hides it.
// - Offline too long: no answer from the central server for longer than the policy (default 14
//   days) holds debtor data back until a sync gets through; events are kept and go up then.
// Either way the methods that return debtor data are refused (guardDebtorData); locking and
// unlocking are events in the log.
import { z } from 'zod';
import type { Handlers, MethodName } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { type ConsolePolicy, DEFAULT_CONSOLE_POLICY, type LockReason } from '../../../shared/api/security';
import type { EventBody } from '../../../shared/domain/events';

export const LOCK_META = 'security.lock';
export const StoredLock = z.object({ reason: z.enum(['idle', 'manual', 'system']), at: z.string(), failedAttempts: z.number().int().min(0).default(0) });
export type StoredLock = z.infer<typeof StoredLock>;

/** After this many wrong passwords in a row the lock asks for a full sign-in (the server's check). */
export const MAX_FAILED_UNLOCKS = 10;

export interface ConsoleLockDeps {
  now: () => Date;
  policy: () => ConsolePolicy;
  /** The lock kept in the database (null: none; no database open: nothing kept). */
  read: () => StoredLock | null;
  write: (lock: StoredLock | null) => void;
  /** Whether an agent is signed in (nothing to lock otherwise). */
  signedIn: () => boolean;
  /** The signed-in agent's password, checked locally. */
  verify: (password: string) => Promise<boolean>;
  /** When the central server last answered a sync (ISO), null if never. */
  lastContactAt: () => string | null;
  log: (body: EventBody) => void;
}

export class ConsoleLock {
  private lastInput: number;

  constructor(private readonly deps: ConsoleLockDeps) {
    this.lastInput = deps.now().getTime();
  }

  /** The lock in force (the idle one is taken when its time has come). */
  current(): LockReason | null {
    if (!this.deps.signedIn()) return null;
    const kept = this.deps.read();
    if (kept) return kept.reason;
    const idleMs = this.deps.policy().idleLockSeconds * 1000;
    if (this.deps.now().getTime() - this.lastInput >= idleMs) {
      this.lock('idle');
      return 'idle';
    }
    return null;
  }

  /** Input on a screen: the idle time starts again (a locked screen stays locked). */
  activity(): void {
    if (!this.deps.read()) this.lastInput = this.deps.now().getTime();
  }

  lock(reason: LockReason): void {
    if (!this.deps.signedIn() || this.deps.read()) return;
    this.deps.write({ reason, at: this.deps.now().toISOString(), failedAttempts: 0 });
    this.deps.log({ type: 'console.locked', reason });
  }

  /** Unlocks with the agent's password; VALIDATION (path `password`) when it is wrong, FORBIDDEN after too many. */
  async unlock(password: string): Promise<void> {
    const kept = this.deps.read();
    if (!kept) return;
    if (kept.failedAttempts >= MAX_FAILED_UNLOCKS) {
      throw new ApiError('FORBIDDEN', `${kept.failedAttempts} wrong passwords: sign out and sign in again`);
    }
    if (!(await this.deps.verify(password))) {
      const latest = this.deps.read() ?? kept;
      this.deps.write({ ...latest, failedAttempts: latest.failedAttempts + 1 });
      // Not UNAUTHORIZED: the session is fine (the renderer signs out on that code), only the password is wrong.
      throw new ApiError('VALIDATION', 'Wrong password', [{ path: 'password', message: 'Wrong password' }]);
    }
    const latest = this.deps.read() ?? kept;
    this.deps.write(null);
    this.lastInput = this.deps.now().getTime();
    this.deps.log({ type: 'console.unlocked', failedAttempts: latest.failedAttempts });
  }

  /** Signing in again ends any lock (the server checked the password). */
  clear(): void {
    this.deps.write(null);
    this.lastInput = this.deps.now().getTime();
  }

  /** Whether the central server has been out of reach for longer than the policy allows. */
  offlineTooLong(): boolean {
    if (!this.deps.signedIn()) return false;
    const last = this.deps.lastContactAt();
    if (!last) return false; // never synced: a first pull is what brings debtor data at all
    return this.deps.now().getTime() - Date.parse(last) > this.deps.policy().maxOfflineDays * 86_400_000;
  }
}

/** The methods whose answers carry debtor data (names, numbers, notes, recordings, addresses). */
export const DEBTOR_DATA_METHODS = [
  'queue.page', 'queue.next', 'queue.explain', 'account.get', 'phone.lookup', 'script.forAccount', 'wrapup.draft',
  'visits.route', 'recording.get', 'review.calls', 'review.call', 'review.recording', 'board.snapshot', 'board.figures',
  'compliance.gate', 'messages.catalogue', 'messages.preview', 'messages.send', 'messages.account', 'letters.issue', 'letters.account', 'letters.pdf',
] as const satisfies readonly MethodName[];

/** Wraps the handlers so those returning debtor data are refused while the console is locked. */
export function guardDebtorData(handlers: Handlers, refusal: () => ApiError | null): Handlers {
  const guarded = { ...handlers } as Record<MethodName, (input: never) => Promise<unknown>>;
  for (const name of DEBTOR_DATA_METHODS) {
    const inner = handlers[name] as (input: never) => Promise<unknown>;
    guarded[name] = async (input: never) => {
      const refused = refusal();
      if (refused) throw refused;
      return inner(input);
    };
  }
  return guarded as Handlers;
}

export { DEFAULT_CONSOLE_POLICY };
