// The console's locks and what protects its data at rest (issue 15), kept beside contract.ts,
// which lists the methods. The core holds the lock, not the screen: every screen of a console
// (the browser shell's tabs) shows the same state, and debtor data is refused while it holds.
import { z } from 'zod';

/** Why the screen is locked: no input for the organisation's idle time, the agent's own choice, or the OS (sleep, screen lock). */
export const LockReason = z.enum(['idle', 'manual', 'system']);
export type LockReason = z.infer<typeof LockReason>;

/** The organisation's policy for consoles (defaults: 15 minutes idle, 14 days offline). */
export const ConsolePolicy = z.object({
  idleLockSeconds: z.number().int().min(10).max(24 * 3600),
  maxOfflineDays: z.number().int().min(1).max(365),
});
export type ConsolePolicy = z.infer<typeof ConsolePolicy>;
export const DEFAULT_CONSOLE_POLICY: ConsolePolicy = { idleLockSeconds: 15 * 60, maxOfflineDays: 14 };

/** Why this console's data was wiped (it cannot be used again). */
export const WipeReason = z.enum(['device_revoked', 'user_disabled']);
export type WipeReason = z.infer<typeof WipeReason>;

export const SecurityStatus = z.object({
  /** What keeps the data's key: the OS keychain (desktop app) or the agents' passwords (browser shell). */
  protection: z.enum(['keychain', 'password']),
  /** The screen is locked (null: not locked). */
  locked: LockReason.nullable(),
  /** Who unlocks it: the signed-in agent. */
  lockedFor: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  /** Debtor data is held back: the central server has not been reached for longer than the policy allows. */
  offlineTooLong: z.boolean(),
  /** The last time the central server answered a sync (null: never). */
  lastContactAt: z.iso.datetime({ offset: true }).nullable(),
  policy: ConsolePolicy,
  /** This console was wiped by order of the central server; nothing else works. */
  wiped: z.object({ reason: WipeReason, at: z.iso.datetime({ offset: true }) }).nullable(),
});
export type SecurityStatus = z.infer<typeof SecurityStatus>;

export const UnlockInput = z.object({ password: z.string().min(1).max(200) }).strict();
