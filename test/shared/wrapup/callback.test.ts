// Callbacks: a local date and time in the debtor's zone, in the future, within the horizon, on a
// time that exists, and allowed by the gate the caller passes in.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALLBACK_LIMITS, validateCallback, type CallbackGate } from '../../../shared/wrapup';

const now = Date.parse('2026-03-06T18:00:00Z'); // 10:00 in Los Angeles, Friday 6 March
const check = { now, zone: 'America/Los_Angeles' };
const limits = { maxDays: 7, minLeadMinutes: 5 };
const fields = (r: ReturnType<typeof validateCallback>) => (r.ok ? [] : r.errors.map((e) => [e.field, e.messageKey]));

describe('validateCallback', () => {
  it('turns the debtor’s local date and time into an instant', () => {
    const r = validateCallback({ date: '2026-03-06', time: '14:30' }, limits, check);
    expect(r.ok && r.value.iso).toBe('2026-03-06T22:30:00.000Z');
    // After the spring-forward (8 March) Los Angeles is UTC-7.
    const later = validateCallback({ date: '2026-03-09', time: '09:00' }, limits, check);
    expect(later.ok && later.value.iso).toBe('2026-03-09T16:00:00.000Z');
  });

  it('reports missing and malformed fields', () => {
    expect(fields(validateCallback({}, limits, check))).toEqual([['callback.date', 'wrapup.error.required'], ['callback.time', 'wrapup.error.required']]);
    expect(fields(validateCallback({ date: '2026-3-9', time: '9:00' }, limits, check))).toEqual([['callback.date', 'wrapup.error.dateInvalid'], ['callback.time', 'wrapup.error.timeInvalid']]);
  });

  it('must be in the future (by the minimum lead) and within the horizon', () => {
    expect(fields(validateCallback({ date: '2026-03-06', time: '09:59' }, limits, check))).toEqual([['callback.time', 'wrapup.error.timeInPast']]);
    expect(fields(validateCallback({ date: '2026-03-06', time: '10:04' }, limits, check))).toEqual([['callback.time', 'wrapup.error.callbackTooSoon']]);
    expect(validateCallback({ date: '2026-03-06', time: '10:05' }, limits, check).ok).toBe(true);
    // Seven days of elapsed time: across the spring-forward that is 11:00 on the 13th, local time.
    expect(validateCallback({ date: '2026-03-13', time: '11:00' }, limits, check).ok).toBe(true);
    expect(fields(validateCallback({ date: '2026-03-13', time: '11:01' }, limits, check))).toEqual([['callback.date', 'wrapup.error.callbackTooFar']]);
    expect(DEFAULT_CALLBACK_LIMITS.maxDays).toBeGreaterThan(0);
  });

  it('refuses a wall-clock time skipped by the DST change', () => {
    expect(fields(validateCallback({ date: '2026-03-08', time: '02:30' }, limits, check))).toEqual([['callback.time', 'wrapup.error.timeSkipped']]);
  });

  it('asks the gate about the instant and reports its refusal with the time it becomes allowed', () => {
    const asked: number[] = [];
    const gate: CallbackGate = (at) => {
      asked.push(at);
      return new Date(at).getUTCHours() >= 4 && new Date(at).getUTCHours() < 16
        ? { allowed: false, reason: { messageKey: 'outsideWindow', params: { window: '08:00–21:00' } }, allowedFrom: Date.parse('2026-03-07T16:00:00Z') }
        : { allowed: true };
    };
    const refused = validateCallback({ date: '2026-03-07', time: '07:00' }, limits, check, gate);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors[0]).toMatchObject({ field: 'callback.time', messageKey: 'wrapup.error.gateBlockedUntil', params: { allowedFrom: '2026-03-07T16:00:00.000Z' }, cause: { messageKey: 'outsideWindow' } });
    }
    expect(asked).toEqual([Date.parse('2026-03-07T15:00:00Z')]);
    const allowed = validateCallback({ date: '2026-03-07', time: '09:00' }, limits, check, gate);
    expect(allowed.ok && allowed.value.gate).toEqual({ allowed: true });
  });

  it('does not ask the gate about an invalid time', () => {
    let called = false;
    validateCallback({ date: '2026-03-01', time: '09:00' }, limits, check, () => ((called = true), { allowed: true }));
    expect(called).toBe(false);
  });
});
