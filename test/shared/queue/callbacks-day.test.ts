import { describe, expect, it } from 'vitest';
import { callbackStates, type CallbackEvent } from '../../../shared/queue/callbacks';
import { dayFigures } from '../../../shared/queue/my-day';

const cb = (accountId: string, id: string, at: string): CallbackEvent => ({ kind: 'scheduled', accountId, loggedAt: '2026-12-06T01:00:00Z', callback: { id, at, owner: 'agent' } });

describe('my callbacks', () => {
  const now = Date.parse('2026-12-06T02:00:00Z');
  it('is due ten minutes before its time, missed fifteen minutes after it, upcoming before', () => {
    const states = callbackStates([cb('a', '1', '2026-12-06T02:05:00Z'), cb('b', '2', '2026-12-06T01:40:00Z'), cb('c', '3', '2026-12-06T05:00:00Z')], now);
    expect(states.map((s) => [s.id, s.status])).toEqual([['2', 'missed'], ['1', 'due'], ['3', 'upcoming']]);
  });

  it('is done once the account is called from fifteen minutes before its time, and replaced by a later callback', () => {
    const states = callbackStates([
      cb('a', '1', '2026-12-06T01:30:00Z'), { kind: 'contact', accountId: 'a', at: '2026-12-06T01:00:00Z' }, { kind: 'contact', accountId: 'a', at: '2026-12-06T01:20:00Z' },
      cb('b', '2', '2026-12-06T03:00:00Z'), cb('b', '3', '2026-12-06T04:00:00Z'),
    ], now);
    expect(Object.fromEntries(states.map((s) => [s.id, s.status]))).toEqual({ 1: 'done', 2: 'replaced', 3: 'upcoming' });
    expect(states.find((s) => s.id === '1')?.calledAt).toBe('2026-12-06T01:20:00Z');
  });
});

describe('my day', () => {
  it('counts outbound attempts, right-party outcomes, promises by currency, talk and wrap-up time', () => {
    const f = dayFigures([
      { kind: 'attempt', direction: 'outbound', startedAt: '2026-12-06T02:00:00Z', answeredAt: '2026-12-06T02:00:10Z', endedAt: '2026-12-06T02:03:10Z' },
      { kind: 'outcome', at: '2026-12-06T02:04:10Z', callId: 'c1', outcome: 'promise_to_pay', promises: [{ amountMinor: 50_000, currency: 'CNY' }] },
      { kind: 'attempt', direction: 'outbound', startedAt: '2026-12-06T02:10:00Z', answeredAt: null, endedAt: '2026-12-06T02:10:30Z' },
      { kind: 'outcome', at: '2026-12-06T02:11:00Z', callId: 'c2', outcome: 'no_answer', promises: [] },
      { kind: 'attempt', direction: 'inbound', startedAt: '2026-12-06T03:00:00Z', answeredAt: '2026-12-06T03:00:05Z', endedAt: '2026-12-06T03:01:05Z' },
    ]);
    expect(f).toEqual({ attempts: 2, rightPartyContacts: 1, promises: 1, promisedMinor: { CNY: 50_000 }, talkMs: 240_000, wrapUpMs: 90_000 });
  });
});
