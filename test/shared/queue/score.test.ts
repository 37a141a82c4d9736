// What puts an account ahead, part by part, and what the agent is shown for it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCallback,
  callsAt,
  DEFAULT_RANK_WEIGHTS as W,
  Ranking,
  RankWeights,
  scoreAccount,
  setBlock,
  setBlocks,
  workableFrom,
  zoneNow,
  type AccountAggregate,
} from '../../../shared/queue';
import { account, call, DAY, HOUR, iso, NEW_YORK, NOW, payment, promise, SHANGHAI, withCallback, withHistory } from './helpers';

const score = (agg: AccountAggregate, now = NOW) => scoreAccount(agg, W, now);
const part = (agg: AccountAggregate, key: string, now = NOW) => score(agg, now).parts.find((p) => p.key === key);
const order = (aggs: AccountAggregate[], now = NOW, weights = W) => Ranking.build(aggs, weights, now).order();

describe('callbacks', () => {
  // The most attractive account we can make without a callback: legal, 300 days late, a large
  // balance, a promise broken yesterday, always answered at this hour.
  const legal = () => withHistory(
    account('legal', { stage: 'legal', dueDate: '2026-01-27', balance: 900_000_00 }),
    promise(NOW - 5 * DAY, '2026-11-22'), // pending, not paid: broke yesterday
    ...[1, 2, 3, 4, 5, 6].map((d) => call(NOW - d * DAY, 'answered')),
  );
  // A dull account with a callback at 14:30 Shanghai time, called (unanswered) an hour ago.
  const callback = () => withCallback(
    withHistory(account('callback', { stage: 'reminder', dueDate: '2026-11-25', balance: 100_00 }), call(NOW - HOUR)),
    'cb1', NOW + 30 * 60_000,
  );

  it('a callback due now beats a 300-day legal account, and only from its time', () => {
    const [a, b] = [legal(), callback()];
    expect(order([a, b], NOW)).toEqual(['legal', 'callback']);
    expect(order([a, b], NOW + 24 * 60_000)).toEqual(['legal', 'callback']);
    expect(order([a, b], NOW + 25 * 60_000)).toEqual(['callback', 'legal']); // 5 minutes' lead
    expect(part(b, 'callbackDue', NOW + 30 * 60_000)).toEqual({ key: 'callbackDue', points: W.callbackDue, params: { at: '2026-11-23T06:30:00.000Z', count: 1 } });
    expect(score(b, NOW + 30 * 60_000).parts[0]!.key).toBe('callbackDue');
  });

  it('stays first when missed, until an attempt answers it, and a cancellation removes it', () => {
    const [a, b] = [legal(), callback()];
    expect(order([a, b], NOW + 5 * HOUR)).toEqual(['callback', 'legal']);
    withHistory(b, call(NOW + 5 * HOUR, 'no_answer'));
    expect(order([a, b], NOW + 5 * HOUR + 60_000)).toEqual(['legal', 'callback']);

    const c = callback();
    expect(part(c, 'callbackDue', NOW + HOUR)).toBeDefined();
    withCallback(c, 'cb2', NOW + 3 * HOUR);
    applyCallback(c, { id: 'cb1', at: iso(NOW + 30 * 60_000), status: 'cancelled' });
    expect(part(c, 'callbackDue', NOW + HOUR)).toBeUndefined();
    expect(part(c, 'callbackDue', NOW + 3 * HOUR)).toBeDefined();
  });

  it('the weights refuse a callback weight that other parts could outweigh', () => {
    expect(() => RankWeights.parse({ ...W, callbackDue: 500 })).toThrow(/callbackDue must exceed/);
    expect(RankWeights.safeParse({ ...W, callbackDue: 50_000 }).success).toBe(true);
  });
});

