// Payment plans: a total split into `count` instalments that add up to it exactly, on dates a
// week, a fortnight or a calendar month apart, plus validation against the organisation's limits.
import { z } from 'zod';
import { dayToIsoDate, daysInMonth, parseIsoDate, todayIn } from './dates';
import { fieldError, result, type FieldError, type Validation } from './errors';
import { validateAmount } from './promise';

export const PlanFrequency = z.enum(['weekly', 'fortnightly', 'monthly']);
export type PlanFrequency = z.infer<typeof PlanFrequency>;

export interface PlanInput {
  totalMinor: number;
  count: number;
  frequency: PlanFrequency;
  /** The first instalment's date (the debtor's local date, YYYY-MM-DD). */
  firstDate: string;
}

export interface Instalment {
  /** 1-based. */
  number: number;
  dueDate: string;
  amountMinor: number;
}

/**
 * The instalments of a plan. Amounts: the total divided evenly, the remainder spread one minor
 * unit each over the first instalments, so they sum exactly to the total and differ by at most
 * one unit (10000 in 3 → 3334, 3333, 3333). Dates: every 7 or 14 days, or the same day of each
 * following month, clamped to the month's end and never drifting (31 Jan → 28/29 Feb → 31 Mar).
 * Throws RangeError on input validatePlan would reject; call that first for agent input.
 */
export function planInstalments(plan: PlanInput): Instalment[] {
  const { totalMinor, count } = plan;
  if (!Number.isSafeInteger(totalMinor) || totalMinor <= 0) throw new RangeError(`total must be a positive whole number of minor units: ${totalMinor}`);
  if (!Number.isSafeInteger(count) || count < 1 || count > totalMinor) throw new RangeError(`count must be 1..total: ${count}`);
  const first = parseIsoDate(plan.firstDate);
  if (first === null) throw new RangeError(`not a calendar date: ${plan.firstDate}`);
  const base = Math.floor(totalMinor / count);
  const remainder = totalMinor - base * count;
  const dates = instalmentDates(plan.firstDate, count, plan.frequency);
  return dates.map((dueDate, i) => ({ number: i + 1, dueDate, amountMinor: base + (i < remainder ? 1 : 0) }));
}

/** `count` dates from `firstDate` at the plan's frequency (see planInstalments). */
export function instalmentDates(firstDate: string, count: number, frequency: PlanFrequency): string[] {
  const first = parseIsoDate(firstDate);
  if (first === null) throw new RangeError(`not a calendar date: ${firstDate}`);
  const dates: string[] = [];
  if (frequency !== 'monthly') {
    const step = frequency === 'weekly' ? 7 : 14;
    for (let i = 0; i < count; i++) dates.push(dayToIsoDate(first + i * step));
    return dates;
  }
  const [y, m, d] = firstDate.split('-').map(Number) as [number, number, number];
  for (let i = 0; i < count; i++) {
    const months = m - 1 + i;
    const year = y + Math.floor(months / 12);
    const month = (months % 12) + 1;
    const day = Math.min(d, daysInMonth(year, month));
    dates.push(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  }
  return dates;
}

export interface PlanLimits {
  /** Most instalments allowed. */
  maxCount: number;
  /** Smallest instalment (minor units). */
  minInstalmentMinor: number;
  /** The first instalment at most this many days after the debtor's today. */
  maxFirstDays: number;
  /** The last instalment at most this many days after the debtor's today. */
  maxDays: number;
}

export const DEFAULT_PLAN_LIMITS: PlanLimits = { maxCount: 24, minInstalmentMinor: 1000, maxFirstDays: 30, maxDays: 730 };

export interface PlanCheck {
  now: number;
  zone: string;
  balanceMinor?: number;
}

export interface PlanResult extends PlanInput {
  instalments: Instalment[];
}

/** Field errors per field (`plan.totalMinor`, `plan.count`, `plan.frequency`, `plan.firstDate`), or the instalments. */
export function validatePlan(plan: Partial<PlanInput>, limits: PlanLimits, check: PlanCheck, prefix = 'plan'): Validation<PlanResult> {
  const errors: FieldError[] = [];
  const total = plan.totalMinor;
  const totalErrors = validateAmount(total, 1, check.balanceMinor, `${prefix}.totalMinor`);
  errors.push(...totalErrors);

  const count = plan.count;
  let countOk = false;
  if (count === undefined || count === null) errors.push(fieldError(`${prefix}.count`, 'wrapup.error.required'));
  else if (!Number.isSafeInteger(count) || count < 1 || count > limits.maxCount)
    errors.push(fieldError(`${prefix}.count`, 'wrapup.error.countOutOfRange', { min: 1, max: limits.maxCount }));
  else countOk = true;

  if (countOk && totalErrors.length === 0 && Math.floor(total! / count!) < limits.minInstalmentMinor)
    errors.push(fieldError(`${prefix}.count`, 'wrapup.error.instalmentBelowMinimum', { min: limits.minInstalmentMinor }));

  const frequencyOk = PlanFrequency.safeParse(plan.frequency).success;
  if (!plan.frequency) errors.push(fieldError(`${prefix}.frequency`, 'wrapup.error.required'));
  else if (!frequencyOk) errors.push(fieldError(`${prefix}.frequency`, 'wrapup.error.frequencyInvalid'));

  const today = todayIn(check.now, check.zone);
  const first = plan.firstDate ? parseIsoDate(plan.firstDate) : null;
  if (!plan.firstDate) errors.push(fieldError(`${prefix}.firstDate`, 'wrapup.error.required'));
  else if (first === null) errors.push(fieldError(`${prefix}.firstDate`, 'wrapup.error.dateInvalid'));
  else if (first < today) errors.push(fieldError(`${prefix}.firstDate`, 'wrapup.error.dateInPast', { earliest: dayToIsoDate(today) }));
  else if (first > today + limits.maxFirstDays)
    errors.push(fieldError(`${prefix}.firstDate`, 'wrapup.error.dateTooFar', { latest: dayToIsoDate(today + limits.maxFirstDays), days: limits.maxFirstDays }));
  else if (countOk && frequencyOk) {
    const dates = instalmentDates(plan.firstDate, count!, plan.frequency!);
    const last = parseIsoDate(dates[dates.length - 1]!)!;
    if (last > today + limits.maxDays)
      errors.push(fieldError(`${prefix}.count`, 'wrapup.error.planTooLong', { latest: dayToIsoDate(today + limits.maxDays), days: limits.maxDays }));
  }

  if (errors.length > 0) return result(plan as PlanResult, errors);
  const input = plan as PlanInput;
  return result({ ...input, instalments: planInstalments(input) }, []);
}
