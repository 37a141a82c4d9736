// The ranked queue: eligibility, paging, next account, and incremental updates that must
// always agree with a full re-rank.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCallback,
  applyHistory,
  DEFAULT_RANK_WEIGHTS as W,
  Ranking,
  setBlock,
  setBlocks,
  setDebts,
  type AccountAggregate,
} from '../../../shared/queue';
import { account, call, DAY, HOUR, iso, NEW_YORK, NOW, payment, promise, SHANGHAI } from './helpers';

describe('eligibility', () => {
  it('blocked accounts leave the workable list and return at their time', () => {
    const a = account('a', { balance: 40_000_00 });
    const b = account('b');
    const c = account('c', { balance: 100_00 });
    const held = account('held', { balance: 90_000_00 });
    setBlock(a, iso(NOW + 2 * HOUR), 'cn.window');
    setBlock(held, 'never', 'cease');
    const r = Ranking.build([a, b, c, held], W, NOW);

    expect(r.order()).toEqual(['b', 'c']);
    expect(r.blocked()).toEqual([
      { accountId: 'a', until: '2026-11-23T08:00:00.000Z', reason: 'cn.window', score: expect.any(Number) },
      { accountId: 'held', until: 'never', reason: 'cease', score: expect.any(Number) },
    ]);
    expect(r.next(NOW)?.accountId).toBe('b');
    expect(r.validUntil).toBeLessThanOrEqual(NOW + HOUR); // the next hour turns first

    expect(r.next(NOW + 2 * HOUR - 1)?.accountId).toBe('b');
    expect(r.next(NOW + 2 * HOUR)?.accountId).toBe('a'); // back, and first
    expect(r.order()).toEqual(['a', 'b', 'c']);
    expect(r.position('held')).toEqual({ workable: false, until: 'never' });
    expect(r.position('a')).toEqual({ workable: true, rank: 0 });

    setBlock(held, null);
    r.update(held, NOW + 2 * HOUR);
    expect(r.order()).toEqual(['held', 'a', 'b', 'c']);
    expect(r.blockedCount).toBe(0);
  });

  it('a block ahead takes the account out at its start and back at its end, chained blocks as one', () => {
    // Shanghai: the third call at 20:20 (12:20Z) reaches a daily cap until midnight (16:00Z);
    // the calling window closes at 21:00 (13:00Z) and opens at 08:00 (00:00Z).
    const a = account('a', { balance: 40_000_00 });
    setBlocks(a, [
      { from: '2026-11-23T13:00:00Z', until: '2026-11-24T00:00:00Z', reason: 'cn.window' },
      { from: '2026-11-23T12:20:00Z', until: '2026-11-23T16:00:00Z', reason: 'cn.daily_cap' },
    ]);
    const r = Ranking.build([a, account('b')], W, Date.parse('2026-11-23T12:00:00Z'));
    expect(r.order()).toEqual(['a', 'b']);
    expect(r.validUntil).toBe(Date.parse('2026-11-23T12:20:00Z'));
    r.advance(Date.parse('2026-11-23T12:20:00Z')); // within the hour: no full re-rank
    expect(r.order()).toEqual(['b']);
    expect(r.blocked()).toEqual([{ accountId: 'a', until: '2026-11-24T00:00:00.000Z', reason: 'cn.daily_cap', score: expect.any(Number) }]);
    expect(r.next(Date.parse('2026-11-24T00:00:00Z'))?.accountId).toBe('a');
  });

  it("a US account at 01:00 local is out until tonight's window opens, with tomorrow's night ahead", () => {
    const ny = account('ny', { zone: NEW_YORK });
    setBlocks(ny, [
      { from: '2026-11-23T02:00:00Z', until: '2026-11-23T13:00:00Z', reason: 'us.window' }, // 21:00-08:00 EST
      { from: '2026-11-24T02:00:00Z', until: '2026-11-24T13:00:00Z', reason: 'us.window' },
    ]);
    const r = Ranking.build([ny, account('sh')], W, NOW);
    expect(r.order()).toEqual(['sh']);
    expect(r.blocked().map((b) => [b.accountId, b.until, b.reason])).toEqual([['ny', '2026-11-23T13:00:00.000Z', 'us.window']]);
    r.advance(Date.parse('2026-11-23T13:00:00Z'));
    expect(r.order()).toContain('ny');
    r.advance(Date.parse('2026-11-24T02:00:00Z'));
    expect(r.order()).toEqual(['sh']);
  });

  it('next account skips what the caller excludes, and is null when nothing is workable', () => {
    const r = Ranking.build([account('a', { balance: 9_000_00 }), account('b')], W, NOW);
    expect(r.next(NOW, new Set(['a']))?.accountId).toBe('b');
    expect(r.next(NOW, new Set(['a', 'b']))).toBeNull();
  });
});