describe('promises', () => {
  it('a promise due today beats a similar account without one', () => {
    const due = withHistory(account('b-due'), promise(NOW - 3 * DAY, '2026-11-23'));
    const plain = account('a-plain');
    expect(order([plain, due])).toEqual(['b-due', 'a-plain']);
    expect(part(due, 'promiseDueToday')).toEqual({ key: 'promiseDueToday', points: W.promiseDueToday, params: { amountMinor: 1_000_00, currency: 'CNY', count: 1 } });
  });

  it("today is the debtor's day: at 12:00 in Shanghai it is still yesterday in New York", () => {
    const at = NOW - 2 * HOUR; // 2026-11-23 12:00 in Shanghai, 2026-11-22 23:00 in New York
    const sh = withHistory(account('sh'), promise(NOW - 3 * DAY, '2026-11-23'));
    const ny = withHistory(account('ny', { zone: NEW_YORK }), promise(NOW - 3 * DAY, '2026-11-23'));
    expect(part(sh, 'promiseDueToday', at)).toBeDefined();
    expect(part(ny, 'promiseDueToday', at)).toBeUndefined();
    expect(part(ny, 'promiseActive', at)?.points).toBe(-W.promiseActivePenalty);
    expect(part(ny, 'promiseDueToday', NOW)).toBeDefined(); // 01:00 on the 23rd there
  });

  it('a promise broken yesterday raises the account, fading over the following days', () => {
    const broken = withHistory(account('b-broken'), promise(NOW - 5 * DAY, '2026-11-22'));
    const plain = account('a-plain');
    expect(order([plain, broken])).toEqual(['b-broken', 'a-plain']);
    expect(part(broken, 'promiseBroken')).toEqual({ key: 'promiseBroken', points: W.promiseBroken, params: { dueDate: '2026-11-22', days: 1, amountMinor: 1_000_00, currency: 'CNY' } });
    const later = part(broken, 'promiseBroken', NOW + 3 * DAY)!.points;
    expect(later).toBeLessThan(W.promiseBroken);
    expect(later).toBeGreaterThan(0);
    expect(part(broken, 'promiseBroken', NOW + W.promiseBrokenDays * DAY)).toBeUndefined();
  });

  it('a payment since the promise keeps it; a recorded break counts from the day it was recorded', () => {
    const paid = withHistory(account('paid'), promise(NOW - 5 * DAY, '2026-11-22'), payment(NOW - 2 * DAY));
    expect(part(paid, 'promiseBroken')).toBeUndefined();
    const early = withHistory(account('early'), promise(NOW - 5 * DAY, '2026-11-30'), promise(NOW - DAY, '2026-11-30', 'broken'));
    expect(part(early, 'promiseBroken')).toMatchObject({ points: W.promiseBroken, params: { dueDate: '2026-11-30', days: 1 } });
    expect(part(early, 'promiseActive')).toBeUndefined();
    const today = withHistory(account('today'), promise(NOW - 5 * DAY, '2026-11-30'), promise(NOW - HOUR, '2026-11-30', 'broken'));
    expect(part(today, 'promiseBroken')).toMatchObject({ points: W.promiseBroken, params: { days: 0 } });
    withHistory(today, payment(NOW - 60_000)); // paid after breaking it
    expect(part(today, 'promiseBroken')).toBeUndefined();
  });

  it('a pending promise not yet due lowers the account: let the debtor keep it', () => {
    const active = withHistory(account('a-active'), promise(NOW - DAY, '2026-11-28'));
    expect(order([active, account('b-plain')])).toEqual(['b-plain', 'a-active']);
    expect(part(active, 'promiseActive')?.params).toEqual({ dueDate: '2026-11-28', amountMinor: 1_000_00, currency: 'CNY' });
  });
});

