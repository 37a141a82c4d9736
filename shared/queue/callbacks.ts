// "My callbacks": every callback the agent scheduled, with its state now. Pure: the core passes
// the agent's events (oldest first) and the clock.
//
// A callback is done once the account is called (or a contact logged) from 15 minutes before its
// time on; replaced when a later wrap-up on the account schedules another; missed once 15 minutes
// past its time with no call; due from 10 minutes before its time (the reminder) until then.
import { z } from 'zod';

export const REMIND_BEFORE_MS = 10 * 60_000;
export const GRACE_MS = 15 * 60_000;

export const CallbackStatus = z.enum(['upcoming', 'due', 'missed', 'done', 'replaced']);
export type CallbackStatus = z.infer<typeof CallbackStatus>;

export const MyCallback = z.object({
  id: z.string(),
  accountId: z.string(),
  debtorName: z.string(),
  ref: z.string(),
  /** When to call (ISO instant). */
  at: z.iso.datetime({ offset: true }),
  /** The debtor's zone, to show the time as the debtor will read it. */
  debtorZone: z.string(),
  owner: z.enum(['agent', 'team']),
  status: CallbackStatus,
  /** When the account was called for it (done only). */
  calledAt: z.iso.datetime({ offset: true }).nullable(),
});
export type MyCallback = z.infer<typeof MyCallback>;

/** The events the list needs, as the core reads them from its log. */
export type CallbackEvent =
  | { kind: 'scheduled'; accountId: string; loggedAt: string; callback: { id: string; at: string; owner: 'agent' | 'team' } }
  | { kind: 'contact'; accountId: string; at: string };

export interface CallbackState {
  id: string;
  accountId: string;
  at: string;
  owner: 'agent' | 'team';
  status: CallbackStatus;
  calledAt: string | null;
}

/** Each callback's state at `now`, soonest first. `events` oldest first. */
export function callbackStates(events: readonly CallbackEvent[], now: number): CallbackState[] {
  const states: CallbackState[] = [];
  const open = new Map<string, CallbackState>(); // the live callback per account
  for (const e of events) {
    const current = open.get(e.accountId);
    if (e.kind === 'contact') {
      if (current && Date.parse(e.at) >= Date.parse(current.at) - GRACE_MS) {
        current.status = 'done';
        current.calledAt = e.at;
        open.delete(e.accountId);
      }
      continue;
    }
    if (current) {
      current.status = 'replaced';
      open.delete(e.accountId);
    }
    const s: CallbackState = { id: e.callback.id, accountId: e.accountId, at: e.callback.at, owner: e.callback.owner, status: 'upcoming', calledAt: null };
    states.push(s);
    open.set(e.accountId, s);
  }
  for (const s of open.values()) {
    const at = Date.parse(s.at);
    s.status = now > at + GRACE_MS ? 'missed' : now >= at - REMIND_BEFORE_MS ? 'due' : 'upcoming';
  }
  return states.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
