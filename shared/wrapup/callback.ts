// Callbacks: a local date and time in the debtor's zone, in the future and within the
// organisation's horizon. Whether a call at that time would be allowed is the compliance gate's
// question: the caller passes the gate in as a function (the core has the facts), and its answer
// comes back as a field error.
import { DAY, MINUTE, localToInstant, offsetAt, type DayNumber } from '../compliance/time';
import type { Params } from './catalogue';
import { parseIsoDate } from './dates';
import { fieldError, result, type FieldError, type Validation } from './errors';

export interface CallbackInput {
  /** The debtor's local date, YYYY-MM-DD. */
  date: string;
  /** The debtor's local time, HH:MM (24-hour). */
  time: string;
}

export interface CallbackLimits {
  /** At most this many days ahead. */
  maxDays: number;
  /** At least this many minutes ahead (0: any time in the future). */
  minLeadMinutes: number;
}

export const DEFAULT_CALLBACK_LIMITS: CallbackLimits = { maxDays: 14, minLeadMinutes: 5 };

export interface CallbackCheck {
  now: number;
  /** The debtor's IANA zone: the date and time are read there. */
  zone: string;
}

/** What the compliance gate says about calling at `at` (epoch ms). */
export interface CallbackGateAnswer {
  allowed: boolean;
  /** Key and params of the gate's reason (shared/compliance/messages.ts), when not allowed. */
  reason?: { messageKey: string; params: Params };
  /** The first time the gate would allow it (epoch ms), when known. */
  allowedFrom?: number | null;
}

/** The gate, as the core provides it: evaluate the account's pack at a future instant. */
export type CallbackGate = (at: number) => CallbackGateAnswer;

export interface ScheduledCallback {
  /** The instant (epoch ms) and its ISO form in UTC. */
  at: number;
  iso: string;
  gate: CallbackGateAnswer | null;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Validate a callback (`callback.date`, `callback.time`), then, when it is valid and a gate is
 * given, ask the gate about that instant: a refusal is an error on `callback.time` carrying the
 * gate's reason and the time it would be allowed from.
 */
export function validateCallback(input: Partial<CallbackInput>, limits: CallbackLimits, check: CallbackCheck, gate?: CallbackGate, prefix = 'callback'): Validation<ScheduledCallback> {
  const errors: FieldError[] = [];
  let day: DayNumber | null = null;
  if (!input.date) errors.push(fieldError(`${prefix}.date`, 'wrapup.error.required'));
  else if ((day = parseIsoDate(input.date)) === null) errors.push(fieldError(`${prefix}.date`, 'wrapup.error.dateInvalid'));
  const m = input.time ? HH_MM.exec(input.time) : null;
  if (!input.time) errors.push(fieldError(`${prefix}.time`, 'wrapup.error.required'));
  else if (!m) errors.push(fieldError(`${prefix}.time`, 'wrapup.error.timeInvalid'));
  if (errors.length > 0 || day === null || !m) return result({} as ScheduledCallback, errors);

  const minute = Number(m[1]) * 60 + Number(m[2]);
  const at = localToInstant(day, minute, check.zone, 'earliest');
  // A wall-clock time skipped by a DST change does not exist: ask for another.
  if (!happensAt(at, day, minute, check.zone))
    errors.push(fieldError(`${prefix}.time`, 'wrapup.error.timeSkipped'));
  else if (at <= check.now) errors.push(fieldError(`${prefix}.time`, 'wrapup.error.timeInPast'));
  // A time a few minutes ahead is in the future, so it gets its own message naming the lead time.
  else if (at < check.now + limits.minLeadMinutes * 60_000) errors.push(fieldError(`${prefix}.time`, 'wrapup.error.callbackTooSoon', { minutes: limits.minLeadMinutes }));
  else if (at > check.now + limits.maxDays * 86_400_000) errors.push(fieldError(`${prefix}.date`, 'wrapup.error.callbackTooFar', { days: limits.maxDays }));
  if (errors.length > 0) return result({} as ScheduledCallback, errors);

  const answer = gate ? gate(at) : null;
  if (answer && !answer.allowed) {
    const params: Record<string, string | number> = {};
    if (answer.allowedFrom !== undefined && answer.allowedFrom !== null) params.allowedFrom = new Date(answer.allowedFrom).toISOString();
    const error = fieldError(`${prefix}.time`, answer.allowedFrom ? 'wrapup.error.gateBlockedUntil' : 'wrapup.error.gateBlocked', params);
    errors.push(answer.reason ? { ...error, cause: answer.reason } : error);
    return result({} as ScheduledCallback, errors);
  }
  return result({ at, iso: new Date(at).toISOString(), gate: answer }, []);
}

/** Whether the local wall-clock time (day, minute) really happens at instant `at` in `zone`. */
function happensAt(at: number, day: DayNumber, minute: number, zone: string): boolean {
  return at + offsetAt(at, zone) === day * DAY + minute * MINUTE;
}