describe('stage, days past due and balance', () => {
  it('later and larger come first', () => {
    expect(order([account('a', { dueDate: '2026-11-13' }), account('b', { dueDate: '2026-08-15' })])).toEqual(['b', 'a']);
    expect(order([account('a', { balance: 1_000_00 }), account('b', { balance: 40_000_00 })])).toEqual(['b', 'a']);
    expect(order([account('a', { stage: 'early' }), account('b', { stage: 'agency' })])).toEqual(['b', 'a']);
  });

  it('shows "¥12,400 at 45 days" as its parts', () => {
    const a = account('a', { dueDate: '2026-10-09', balance: 12_400_00 });
    expect(part(a, 'stageDpd')?.params).toEqual({ stage: 'late', dpd: 45 });
    expect(part(a, 'balance')?.params).toEqual({ amountMinor: 12_400_00, currency: 'CNY' });
  });

  it('weights change the order', () => {
    const big = account('big', { balance: 45_000_00, dueDate: '2026-11-13' });
    const old = account('old', { balance: 2_000_00, dueDate: '2026-06-01' });
    expect(order([big, old])).toEqual(['big', 'old']);
    const byAge = RankWeights.parse({ ...W, balance: 50, dpd: 600, callbackDue: 20_000 });
    expect(order([big, old], NOW, byAge)).toEqual(['old', 'big']);
  });
});

describe('reach likelihood by the debtor\'s local hour', () => {
  // P answers in the afternoon (14:00 Shanghai), Q in the evening (20:00).
  const days = [1, 2, 3, 4, 5];
  const p = () => withHistory(account('p'), ...days.map((d) => call(NOW - d * DAY, 'answered')), ...days.map((d) => call(NOW - d * DAY + 6 * HOUR, 'no_answer')));
  const q = () => withHistory(account('q'), ...days.map((d) => call(NOW - d * DAY, 'no_answer')), ...days.map((d) => call(NOW - d * DAY + 6 * HOUR, 'answered')));

  it('prefers the account that answers at this hour', () => {
    expect(order([p(), q()], NOW)).toEqual(['p', 'q']);
    expect(order([p(), q()], NOW + 6 * HOUR)).toEqual(['q', 'p']);
    expect(part(p(), 'reachLikelihood')?.params).toMatchObject({ hour: 14, calls: 5, answered: 5 });
  });

  it('a new account starts at the prior, not zero', () => {
    expect(part(account('new'), 'reachLikelihood')?.points).toBe(Math.round(W.reach * W.reachPrior));
  });

  it('buckets calls by the local hour across a DST change', () => {
    // 2026-03-08: New York springs forward at 07:00Z (02:00 EST becomes 03:00 EDT).
    const ny = withHistory(account('ny', { zone: NEW_YORK }), call(Date.parse('2026-03-08T06:30:00Z')), call(Date.parse('2026-03-08T07:30:00Z')));
    expect(callsAt(ny, 1).calls).toBe(1); // 01:30 EST
    expect(callsAt(ny, 3).calls).toBe(1); // 03:30 EDT
    expect(zoneNow(Date.parse('2026-03-08T06:30:00Z'), NEW_YORK)).toMatchObject({ hour: 1, nextHourAt: Date.parse('2026-03-08T07:00:00Z') });
    expect(zoneNow(Date.parse('2026-11-01T05:30:00Z'), NEW_YORK)).toMatchObject({ hour: 1, nextHourAt: Date.parse('2026-11-01T06:00:00Z') });
  });
});

describe('recency of the last attempt', () => {
  it('lowers the account, less with every hour, gone after the window', () => {
    const tried = withHistory(account('a-tried'), call(NOW - 30 * 60_000));
    const fresh = account('b-fresh');
    expect(order([tried, fresh])).toEqual(['b-fresh', 'a-tried']);
    expect(part(tried, 'recentAttempt')).toEqual({ key: 'recentAttempt', points: -W.recentAttemptPenalty, params: { at: '2026-11-23T05:30:00.000Z', hours: 0 } });
    expect(part(tried, 'recentAttempt', NOW + 12 * HOUR)!.points).toBeGreaterThan(-W.recentAttemptPenalty);
    expect(part(tried, 'recentAttempt', NOW + W.recentAttemptHours * HOUR)).toBeUndefined();
  });
});

