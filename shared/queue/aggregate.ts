// What the queue keeps per account, folded from the portfolio and the history one event at a
// time, so a new event costs O(1) (the per-account lists are a handful of promises and
// callbacks) instead of a rescan of a million events.
//
// The fold is order-independent: history arrives by sync out of order (another agent's call
// from this morning after our own from a minute ago), so every field is a max, a min, a count
// or a small keyed set whose merge is commutative (a resolved promise beats a pending one, a
// cancelled callback beats a scheduled one). Counts are not idempotent: the caller folds each
// event id once (the local store knows, because the insert either happened or was ignored).
//
// Times are epoch milliseconds and dates are day numbers (days since 1970-01-01) in the
// aggregate, so scoring 100k accounts parses nothing; parts convert back to ISO for display.
import { z } from 'zod';
import { DAY, HOUR, isoDateToDay, localDay, offsetAt, type DayNumber } from '../compliance/time';
import type { Account, Currency, Debt, HistoryEntry } from '../domain/portfolio';
import { Stage } from '../domain/portfolio';

export type PromiseStatus = 'pending' | 'kept' | 'broken';

/** One promise to pay, keyed by (due day, amount): the entries that recorded it and resolved it merge here. */
export interface PromiseState {
  dueDay: DayNumber;
  amountMinor: number;
  /** Earliest time any entry mentioned it: a payment at or after this keeps a pending promise. */
  madeAt: number;
  status: PromiseStatus;
  /** Time of the latest kept/broken entry (the latest resolution wins); null while pending. */
  resolvedAt: number | null;
  /** The debtor's local day of `resolvedAt` (a break recorded early counts from that day). */
  resolvedDay: DayNumber | null;
}

/** A callback the agent scheduled; `at` is null when only its cancellation has arrived so far. */
export interface CallbackState {
  id: string;
  at: number | null;
  cancelled: boolean;
}

/**
 * A time the account may not be worked, set by the core from the compliance gate: a hold
 * (from now, until lifted), a calling window closing tonight and opening tomorrow, a cap
 * reached until midnight. Giving the ranking the coming intervals (not just "blocked now")
 * lets accounts leave and return on time without re-running the gate for 100k accounts.
 */
export interface Block {
  /** Start (epoch ms); null = already in force. */
  from: number | null;
  /** End (epoch ms); null = until lifted ("never" for the queue). */
  until: number | null;
  /** What the console shows beside the return time: a compliance rule id or a hold kind. */
  reason: string;
}

const NO_BLOCKS: readonly Block[] = Object.freeze([]);
const NO_PROMISES: readonly PromiseState[] = Object.freeze([]);
const NO_CALLBACKS: readonly CallbackState[] = Object.freeze([]);

/** A block as the core gives it: ISO times; `until` 'never' for a hold. */
export const BlockInput = z.object({
  from: z.iso.datetime({ offset: true }).nullable().optional(),
  until: z.union([z.iso.datetime({ offset: true }), z.literal('never')]),
  reason: z.string(),
}).strict();
export type BlockInput = z.infer<typeof BlockInput>;

/** Hours of the day: calls are counted by the debtor's local hour. */
export const CALL_BUCKETS = 24;
/** An hour's value in `byHour`: `calls + ANSWERED_UNIT * answered`, each count saturating at ANSWERED_UNIT - 1. */
export const ANSWERED_UNIT = 32_768;
const MAX_COUNT = ANSWERED_UNIT - 1;
/** The hours of every account not called yet (never mutated: `byHour` is replaced on change). */
const NO_CALLS: readonly number[] = [];

/** The packed value of hour `h` in `byHour` (0: no call at that hour). */
function hourValue(byHour: readonly number[], h: number): number {
  for (let i = 0; i < byHour.length; i += 2) if (byHour[i] === h) return byHour[i + 1]!;
  return 0;
}

/** Calls placed and answered at the debtor's local hour `h`. */
export function callsAt(agg: AccountAggregate, h: number): { calls: number; answered: number } {
  const v = hourValue(agg.byHour, h);
  return { calls: v % ANSWERED_UNIT, answered: Math.floor(v / ANSWERED_UNIT) };
}

/**
 * `byHour` with hour `h` set to `value`: a new list (lists are shared, so never mutated), its
 * pairs in hour order, so the same calls give the same list whatever order they arrived in.
 */
function withHour(byHour: readonly number[], h: number, value: number): number[] {
  const next = byHour.slice();
  let i = 0;
  while (i < next.length && next[i]! < h) i += 2;
  if (next[i] === h) next[i + 1] = value;
  else next.splice(i, 0, h, value);
  return next;
}

