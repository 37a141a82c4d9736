// Promises to pay: validation against the organisation's limits, and tracking (pending, due
// today, kept, broken) from the payments received, by the end of the promised day in the
// debtor's zone.
import { endOfLocalDay, parseIsoDate, todayIn, toEpoch, dayToIsoDate } from './dates';
import { fieldError, result, type FieldError, type Validation } from './errors';

export interface PromiseToPay {
  amountMinor: number;
  /** The debtor's local date the payment is promised for (YYYY-MM-DD). */
  dueDate: string;
  /** When the promise was made (ISO or epoch ms): only payments from then on count. */
  madeAt?: string | number;
}

export interface PromiseLimits {
  /** Smallest amount an agent may accept as a promise (minor units). */
  minAmountMinor: number;
  /** Furthest due date, in days after the debtor's today. */
  maxDays: number;
}

export const DEFAULT_PROMISE_LIMITS: PromiseLimits = { minAmountMinor: 100, maxDays: 30 };

export interface PromiseCheck {
  now: number;
  /** The debtor's IANA zone: "today" is their today. */
  zone: string;
  /** The balance: a promise above it is refused. */
  balanceMinor?: number;
}

/** Field errors for a promise (`promise.amountMinor`, `promise.dueDate`); none when it is valid. */
export function validatePromise(promise: Partial<PromiseToPay>, limits: PromiseLimits, check: PromiseCheck, prefix = 'promise'): Validation<PromiseToPay> {
  const errors: FieldError[] = [];
  errors.push(...validateAmount(promise.amountMinor, limits.minAmountMinor, check.balanceMinor, `${prefix}.amountMinor`));
  errors.push(...validateFutureDate(promise.dueDate, limits.maxDays, check, `${prefix}.dueDate`));
  return result(promise as PromiseToPay, errors);
}

export function validateAmount(amount: number | undefined, minMinor: number, balanceMinor: number | undefined, field: string): FieldError[] {
  if (amount === undefined || amount === null) return [fieldError(field, 'wrapup.error.required')];
  if (!Number.isSafeInteger(amount)) return [fieldError(field, 'wrapup.error.amountNotWhole')];
  if (amount <= 0) return [fieldError(field, 'wrapup.error.amountNotPositive')];
  if (amount < minMinor) return [fieldError(field, 'wrapup.error.amountBelowMinimum', { min: minMinor })];
  if (balanceMinor !== undefined && amount > balanceMinor) return [fieldError(field, 'wrapup.error.amountAboveBalance', { balance: balanceMinor })];
  return [];
}

/** A date from the debtor's today to `maxDays` after it. */
export function validateFutureDate(date: string | undefined, maxDays: number, check: Pick<PromiseCheck, 'now' | 'zone'>, field: string): FieldError[] {
  if (!date) return [fieldError(field, 'wrapup.error.required')];
  const day = parseIsoDate(date);
  if (day === null) return [fieldError(field, 'wrapup.error.dateInvalid')];
  const today = todayIn(check.now, check.zone);
  if (day < today) return [fieldError(field, 'wrapup.error.dateInPast', { earliest: dayToIsoDate(today) })];
  if (day > today + maxDays) return [fieldError(field, 'wrapup.error.dateTooFar', { latest: dayToIsoDate(today + maxDays), days: maxDays })];
  return [];
}

export type PromiseStatus = 'pending' | 'due_today' | 'kept' | 'broken';

export interface Payment {
  /** When the payment was received (ISO with offset, or epoch ms). */
  at: string | number;
  amountMinor: number;
}

/**
 * Where a promise stands at `now`. Kept: payments made from `madeAt` up to the end of the
 * promised day in the debtor's zone add up to the promised amount. Broken: they do not, and that
 * day has ended in the debtor's zone (a payment after the deadline does not mend it). Otherwise
 * due today on the promised local day, pending before it.
 */
export function promiseStatus(promise: PromiseToPay, payments: readonly Payment[], now: number, zone: string): PromiseStatus {
  const due = parseIsoDate(promise.dueDate);
  if (due === null) throw new RangeError(`not a calendar date: ${promise.dueDate}`);
  const deadline = endOfLocalDay(due, zone);
  const from = promise.madeAt === undefined ? -Infinity : toEpoch(promise.madeAt);
  let paid = 0;
  for (const p of payments) {
    const at = toEpoch(p.at);
    if (at >= from && at < deadline && at <= now) paid += p.amountMinor;
  }
  if (paid >= promise.amountMinor) return 'kept';
  if (now >= deadline) return 'broken';
  return todayIn(now, zone) === due ? 'due_today' : 'pending';
}

/** The instant a promise for `dueDate` breaks if unpaid: the end of that day in `zone`. */
export function promiseDeadline(dueDate: string, zone: string): number {
  const due = parseIsoDate(dueDate);
  if (due === null) throw new RangeError(`not a calendar date: ${dueDate}`);
  return endOfLocalDay(due, zone);
}