describe('order', () => {
  it('breaks ties by account id and pages with the parts that made each score', () => {
    const aggs = ['d', 'b', 'a', 'c'].map((id) => account(id));
    const r = Ranking.build(aggs, W, NOW);
    expect(r.order()).toEqual(['a', 'b', 'c', 'd']);
    const page = r.page(1, 2);
    expect(page.map((p) => [p.accountId, p.rank])).toEqual([['b', 1], ['c', 2]]);
    for (const row of page) expect(row.parts.reduce((s, p) => s + p.points, 0)).toBe(row.score);
    expect(r.explain('c')?.score).toBe(page[1]!.score);
  });

  it('an outcome logged moves the account at once: attempted goes down, promise broken goes up', () => {
    const aggs = ['a', 'b', 'c'].map((id) => account(id));
    const r = Ranking.build(aggs, W, NOW);
    expect(r.next(NOW)?.accountId).toBe('a');
    applyHistory(aggs[0]!, call(NOW + 60_000, 'no_answer'));
    r.update(aggs[0]!, NOW + 60_000);
    expect(r.order()).toEqual(['b', 'c', 'a']);
    applyHistory(aggs[2]!, promise(NOW - 3 * DAY, '2026-11-22', 'broken'));
    r.update(aggs[2]!, NOW + 2 * 60_000);
    expect(r.next(NOW + 2 * 60_000)?.parts.map((p) => p.key)).toContain('promiseBroken');
    expect(r.order()).toEqual(['c', 'b', 'a']);
  });

  it('filters a page in rank order, with the total that pass', () => {
    const aggs = Array.from({ length: 10 }, (_, i) => account(`acc-${i}`, { balance: (i + 1) * 1_000_00 }));
    const r = Ranking.build(aggs, W, NOW);
    const even = (id: string) => Number(id.slice(4)) % 2 === 0;
    const { total, rows } = r.filtered(even, 1, 2);
    expect(total).toBe(5);
    expect(rows.map((x) => [x.accountId, x.rank])).toEqual([['acc-6', 3], ['acc-4', 5]]);
  });

  it('adds and removes accounts', () => {
    const r = Ranking.build([account('a')], W, NOW);
    r.update(account('b', { balance: 50_000_00 }), NOW);
    expect(r.order()).toEqual(['b', 'a']);
    r.remove('b');
    expect(r.order()).toEqual(['a']);
    expect(r.position('b')).toBeNull();
    r.update(account('c'), NOW);
    expect(r.order()).toEqual(['a', 'c']);
  });

  it('finds accounts again after removals and re-additions, before and after a re-rank', () => {
    const aggs = Array.from({ length: 40 }, (_, i) => account(`acc-${String(i).padStart(2, '0')}`, { balance: (i + 1) * 1_000_00 }));
    const r = Ranking.build(aggs, W, NOW);
    r.remove('acc-05');
    r.remove('acc-30');
    r.update(account('acc-05', { balance: 90_000_00 }), NOW); // back, in a new slot
    r.update(account('new', { balance: 100_00 }), NOW);
    expect(r.position('acc-05')).toEqual({ workable: true, rank: 0 });
    expect(r.position('acc-30')).toBeNull();
    expect(r.explain('new')?.accountId).toBe('new');
    r.advance(NOW + HOUR); // a zone's hour turns: full re-rank, slots reused from here
    r.update(account('acc-30'), NOW + HOUR);
    r.update(account('later'), NOW + HOUR);
    const live = [...aggs.filter((a) => a.accountId !== 'acc-05' && a.accountId !== 'acc-30')];
    expect(r.order()).toEqual(Ranking.build([...live, account('acc-05', { balance: 90_000_00 }), account('new', { balance: 100_00 }), account('acc-30'), account('later')], W, NOW + HOUR).order());
    expect(r.workableCount).toBe(42);
  });

  it('refuses duplicate accounts', () => {
    expect(() => Ranking.build([account('a'), account('a')], W, NOW)).toThrow(/Duplicate/);
  });
});