export interface AccountAggregate {
  accountId: string;
  /** IANA zone of the debtor (Account.timeZone): the local hour and local day are theirs. */
  timeZone: string;
  currency: Currency;
  /** The most advanced stage among open debts (of all debts when none is open). */
  stage: Stage;
  /** Day number of the oldest due date among debts with a balance; null when nothing is owed. */
  oldestDueDay: DayNumber | null;
  balanceMinor: number;
  /** Sorted by (due day, amount). Lists are replaced on change, never mutated in place (empty ones are shared). */
  promises: readonly PromiseState[];
  lastPaymentAt: number | null;
  /** Sorted by id; replaced on change like `promises`. */
  callbacks: readonly CallbackState[];
  /** Latest call or visit, by anyone (central history or this device). */
  lastAttemptAt: number | null;
  /**
   * Calls by the debtor's local hour, as pairs `[hour, value, hour, value, …]` for the hours
   * with any call, each value packing calls and answered calls (see ANSWERED_UNIT, callsAt;
   * hourValue reads one). Most accounts have been called at a few hours: 24 slots per account
   * were 240 bytes, about 17 MB of a 100k portfolio's ranking; two hours take 80 bytes.
   * Replaced on change, never mutated; accounts never called share one empty list.
   */
  byHour: readonly number[];
  callsTotal: number;
  answeredTotal: number;
  /** Sorted by start ("already" first); the ranking merges overlapping and touching ones. Replaced, never mutated (lists are shared). */
  blocks: readonly Block[];
}

/** History as the queue reads it: a central HistoryEntry fits, and so does a local attempt mapped to one. */
export type QueueHistoryInput = Pick<HistoryEntry, 'at' | 'kind' | 'result' | 'amountMinor' | 'dueDate'>;

/** A callback scheduled (or cancelled) in the wrap-up; the core maps its local event to this. */
export const CallbackEntry = z.object({
  id: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  status: z.enum(['scheduled', 'cancelled']),
}).strict();
export type CallbackEntry = z.infer<typeof CallbackEntry>;

/** Call results that say whether the debtor picks up at that hour (a failed dial says nothing). */
const REACH_RESULTS: ReadonlySet<string> = new Set(['answered', 'no_answer', 'busy', 'voicemail']);
const STAGE_ORDER: readonly Stage[] = Stage.options;

type DebtFields = Pick<Debt, 'balanceMinor' | 'dueDate' | 'stage'>;

/** A fresh aggregate for an account with no history folded in yet. */
export function createAggregate(account: Pick<Account, 'id' | 'timeZone' | 'currency'>, debts: readonly DebtFields[]): AccountAggregate {
  const agg: AccountAggregate = {
    accountId: account.id,
    timeZone: account.timeZone,
    currency: account.currency,
    stage: 'reminder',
    oldestDueDay: null,
    balanceMinor: 0,
    promises: NO_PROMISES,
    lastPaymentAt: null,
    callbacks: NO_CALLBACKS,
    lastAttemptAt: null,
    byHour: NO_CALLS,
    callsTotal: 0,
    answeredTotal: 0,
    blocks: NO_BLOCKS,
  };
  setDebts(agg, debts);
  return agg;
}

/** Replaces the portfolio part (the server owns balances and stages; a new snapshot replaces the old). */
export function setDebts(agg: AccountAggregate, debts: readonly DebtFields[]): void {
  let balance = 0;
  let oldest: DayNumber | null = null;
  let openStage = -1;
  let anyStage = 0;
  for (const d of debts) {
    const s = STAGE_ORDER.indexOf(d.stage);
    anyStage = Math.max(anyStage, s);
    if (d.balanceMinor <= 0) continue;
    balance += d.balanceMinor;
    openStage = Math.max(openStage, s);
    const due = isoDateToDay(d.dueDate);
    if (oldest === null || due < oldest) oldest = due;
  }
  agg.balanceMinor = balance;
  agg.oldestDueDay = oldest;
  agg.stage = STAGE_ORDER[openStage >= 0 ? openStage : anyStage]!;
}

// Many accounts share the same blocks (every account in a zone has the same calling-window
// nights ahead), so identical lists are shared: less memory, and ranking reads blocks that are
// already in cache. Lists are never mutated, only replaced. The memo is bounded.
const sharedBlocks = new Map<string, readonly Block[]>();
const SHARED_BLOCKS_MAX = 10_000;

