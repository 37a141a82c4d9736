// The board's "Last outcome" is the outcome the core logged, not the wrap-up form's draft.
import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../shared/api/contract';
import { savedOutcome } from '../../renderer/features/board/saved-outcome';

const item = (over: Partial<TimelineItem>): TimelineItem => ({
  id: 'e', at: '2026-11-24T02:00:00.000Z', source: 'local', kind: 'call.outcome', actor: '李娜', result: 'promise_to_pay',
  amountMinor: null, dueDate: null, note: '', call: null, ...over,
});

describe('the last outcome an agent logged', () => {
  it('is the newest wrap-up logged on this console', () => {
    expect(savedOutcome([
      item({ id: 'a', at: '2026-11-24T02:00:00.000Z', result: 'no_answer' }),
      item({ id: 'b', at: '2026-11-24T02:05:00.000Z', result: 'refused_to_pay' }),
      item({ id: 'c', at: '2026-11-24T02:03:00.000Z', result: 'promise_to_pay' }),
    ])).toBe('refused_to_pay');
  });

  it('ignores attempts, notes and the central record', () => {
    expect(savedOutcome([
      item({ id: 'a', at: '2026-11-24T02:09:00.000Z', kind: 'call.attempt', result: 'answered' }),
      item({ id: 'b', at: '2026-11-24T02:08:00.000Z', source: 'central', result: 'wrong_number' }),
      item({ id: 'c', at: '2026-11-24T02:01:00.000Z', result: 'dispute' }),
    ])).toBe('dispute');
  });

  it('is nothing when no wrap-up was logged here', () => {
    expect(savedOutcome([item({ kind: 'note.added', result: '' })])).toBeNull();
  });
});
