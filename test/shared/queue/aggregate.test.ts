// Folding the portfolio and history into the per-account state the queue ranks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSWERED_UNIT, applyCallback, applyHistory, callsAt, setBlock, setBlocks, setDebts, type QueueHistoryInput } from '../../../shared/queue';
import { account, call, DAY, iso, NOW, payment, promise } from './helpers';

describe('portfolio', () => {
  it('takes the most advanced open stage, the oldest open due date and the open balance', () => {
    const a = account('a');
    setDebts(a, [
      { balanceMinor: 1_000_00, dueDate: '2026-09-01', stage: 'early' },
      { balanceMinor: 0, dueDate: '2026-01-01', stage: 'legal' }, // paid off: neither stage nor date counts
      { balanceMinor: 2_500_00, dueDate: '2026-10-01', stage: 'agency' },
    ]);
    expect(a).toMatchObject({ stage: 'agency', balanceMinor: 3_500_00, oldestDueDay: Date.parse('2026-09-01') / DAY });
    setDebts(a, [{ balanceMinor: 0, dueDate: '2026-01-01', stage: 'legal' }]);
    expect(a).toMatchObject({ stage: 'legal', balanceMinor: 0, oldestDueDay: null });
  });

  it('keeps blocks as instants in start order, "never" as null', () => {
    const a = account('a');
    setBlock(a, '2026-11-23T16:00:00+08:00', 'cn.window');
    expect(a.blocks).toEqual([{ from: null, until: Date.parse('2026-11-23T08:00:00Z'), reason: 'cn.window' }]);
    setBlocks(a, [
      { from: '2026-11-24T13:00:00Z', until: '2026-11-25T00:00:00Z', reason: 'cn.window' },
      { until: 'never', reason: 'dispute' },
    ]);
    expect(a.blocks).toEqual([
      { from: null, until: null, reason: 'dispute' },
      { from: Date.parse('2026-11-24T13:00:00Z'), until: Date.parse('2026-11-25T00:00:00Z'), reason: 'cn.window' },
    ]);
    setBlock(a, null);
    expect(a.blocks).toEqual([]);
    expect(() => setBlock(a, 'tomorrow')).toThrow(/Not an ISO time/);
  });
});

describe('history', () => {
  it('counts calls by the local hour, attempts by the latest call or visit', () => {
    const a = account('a'); // Shanghai: 06:00Z is 14:00
    applyHistory(a, call(NOW, 'answered'));
    applyHistory(a, call(NOW - DAY, 'busy'));
    applyHistory(a, { at: iso(NOW + 60_000), kind: 'visit', result: 'not_home', amountMinor: null, dueDate: null });
    applyHistory(a, { at: iso(NOW - 3 * DAY), kind: 'call', result: 'failed', amountMinor: null, dueDate: null });
    applyHistory(a, { at: iso(NOW + DAY), kind: 'sms', result: 'sent', amountMinor: null, dueDate: null });
    expect(callsAt(a, 14)).toEqual({ calls: 2, answered: 1 });
    expect(callsAt(a, 13)).toEqual({ calls: 0, answered: 0 });
    expect(a).toMatchObject({ callsTotal: 2, answeredTotal: 1, lastAttemptAt: NOW + 60_000 });
  });

  it('merges the entries of one promise: the latest resolution wins over pending', () => {
    const a = account('a');
    applyHistory(a, promise(NOW - 2 * DAY, '2026-11-25', 'broken'));
    applyHistory(a, promise(NOW - 5 * DAY, '2026-11-25', 'pending'));
    applyHistory(a, promise(NOW - 4 * DAY, '2026-11-25', 'kept'));
    applyHistory(a, promise(NOW - 5 * DAY, '2026-11-26', 'pending', 50_00));
    expect(a.promises).toEqual([
      { dueDay: Date.parse('2026-11-25') / DAY, amountMinor: 1_000_00, madeAt: NOW - 5 * DAY, status: 'broken', resolvedAt: NOW - 2 * DAY, resolvedDay: Date.parse('2026-11-21') / DAY },
      { dueDay: Date.parse('2026-11-26') / DAY, amountMinor: 50_00, madeAt: NOW - 5 * DAY, status: 'pending', resolvedAt: null, resolvedDay: null },
    ]);
  });

  it('saturates the hour counts instead of overflowing them', () => {
    const a = account('a');
    a.byHour = [14, (ANSWERED_UNIT - 1) * (ANSWERED_UNIT + 1)]; // 32767 calls, 32767 answered at 14:00
    applyHistory(a, call(NOW, 'answered'));
    expect(callsAt(a, 14)).toEqual({ calls: ANSWERED_UNIT - 1, answered: ANSWERED_UNIT - 1 });
  });

  it('counts a call for its own account only (accounts not called yet share their zero counts)', () => {
    const called = account('a');
    const other = account('b');
    applyHistory(called, call(NOW, 'answered'));
    applyHistory(called, call(NOW, 'no_answer'));
    expect(callsAt(called, 14)).toEqual({ calls: 2, answered: 1 });
    for (let h = 0; h < 24; h++) expect(callsAt(other, h)).toEqual({ calls: 0, answered: 0 });
    // Calls at another hour keep this hour's counts and add their own.
    applyHistory(called, call(NOW + 3 * 3_600_000, 'answered'));
    expect(callsAt(called, 14)).toEqual({ calls: 2, answered: 1 });
    expect(callsAt(called, 17)).toEqual({ calls: 1, answered: 1 });
    expect(callsAt(account('c'), 14)).toEqual({ calls: 0, answered: 0 });
  });

  it('a cancelled callback stays cancelled whichever arrives first', () => {
    const a = account('a');
    applyCallback(a, { id: 'cb', at: iso(NOW), status: 'cancelled' });
    applyCallback(a, { id: 'cb', at: iso(NOW), status: 'scheduled' });
    expect(a.callbacks).toEqual([{ id: 'cb', at: NOW, cancelled: true }]);
  });

  const entry: fc.Arbitrary<QueueHistoryInput> = fc.oneof(
    fc.record({ m: fc.integer({ min: 0, max: 60 * 24 * 40 }), r: fc.constantFrom('answered', 'no_answer', 'busy', 'voicemail', 'failed' as const) })
      .map(({ m, r }) => ({ ...call(NOW - m * 60_000), result: r })),
    fc.record({ m: fc.integer({ min: 0, max: 40 }), due: fc.integer({ min: 0, max: 5 }), r: fc.constantFrom('pending', 'kept', 'broken' as const), amount: fc.constantFrom(100_00, 500_00) })
      .map(({ m, due, r, amount }) => promise(NOW - m * DAY, `2026-11-2${due}`, r, amount)),
    fc.integer({ min: 0, max: 40 }).map((d) => payment(NOW - d * DAY)),
    fc.integer({ min: 0, max: 40 }).map((d): QueueHistoryInput => ({ at: iso(NOW - d * DAY), kind: 'note', result: 'noted', amountMinor: null, dueDate: null })),
  );

  it('the fold does not depend on the order history arrives in (sync delivers it out of order)', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 30 }).chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }))), ([xs, shuffled]) => {
      const a = account('a');
      const b = account('a');
      for (const e of xs) applyHistory(a, e);
      for (const e of shuffled) applyHistory(b, e);
      expect(b).toEqual(a);
    }));
  });
});
