// Promises to pay: validation against the organisation's limits, and kept/broken decided at the
// end of the promised day in the debtor's zone, on ordinary and DST days.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMISE_LIMITS, promiseDeadline, promiseStatus, validatePromise } from '../../../shared/wrapup';

const ms = (iso: string) => Date.parse(iso);

describe('validatePromise', () => {
  const now = ms('2026-03-09T15:00:00Z');
  const check = { now, zone: 'America/Chicago', balanceMinor: 50000 };
  const limits = { minAmountMinor: 2000, maxDays: 14 };
  const errors = (p: Parameters<typeof validatePromise>[0]) => {
    const r = validatePromise(p, limits, check);
    return r.ok ? [] : r.errors.map((e) => [e.field, e.messageKey, e.params]);
  };

  it('accepts an amount and date within the limits', () => {
    expect(validatePromise({ amountMinor: 2000, dueDate: '2026-03-23' }, limits, check)).toEqual({ ok: true, value: { amountMinor: 2000, dueDate: '2026-03-23' }, errors: [] });
    expect(validatePromise({ amountMinor: 50000, dueDate: '2026-03-09' }, limits, check).ok).toBe(true);
  });

  it('reports field-level errors', () => {
    expect(errors({})).toEqual([['promise.amountMinor', 'wrapup.error.required', {}], ['promise.dueDate', 'wrapup.error.required', {}]]);
    expect(errors({ amountMinor: 1999, dueDate: '2026-03-10' })).toEqual([['promise.amountMinor', 'wrapup.error.amountBelowMinimum', { min: 2000 }]]);
    expect(errors({ amountMinor: 0, dueDate: '2026-03-10' })).toEqual([['promise.amountMinor', 'wrapup.error.amountNotPositive', {}]]);
    expect(errors({ amountMinor: 20.5, dueDate: '2026-03-10' })).toEqual([['promise.amountMinor', 'wrapup.error.amountNotWhole', {}]]);
    expect(errors({ amountMinor: 50001, dueDate: '2026-03-10' })).toEqual([['promise.amountMinor', 'wrapup.error.amountAboveBalance', { balance: 50000 }]]);
    expect(errors({ amountMinor: 5000, dueDate: '2026-03-08' })).toEqual([['promise.dueDate', 'wrapup.error.dateInPast', { earliest: '2026-03-09' }]]);
    expect(errors({ amountMinor: 5000, dueDate: '2026-03-24' })).toEqual([['promise.dueDate', 'wrapup.error.dateTooFar', { latest: '2026-03-23', days: 14 }]]);
    expect(errors({ amountMinor: 5000, dueDate: '2026-02-30' })).toEqual([['promise.dueDate', 'wrapup.error.dateInvalid', {}]]);
  });

  it('has defaults', () => {
    expect(DEFAULT_PROMISE_LIMITS.maxDays).toBeGreaterThan(0);
  });
});