// update() + next() must give exactly what a full rebuild gives at the same instant, whatever
// happens in between: events of every kind, blocks set and lifted, accounts added and removed,
// the clock crossing minutes, hours (reach), local midnights (days past due, promises) and
// block and callback times.
describe('incremental ranking equals a full rebuild', () => {
  // Whole-hour zones mostly, so most ticks stay within the hour and exercise the per-account
  // change times; Kolkata's half-hour boundaries now and then.
  const ZONES = [SHANGHAI, NEW_YORK, SHANGHAI, NEW_YORK, 'Asia/Kolkata'];
  const op = fc.oneof(
    fc.record({ type: fc.constant('call' as const), k: fc.nat(), minutesAgo: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 55, max: 60 })), result: fc.constantFrom('answered', 'no_answer', 'busy', 'voicemail' as const) }),
    fc.record({ type: fc.constant('promise' as const), k: fc.nat(), dueIn: fc.integer({ min: -3, max: 3 }), result: fc.constantFrom('pending', 'kept', 'broken' as const) }),
    fc.record({ type: fc.constant('payment' as const), k: fc.nat() }),
    fc.record({ type: fc.constant('callback' as const), k: fc.nat(), inMinutes: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: -30, max: 600 })), cancel: fc.boolean() }),
    fc.record({ type: fc.constant('block' as const), k: fc.nat(), minutes: fc.option(fc.integer({ min: -10, max: 600 }), { nil: null }), never: fc.boolean() }),
    fc.record({ type: fc.constant('blocks' as const), k: fc.nat(), blocks: fc.array(fc.record({ from: fc.option(fc.oneof(fc.integer({ min: 1, max: 25 }), fc.integer({ min: -60, max: 900 })), { nil: null }), length: fc.option(fc.integer({ min: 1, max: 900 }), { nil: null }) }), { maxLength: 3 }) }),
    fc.record({ type: fc.constant('debts' as const), k: fc.nat(), balance: fc.integer({ min: 0, max: 60_000_00 }), stage: fc.constantFrom('early', 'late', 'legal' as const) }),
    fc.record({ type: fc.constant('add' as const), zone: fc.constantFrom(...ZONES), balance: fc.integer({ min: 0, max: 60_000_00 }) }),
    fc.record({ type: fc.constant('remove' as const), k: fc.nat() }),
    fc.record({ type: fc.constant('tick' as const), minutes: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(11, 29, 61, 180, 60 * 13)) }),
  );
  const scenario = fc.record({
    accounts: fc.array(fc.record({ zone: fc.constantFrom(...ZONES), dueOffset: fc.integer({ min: 0, max: 300 }), balance: fc.integer({ min: 0, max: 60_000_00 }) }), { minLength: 1, maxLength: 12 }),
    startMinutes: fc.oneof(fc.integer({ min: 0, max: 24 * 60 }), fc.integer({ min: 0, max: 10 })),
    ops: fc.array(op, { maxLength: 40 }),
  });

  it('as time passes within the hour: callbacks come due, blocks start and lift, recency fades', () => {
    const acct = fc.record({
      balance: fc.integer({ min: 0, max: 60_000_00 }),
      callbackIn: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      calledAgo: fc.option(fc.integer({ min: 20, max: 60 }), { nil: null }),
      blockFrom: fc.option(fc.integer({ min: -5, max: 40 }), { nil: null }),
      blockFor: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
    });
    fc.assert(fc.property(fc.array(acct, { minLength: 2, maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 15 }), (accts, ticks) => {
      const start = NOW; // 14:00 in Shanghai: an hour before the next zone-wide change
      const aggs = accts.map((o, i) => {
        const agg = account(`acc-${i}`, { balance: o.balance });
        if (o.callbackIn !== null) applyCallback(agg, { id: 'cb', at: iso(start + o.callbackIn * 60_000), status: 'scheduled' });
        if (o.calledAgo !== null) applyHistory(agg, call(start - o.calledAgo * 60_000));
        if (o.blockFrom !== null) setBlocks(agg, [{ from: iso(start + o.blockFrom * 60_000), until: o.blockFor === null ? 'never' : iso(start + (o.blockFrom + o.blockFor) * 60_000), reason: 'r' }]);
        return agg;
      });
      const r = Ranking.build(aggs, W, start);
      let now = start;
      for (const t of ticks) {
        now += t * 60_000;
        r.advance(now);
        const fresh = Ranking.build(aggs, W, now);
        expect(r.page(0, Infinity)).toEqual(fresh.page(0, Infinity));
        expect(r.blocked()).toEqual(fresh.blocked());
      }
    }), { numRuns: 300 });
  });

  it('after every step', () => {
    fc.assert(fc.property(scenario, (s) => {
      let now = NOW + s.startMinutes * 60_000;
      const live = new Map<string, AccountAggregate>();
      let nextId = 0;
      const make = (zone: string, balance: number, dueOffset = 30) => {
        const id = `acc-${String(nextId++).padStart(3, '0')}`;
        const agg = account(id, { zone, balance, dueDate: new Date(NOW - dueOffset * DAY).toISOString().slice(0, 10) });
        live.set(id, agg);
        return agg;
      };
      for (const a of s.accounts) make(a.zone, a.balance, a.dueOffset);
      const r = Ranking.build([...live.values()].reverse(), W, now); // slot order unlike the rebuilds'
      const pick = (k: number) => [...live.values()][k % live.size];

      for (const o of s.ops) {
        if (o.type === 'tick') {
          now += o.minutes * 60_000;
          r.advance(now);
        } else if (o.type === 'add') {
          r.update(make(o.zone, o.balance), now);
        } else if (o.type === 'remove') {
          const agg = pick(o.k);
          if (!agg) continue;
          live.delete(agg.accountId);
          r.remove(agg.accountId);
        } else {
          const agg = pick(o.k);
          if (!agg) continue;
          switch (o.type) {
            case 'call': applyHistory(agg, call(now - o.minutesAgo * 60_000, o.result)); break;
            case 'promise': applyHistory(agg, promise(now - DAY, new Date(now + o.dueIn * DAY).toISOString().slice(0, 10), o.result)); break;
            case 'payment': applyHistory(agg, payment(now)); break;
            case 'callback': applyCallback(agg, { id: `cb-${o.inMinutes}`, at: iso(now + o.inMinutes * 60_000), status: o.cancel ? 'cancelled' : 'scheduled' }); break;
            case 'block': setBlock(agg, o.never ? 'never' : o.minutes === null ? null : iso(now + o.minutes * 60_000), 'rule'); break;
            case 'blocks': setBlocks(agg, o.blocks.map((b, i) => ({
              from: b.from === null ? null : iso(now + b.from * 60_000),
              until: b.length === null ? 'never' : iso(now + ((b.from ?? 0) + b.length) * 60_000),
              reason: `rule-${i}`,
            }))); break;
            case 'debts': setDebts(agg, [{ balanceMinor: o.balance, dueDate: '2026-09-01', stage: o.stage }]); break;
          }
          r.update(agg, now);
        }
        const fresh = Ranking.build([...live.values()], W, now);
        const page = r.page(0, Infinity);
        expect(page).toEqual(fresh.page(0, Infinity));
        for (const row of page) expect(row.parts.reduce((sum, p) => sum + p.points, 0)).toBe(row.score);
        expect(r.blocked()).toEqual(fresh.blocked());
        expect(r.next(now)).toEqual(fresh.next(now));
      }
    }), { numRuns: 300 });
  });
});
