// The queue as a whole: how many accounts are workable now and, when none is, why and when the
// first one opens, with the zone each time is in (the rule's zone, the debtor's, the agent's).
import { z } from 'zod';
import type { Weekday } from '../compliance/facts';
import type { WindowRule } from '../compliance/pack';
import type { BlockedAccount } from './ranking';

export const QueueOpening = z.object({
  /** When the first blocked account becomes workable (ISO time). */
  at: z.iso.datetime({ offset: true }),
  /** The rule or hold that keeps it out until then (a rule id such as cn.quiet_hours). */
  reason: z.string(),
  /** The zone the rule reads its hours in (the rule's own, else the debtor's). */
  timeZone: z.string(),
  /** The calling window on that day in `timeZone`, when the reason is a window rule. */
  window: z.object({ from: z.string().regex(/^\d\d:\d\d$/), to: z.string().regex(/^\d\d:\d\d$/) }).nullable(),
  /** How many accounts open at that same time. */
  accounts: z.number().int().nonnegative(),
});
export type QueueOpening = z.infer<typeof QueueOpening>;

export const QueueSummary = z.object({
  total: z.number().int().nonnegative(),
  workable: z.number().int().nonnegative(),
  /** Accounts kept out by a hold until it is lifted (no time to wait for). */
  onHold: z.number().int().nonnegative(),
  /** The first account to open (null when some are workable now, or every blocked one is on hold). */
  firstOpening: QueueOpening.nullable(),
});
export type QueueSummary = z.infer<typeof QueueSummary>;

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The weekday of an instant in a zone ('mon'…). */
export function weekdayIn(at: Date, timeZone: string): Weekday {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(at).toLowerCase().slice(0, 3);
  return WEEKDAYS.find((d) => d === name) ?? 'mon';
}

/**
 * The window of `rule` that opens at `at` (or the day's first one), in the rule's zone or the
 * debtor's: what "calling hours 08:00–22:00" shows.
 */
export function windowAt(rule: WindowRule, at: Date, debtorZone: string): { timeZone: string; window: { from: string; to: string } | null } {
  const timeZone = rule.zone ?? debtorZone;
  const ranges = rule.weekly[weekdayIn(at, timeZone)] ?? [];
  const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  const range = ranges.find(([from]) => from === hhmm) ?? ranges[0];
  return { timeZone, window: range ? { from: range[0], to: range[1] } : null };
}

/**
 * The summary from the ranking's counts and its blocked accounts, soonest first (the head is
 * enough: accounts on hold sort last). `zoneOf` is the debtor's zone, `rules` the window rules
 * of every pack in force.
 */
export function summarise(
  counts: { total: number; workable: number },
  blockedSoonestFirst: readonly BlockedAccount[],
  onHold: number,
  zoneOf: (accountId: string) => string | null,
  rules: readonly WindowRule[],
  /** How many open with the first (counted by the ranking); counted in the head when absent. */
  openingFirst?: number,
): QueueSummary {
  const first = counts.workable === 0 ? blockedSoonestFirst.find((b) => b.until !== 'never') : undefined;
  if (!first || first.until === 'never') return { ...counts, onHold, firstOpening: null };
  const at = new Date(first.until);
  const debtorZone = zoneOf(first.accountId) ?? 'UTC';
  const rule = rules.find((r) => r.id === first.reason);
  const { timeZone, window } = rule ? windowAt(rule, at, debtorZone) : { timeZone: debtorZone, window: null };
  const accounts = openingFirst ?? blockedSoonestFirst.filter((b) => b.until === first.until).length;
  return { ...counts, onHold, firstOpening: { at: first.until, reason: first.reason, timeZone, window, accounts } };
}