describe('promiseStatus', () => {
  const promise = { amountMinor: 10000, dueDate: '2026-06-15', madeAt: '2026-06-10T12:00:00Z' };

  it('is pending before the day, due today on it, broken after it without payment', () => {
    const zone = 'Asia/Shanghai';
    expect(promiseStatus(promise, [], ms('2026-06-14T15:59:59Z'), zone)).toBe('pending'); // 23:59:59 on the 14th in Shanghai
    expect(promiseStatus(promise, [], ms('2026-06-14T16:00:00Z'), zone)).toBe('due_today'); // midnight starting the 15th
    expect(promiseStatus(promise, [], ms('2026-06-15T15:59:59.999Z'), zone)).toBe('due_today');
    expect(promiseStatus(promise, [], ms('2026-06-15T16:00:00Z'), zone)).toBe('broken'); // end of the 15th
  });

  it('is kept by payments covering it by the end of the day, added together', () => {
    const zone = 'Asia/Shanghai';
    const payments = [{ at: '2026-06-12T01:00:00Z', amountMinor: 4000 }, { at: '2026-06-15T15:30:00Z', amountMinor: 6000 }];
    expect(promiseStatus(promise, payments, ms('2026-06-13T00:00:00Z'), zone)).toBe('pending');
    expect(promiseStatus(promise, payments, ms('2026-06-15T15:45:00Z'), zone)).toBe('kept');
    expect(promiseStatus(promise, payments, ms('2026-07-01T00:00:00Z'), zone)).toBe('kept');
  });

  it('stays broken when the payment arrives after the end of the day, and ignores payments before the promise', () => {
    const zone = 'Asia/Shanghai';
    expect(promiseStatus(promise, [{ at: '2026-06-15T16:00:00Z', amountMinor: 10000 }], ms('2026-06-16T00:00:00Z'), zone)).toBe('broken');
    expect(promiseStatus(promise, [{ at: '2026-06-09T00:00:00Z', amountMinor: 10000 }], ms('2026-06-16T00:00:00Z'), zone)).toBe('broken');
  });

  it('judges the same instant differently in different zones', () => {
    const now = ms('2026-06-16T02:00:00Z'); // 10:00 on the 16th in Shanghai, 22:00 on the 15th in New York, 19:00 in Los Angeles
    expect(promiseStatus(promise, [], now, 'Asia/Shanghai')).toBe('broken');
    expect(promiseStatus(promise, [], now, 'America/New_York')).toBe('due_today');
    expect(promiseStatus(promise, [], now, 'America/Los_Angeles')).toBe('due_today');
    expect(promiseStatus(promise, [], now, 'Pacific/Kiritimati')).toBe('broken'); // UTC+14
    expect(promiseStatus(promise, [], ms('2026-06-15T10:59:00Z'), 'Pacific/Pago_Pago')).toBe('pending'); // UTC-11: 23:59 on the 14th
    expect(promiseStatus(promise, [], ms('2026-06-15T11:00:00Z'), 'Pacific/Pago_Pago')).toBe('due_today');
  });

  it('ends a spring-forward day after 23 hours (New York, 8 March 2026)', () => {
    const p = { amountMinor: 500, dueDate: '2026-03-08' };
    expect(promiseDeadline('2026-03-08', 'America/New_York')).toBe(ms('2026-03-09T04:00:00Z')); // midnight EDT
    expect(promiseStatus(p, [], ms('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('due_today');
    expect(promiseStatus(p, [], ms('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('broken');
    // A payment at 23:30 EDT on the 8th keeps it.
    expect(promiseStatus(p, [{ at: '2026-03-08T23:30:00-04:00', amountMinor: 500 }], ms('2026-03-10T00:00:00Z'), 'America/New_York')).toBe('kept');
  });

  it('ends a fall-back day after 25 hours (New York, 1 November 2026)', () => {
    const p = { amountMinor: 500, dueDate: '2026-11-01' };
    expect(promiseDeadline('2026-11-01', 'America/New_York') - promiseDeadline('2026-10-31', 'America/New_York')).toBe(25 * 3600_000);
    expect(promiseStatus(p, [], ms('2026-11-02T04:59:59Z'), 'America/New_York')).toBe('due_today'); // 23:59:59 EST
    expect(promiseStatus(p, [], ms('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('broken');
  });

  it('handles DST in the southern hemisphere (Sydney, 5 April 2026 ends daylight time)', () => {
    const p = { amountMinor: 500, dueDate: '2026-04-05' };
    expect(promiseDeadline('2026-04-05', 'Australia/Sydney')).toBe(ms('2026-04-05T14:00:00Z')); // midnight AEST (+10)
    expect(promiseStatus(p, [], ms('2026-04-05T13:59:00Z'), 'Australia/Sydney')).toBe('due_today');
    expect(promiseStatus(p, [], ms('2026-04-05T14:00:00Z'), 'Australia/Sydney')).toBe('broken');
  });

  it('accepts epoch milliseconds for payments and madeAt', () => {
    const p = { amountMinor: 100, dueDate: '2026-06-15', madeAt: ms('2026-06-10T00:00:00Z') };
    expect(promiseStatus(p, [{ at: ms('2026-06-11T00:00:00Z'), amountMinor: 100 }], ms('2026-06-12T00:00:00Z'), 'UTC')).toBe('kept');
  });
});
