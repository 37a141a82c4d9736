// The wrap-up form as a whole: the outcome picked, the fields it requires, and what logging it
// means (the contact compliance counts, the hold filed at once). Field errors name the field.
import type { ContactResult, HoldKind } from '../compliance/facts';
import type { PackData } from '../compliance/pack';
import { validateCallback, DEFAULT_CALLBACK_LIMITS, type CallbackGate, type CallbackInput, type CallbackLimits, type ScheduledCallback } from './callback';
import { fieldError, result, type FieldError, type Validation } from './errors';
import { isOutcomeCode, outcomesFor, holdFor, type ContactParty, type OutcomeCode } from './outcomes';
import { validatePlan, DEFAULT_PLAN_LIMITS, type PlanInput, type PlanLimits, type PlanResult } from './plan';
import { validateFutureDate, validatePromise, DEFAULT_PROMISE_LIMITS, type PromiseLimits, type PromiseToPay } from './promise';

export interface WrapUpInput {
  outcome: string;
  /** The phone the call was on (null for a visit or a contact logged without one). */
  phoneId: string | null;
  note?: string;
  promise?: Partial<PromiseToPay>;
  plan?: Partial<PlanInput>;
  callback?: Partial<CallbackInput>;
  /** extension_request: the date the debtor asks to pay by. */
  extensionDate?: string;
  /** attorney_representation: who represents the debtor. */
  attorney?: { name?: string; phone?: string };
}

export interface WrapUpLimits {
  promise: PromiseLimits;
  plan: PlanLimits;
  callback: CallbackLimits;
  extension: { maxDays: number };
  noteMaxLength: number;
}

export const DEFAULT_WRAPUP_LIMITS: WrapUpLimits = {
  promise: DEFAULT_PROMISE_LIMITS,
  plan: DEFAULT_PLAN_LIMITS,
  callback: DEFAULT_CALLBACK_LIMITS,
  extension: { maxDays: 30 },
  // CallOutcomeLog.note allows 4000 characters.
  noteMaxLength: 4000,
};

export interface WrapUpCheck {
  pack: Pick<PackData, 'id' | 'outcomeHolds'>;
  limits: WrapUpLimits;
  now: number;
  /** The debtor's IANA zone. */
  zone: string;
  balanceMinor?: number;
  /** The compliance gate for a callback time (see callback.ts). */
  gate?: CallbackGate;
}

export interface WrapUp {
  outcome: OutcomeCode;
  contact: ContactResult;
  party: ContactParty;
  /** The hold to file now, or null. */
  hold: { kind: HoldKind; phoneId: string | null } | null;
  note: string;
  promise: PromiseToPay | null;
  plan: PlanResult | null;
  callback: ScheduledCallback | null;
  extensionDate: string | null;
  attorney: { name: string; phone: string } | null;
}

/**
 * Check a wrap-up: the outcome exists in the pack, every field it requires is there and valid
 * (optional fields given anyway are validated too), the note fits. On success the value says
 * what to log, including the hold to file at once.
 */
export function validateWrapUp(input: WrapUpInput, check: WrapUpCheck): Validation<WrapUp> {
  const errors: FieldError[] = [];
  const outcome = isOutcomeCode(input.outcome) ? outcomesFor(check.pack).find((o) => o.code === input.outcome) : undefined;
  if (!outcome) return result({} as WrapUp, [fieldError('outcome', 'wrapup.error.outcomeUnknown', { outcome: input.outcome })]);
  const needs = new Set(outcome.requires);
  const note = (input.note ?? '').trim();

  if (needs.has('note') && note === '') errors.push(fieldError('note', 'wrapup.error.noteRequired'));
  if (note.length > check.limits.noteMaxLength) errors.push(fieldError('note', 'wrapup.error.noteTooLong', { max: check.limits.noteMaxLength }));

  let promise: PromiseToPay | null = null;
  if (needs.has('promise') || input.promise) {
    const v = validatePromise(input.promise ?? {}, check.limits.promise, check);
    if (v.ok) promise = v.value;
    else errors.push(...v.errors);
  }
  let plan: PlanResult | null = null;
  if (needs.has('plan') || input.plan) {
    const v = validatePlan(input.plan ?? {}, check.limits.plan, check);
    if (v.ok) plan = v.value;
    else errors.push(...v.errors);
  }
  let callback: ScheduledCallback | null = null;
  if (needs.has('callback') || input.callback) {
    const v = validateCallback(input.callback ?? {}, check.limits.callback, check, check.gate);
    if (v.ok) callback = v.value;
    else errors.push(...v.errors);
  }
  let extensionDate: string | null = null;
  if (needs.has('extensionDate') || input.extensionDate) {
    const e = validateFutureDate(input.extensionDate, check.limits.extension.maxDays, check, 'extensionDate');
    if (e.length === 0) extensionDate = input.extensionDate!;
    else errors.push(...e);
  }
  let attorney: WrapUp['attorney'] = null;
  if (needs.has('attorney')) {
    const name = input.attorney?.name?.trim() ?? '';
    const phone = input.attorney?.phone?.trim() ?? '';
    if (name === '') errors.push(fieldError('attorney.name', 'wrapup.error.required'));
    if (phone === '') errors.push(fieldError('attorney.phone', 'wrapup.error.required'));
    attorney = { name, phone };
  }

  const hold = holdFor(check.pack, outcome.code, input.phoneId);
  if (outcome.holdScope === 'phone' && !hold && (Object.hasOwn(check.pack.outcomeHolds, outcome.code)))
    errors.push(fieldError('phoneId', 'wrapup.error.phoneRequired'));

  return result(
    { outcome: outcome.code, contact: outcome.contact, party: outcome.party, hold, note, promise, plan, callback, extensionDate, attorney },
    errors,
  );
}