describe('explanation', () => {
  const arbAccount = fc.record({
    stage: fc.constantFrom('reminder', 'early', 'late', 'agency', 'legal' as const),
    dueOffset: fc.integer({ min: -10, max: 400 }),
    balance: fc.integer({ min: 0, max: 100_000_00 }),
    zone: fc.constantFrom(SHANGHAI, NEW_YORK, 'Asia/Kolkata'),
    calls: fc.array(fc.record({ minutesAgo: fc.integer({ min: 0, max: 60 * 24 * 30 }), result: fc.constantFrom('answered', 'no_answer', 'busy', 'voicemail' as const) }), { maxLength: 12 }),
    promises: fc.array(fc.record({ madeDaysAgo: fc.integer({ min: 0, max: 20 }), dueIn: fc.integer({ min: -10, max: 10 }), result: fc.constantFrom('pending', 'kept', 'broken' as const) }), { maxLength: 3 }),
    callbackIn: fc.option(fc.integer({ min: -600, max: 600 }), { nil: undefined }),
    blocked: fc.constantFrom(null, 'never', 'later'),
  });

  it('the parts add up to the score, and a part is never zero', () => {
    fc.assert(fc.property(arbAccount, (o) => {
      const due = new Date(NOW - o.dueOffset * DAY).toISOString().slice(0, 10);
      const agg = account('x', { stage: o.stage, dueDate: due, balance: o.balance, zone: o.zone });
      for (const c of o.calls) withHistory(agg, call(NOW - c.minutesAgo * 60_000, c.result));
      for (const p of o.promises) withHistory(agg, promise(NOW - p.madeDaysAgo * DAY, new Date(NOW + p.dueIn * DAY).toISOString().slice(0, 10), p.result));
      if (o.callbackIn !== undefined) withCallback(agg, 'cb', NOW + o.callbackIn * 60_000);
      if (o.blocked) setBlock(agg, o.blocked === 'never' ? 'never' : new Date(NOW + HOUR).toISOString(), 'us.window');
      const s = scoreAccount(agg, W, NOW);
      expect(s.parts.reduce((sum, p) => sum + p.points, 0)).toBe(s.score);
      expect(s.parts.every((p) => p.points !== 0 && Number.isInteger(p.points))).toBe(true);
      expect(s.validUntil).toBeGreaterThan(NOW);
    }));
  });

  it('blocks: in force now with more ahead, chained, touching, lifted', () => {
    // Brute force: blocked at t if a block covers t; returns at the first instant none does.
    const reference = (blocks: readonly { from: number | null; until: number | null }[], now: number) => {
      const covering = (t: number) => blocks.find((b) => (b.from ?? -Infinity) <= t && t < (b.until ?? Infinity));
      if (!covering(now)) return -Infinity;
      let t = now;
      for (let b = covering(t); b; b = covering(t)) t = b.until ?? Infinity;
      return t;
    };
    const block = fc.record({ from: fc.option(fc.integer({ min: -20, max: 20 }), { nil: null }), length: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }) });
    fc.assert(fc.property(fc.array(block, { maxLength: 6 }), fc.integer({ min: -5, max: 25 }), (bs, at) => {
      const a = account('a');
      setBlocks(a, bs.map((b) => ({
        from: b.from === null ? null : iso(NOW + b.from * HOUR),
        until: b.length === null ? 'never' : iso(NOW + ((b.from ?? 0) + b.length) * HOUR),
        reason: 'r',
      })));
      expect(workableFrom(a, NOW + at * HOUR)).toBe(reference(a.blocks, NOW + at * HOUR));
    }));
  });

  it('reports the block beside the score', () => {
    const a = account('a');
    setBlock(a, '2026-11-23T08:00:00Z', 'cn.window');
    expect(scoreAccount(a, W, NOW)).toMatchObject({ blockedUntil: '2026-11-23T08:00:00.000Z', blockReason: 'cn.window' });
    expect(scoreAccount(a, W, Date.parse('2026-11-23T08:00:00Z'))).toMatchObject({ blockedUntil: null, blockReason: null });
    setBlock(a, 'never', 'cease');
    expect(scoreAccount(a, W, NOW)).toMatchObject({ blockedUntil: 'never', blockReason: 'cease' });
  });
});