/** Replaces the account's blocks (the core recomputes them when holds or the gate's answer change). */
export function setBlocks(agg: AccountAggregate, blocks: readonly BlockInput[]): void {
  if (blocks.length === 0) {
    agg.blocks = NO_BLOCKS;
    return;
  }
  const list = blocks
    .map((b): Block => ({ from: b.from ? parseTime(b.from) : null, until: b.until === 'never' ? null : parseTime(b.until), reason: b.reason }))
    .sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity) || (a.until ?? Infinity) - (b.until ?? Infinity) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  const key = list.map((b) => `${b.from}/${b.until}/${b.reason}`).join('|');
  let shared = sharedBlocks.get(key);
  if (shared === undefined) {
    if (sharedBlocks.size >= SHARED_BLOCKS_MAX) sharedBlocks.clear();
    shared = Object.freeze(list.map((b) => Object.freeze(b)));
    sharedBlocks.set(key, shared);
  }
  agg.blocks = shared;
}

/**
 * Blocks the account from now until `until` (an ISO time, or 'never': until lifted), or makes
 * it workable with null. Shorthand for setBlocks with one block.
 */
export function setBlock(agg: AccountAggregate, until: string | null, reason = ''): void {
  setBlocks(agg, until === null ? [] : [{ from: null, until, reason }]);
}

/** The debtor's local hour (0..23) at an instant. */
export function localHour(ms: number, zone: string): number {
  const local = ms + offsetAt(ms, zone);
  return Math.floor((((local % DAY) + DAY) % DAY) / HOUR);
}

function parseTime(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO time: ${iso}`);
  return ms;
}

/** Folds one history event into the aggregate. */
export function applyHistory(agg: AccountAggregate, entry: QueueHistoryInput): void {
  const at = parseTime(entry.at);
  switch (entry.kind) {
    case 'call': {
      if (agg.lastAttemptAt === null || at > agg.lastAttemptAt) agg.lastAttemptAt = at;
      if (!REACH_RESULTS.has(entry.result)) return;
      const h = localHour(at, agg.timeZone);
      const { calls, answered } = callsAt(agg, h);
      const reached = entry.result === 'answered' ? 1 : 0;
      agg.byHour = withHour(agg.byHour, h, Math.min(MAX_COUNT, calls + 1) + ANSWERED_UNIT * Math.min(MAX_COUNT, answered + reached));
      agg.callsTotal++;
      agg.answeredTotal += reached;
      return;
    }
    case 'visit':
      if (agg.lastAttemptAt === null || at > agg.lastAttemptAt) agg.lastAttemptAt = at;
      return;
    case 'payment':
      if (agg.lastPaymentAt === null || at > agg.lastPaymentAt) agg.lastPaymentAt = at;
      return;
    case 'promise':
      foldPromise(agg, entry, at);
      return;
    default:
      return; // sms, letter, note: no bearing on the order (yet)
  }
}

function foldPromise(agg: AccountAggregate, entry: QueueHistoryInput, at: number): void {
  const status = entry.result;
  if (entry.dueDate === null || (status !== 'pending' && status !== 'kept' && status !== 'broken')) return;
  const dueDay = isoDateToDay(entry.dueDate);
  const amountMinor = entry.amountMinor ?? 0;
  const list = agg.promises;
  // Kept sorted by (due day, amount) so the aggregate is the same whatever the arrival order.
  let i = 0;
  while (i < list.length && (list[i]!.dueDay < dueDay || (list[i]!.dueDay === dueDay && list[i]!.amountMinor < amountMinor))) i++;
  let p = list[i];
  if (!p || p.dueDay !== dueDay || p.amountMinor !== amountMinor) {
    p = { dueDay, amountMinor, madeAt: at, status: 'pending', resolvedAt: null, resolvedDay: null };
    agg.promises = [...list.slice(0, i), p, ...list.slice(i)];
  }
  if (at < p.madeAt) p.madeAt = at;
  if (status === 'pending') return;
  // The latest resolution wins; at the same instant 'broken' wins (the cautious reading).
  if (p.resolvedAt === null || at > p.resolvedAt || (at === p.resolvedAt && status === 'broken')) {
    p.status = status;
    p.resolvedAt = at;
    p.resolvedDay = localDay(at, agg.timeZone);
  }
}

/** Folds a scheduled or cancelled callback. A cancellation wins whichever arrives first. */
export function applyCallback(agg: AccountAggregate, entry: CallbackEntry): void {
  const at = parseTime(entry.at);
  let c = agg.callbacks.find((x) => x.id === entry.id);
  if (!c) {
    c = { id: entry.id, at: null, cancelled: false };
    // Sorted by id: the same aggregate whatever the arrival order.
    let i = 0;
    while (i < agg.callbacks.length && agg.callbacks[i]!.id < entry.id) i++;
    agg.callbacks = [...agg.callbacks.slice(0, i), c, ...agg.callbacks.slice(i)];
  }
  if (entry.status === 'cancelled') c.cancelled = true;
  else c.at = at;
}
