// The wrap-up form as a whole: required fields per outcome, field errors by path, and what the
// console logs (contact, hold) on success.
import { describe, expect, it } from 'vitest';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { DEFAULT_WRAPUP_LIMITS, formatWrapupError, validateWrapUp, type WrapUpInput } from '../../../shared/wrapup';

const now = Date.parse('2026-03-09T18:00:00Z');
const check = { pack: usRegf, limits: DEFAULT_WRAPUP_LIMITS, now, zone: 'America/Chicago', balanceMinor: 500000 };
const fieldsOf = (input: WrapUpInput, c = check) => {
  const r = validateWrapUp(input, c);
  return r.ok ? [] : r.errors.map((e) => e.field);
};

describe('validateWrapUp', () => {
  it('logs a cease request with no fields, placing the cease hold at once', () => {
    const r = validateWrapUp({ outcome: 'cease_request', phoneId: 'p1' }, check);
    expect(r.ok && r.value).toMatchObject({ outcome: 'cease_request', contact: 'conversation', party: 'debtor', hold: { kind: 'cease', phoneId: null } });
  });

  it('requires the promise for a promise to pay, and validates it', () => {
    expect(fieldsOf({ outcome: 'promise_to_pay', phoneId: 'p1' })).toEqual(['promise.amountMinor', 'promise.dueDate']);
    const r = validateWrapUp({ outcome: 'promise_to_pay', phoneId: 'p1', promise: { amountMinor: 25000, dueDate: '2026-03-13' } }, check);
    expect(r.ok && r.value.promise).toEqual({ amountMinor: 25000, dueDate: '2026-03-13' });
  });

  it('requires a valid plan for a payment plan and returns its instalments', () => {
    expect(fieldsOf({ outcome: 'payment_plan', phoneId: 'p1', plan: { totalMinor: 90000, count: 0, frequency: 'monthly', firstDate: '2026-03-31' } })).toEqual(['plan.count']);
    const r = validateWrapUp({ outcome: 'payment_plan', phoneId: 'p1', plan: { totalMinor: 90000, count: 3, frequency: 'monthly', firstDate: '2026-03-31' } }, check);
    expect(r.ok && r.value.plan?.instalments.map((i) => [i.dueDate, i.amountMinor])).toEqual([['2026-03-31', 30000], ['2026-04-30', 30000], ['2026-05-31', 30000]]);
  });

  it('requires a callback for a callback request, asking the gate', () => {
    expect(fieldsOf({ outcome: 'callback_requested', phoneId: 'p1' })).toEqual(['callback.date', 'callback.time']);
    const blocked = validateWrapUp({ outcome: 'callback_requested', phoneId: 'p1', callback: { date: '2026-03-10', time: '07:00' } }, { ...check, gate: () => ({ allowed: false }) });
    expect(blocked.ok ? [] : blocked.errors.map((e) => [e.field, e.messageKey])).toEqual([['callback.time', 'wrapup.error.gateBlocked']]);
  });

  it('requires notes, the attorney’s details and the extension date where the outcome needs them', () => {
    expect(fieldsOf({ outcome: 'dispute', phoneId: 'p1', note: '  ' })).toEqual(['note']);
    expect(fieldsOf({ outcome: 'attorney_representation', phoneId: 'p1', attorney: { name: 'J. Doe' } })).toEqual(['attorney.phone']);
    expect(fieldsOf({ outcome: 'extension_request', phoneId: 'p1', extensionDate: '2026-03-01' })).toEqual(['extensionDate']);
    expect(fieldsOf({ outcome: 'no_answer', phoneId: 'p1', note: 'x'.repeat(4001) })).toEqual(['note']);
  });

  it('needs the phone for a wrong number, whose hold covers that number only', () => {
    expect(fieldsOf({ outcome: 'wrong_number', phoneId: null })).toEqual(['phoneId']);
    const r = validateWrapUp({ outcome: 'wrong_number', phoneId: 'p9' }, check);
    expect(r.ok && r.value).toMatchObject({ contact: 'conversation', party: 'third_party', hold: { kind: 'do_not_call', phoneId: 'p9' } });
  });

  it('refuses an outcome the pack does not offer', () => {
    const r = validateWrapUp({ outcome: 'limited_content_message', phoneId: 'p1' }, { ...check, pack: cn });
    expect(r.ok ? null : r.errors[0]).toMatchObject({ field: 'outcome', messageKey: 'wrapup.error.outcomeUnknown' });
  });

  it('formats errors in both languages with money and dates for the locale', () => {
    const r = validateWrapUp({ outcome: 'promise_to_pay', phoneId: 'p1', promise: { amountMinor: 50, dueDate: '2026-03-01' } }, { ...check, limits: { ...DEFAULT_WRAPUP_LIMITS, promise: { minAmountMinor: 2000, maxDays: 30 } } });
    if (r.ok) throw new Error('expected errors');
    expect(r.errors.map((e) => formatWrapupError(e, 'en', { currency: 'USD' }))).toEqual(['The amount must be at least $20.00', 'The date cannot be before March 9, 2026']);
    expect(r.errors.map((e) => formatWrapupError(e, 'zh-CN', { currency: 'CNY' }))).toEqual(['金额不能低于 ¥20.00', '日期不能早于 2026年3月9日']);
  });

  it('formats a plan count error without turning the count into money', () => {
    const r = validateWrapUp({ outcome: 'payment_plan', phoneId: 'p1', plan: { totalMinor: 90000, count: 99, frequency: 'weekly', firstDate: '2026-03-10' } }, check);
    if (r.ok) throw new Error('expected errors');
    expect(formatWrapupError(r.errors[0]!, 'en', { currency: 'USD' })).toBe('Choose between 1 and 24 instalments');
  });
});
