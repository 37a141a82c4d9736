// How the gate reads the history: in time order whatever order it is given in (the console
// lists it newest first, the CLI's documents usually oldest first), equal times in the order
// given, and contacts after `now` ignored.
import { describe, expect, it } from 'vitest';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { call, cnDoc, decide, reasonFor, usDoc } from './helpers';

/** Seven calls a day apart ending June 7 (New York), the last a conversation. */
const week = [
  ...Array.from({ length: 6 }, (_, i) => call(`2026-06-0${i + 1}T10:00:00-04:00`, 'no_answer')),
  call('2026-06-07T10:00:00-04:00', 'conversation'),
];

describe('history order', () => {
  it('newest first, oldest first or shuffled: the same decision', () => {
    const at = '2026-06-07T15:00:00-04:00';
    const oldestFirst = decide(usRegf, usDoc({ history: week }), at);
    expect(oldestFirst.decision).toBe('block');
    expect(decide(usRegf, usDoc({ history: [...week].reverse() }), at)).toEqual(oldestFirst);
    expect(decide(usRegf, usDoc({ history: [week[3]!, week[0]!, week[6]!, week[1]!, week[5]!, week[2]!, week[4]!] }), at)).toEqual(oldestFirst);
  });

  it('equal times keep the order given: the later-given conversation is the one named', () => {
    // The same instant written two ways.
    const a = call('2026-06-05T10:00:00-04:00', 'conversation');
    const b = call('2026-06-05T14:00:00Z', 'conversation');
    const at = '2026-06-07T15:00:00-04:00';
    expect(reasonFor(decide(usRegf, usDoc({ history: [a, b] }), at), 'us.frequency.days_after_conversation')!.params.conversationAt).toBe(b.at);
    expect(reasonFor(decide(usRegf, usDoc({ history: [b, a] }), at), 'us.frequency.days_after_conversation')!.params.conversationAt).toBe(a.at);
  });

  it('contacts after now are not known yet, in any order', () => {
    const connected = ['09:00', '10:00', '11:00'].map((t) => call(`2026-06-02T${t}:00+08:00`, 'conversation', { debtIds: ['loan-1'] }));
    const later = call('2026-06-02T16:00:00+08:00', 'conversation', { debtIds: ['loan-1'] });
    // At 10:30 only two of today's connected calls have happened: allowed, newest first or not.
    expect(decide(cn, cnDoc({ history: [later, ...connected].reverse() }), '2026-06-02T10:30:00+08:00').decision).toBe('allow');
    expect(decide(cn, cnDoc({ history: [later, ...connected] }), '2026-06-02T10:30:00+08:00').decision).toBe('allow');
    expect(decide(cn, cnDoc({ history: [later, ...connected] }), '2026-06-02T12:00:00+08:00').decision).toBe('block');
  });
});
