// The ranking engine at 100k accounts folded from 1M history events (deterministic synthetic
// portfolio, generated once and not timed):
// - queue.rerank.100k: a full re-rank, eligibility included (score every account, split off
//   the blocked ones with their return times, sort both lists), median of several runs,
//   against Array.prototype.sort of the same 100k precomputed scores.
// - queue.next-after-event.100k: one new event folded into its account, update() and next(),
//   95th percentile over many events (half of them on the account just taken, as an agent
//   works the queue, half on random accounts, as sync delivers them), against a linear scan
//   for the highest of the 100k scores.
// Run: npx tsx test/bench/run.ts queue.rerank   and   npx tsx test/bench/run.ts queue.next-after
import {
  applyCallback,
  applyHistory,
  createAggregate,
  DEFAULT_RANK_WEIGHTS,
  Ranking,
  setBlocks,
  type AccountAggregate,
  type BlockInput,
  type QueueHistoryInput,
} from '../../shared/queue';
import { localDay, localToInstant } from '../../shared/compliance/time';
import type { Currency, HistoryKind, Stage } from '../../shared/domain/portfolio';
import { type Bench, percentile, timeMs } from './bench';

const ACCOUNTS = 100_000;
const EVENTS = 1_000_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-23T06:00:00Z'); // 14:00 in Shanghai, 01:00 in New York

/** mulberry32: small, fast and the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

function pickWeighted<T>(r: () => number, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1]![0];
}

const ZONES: readonly (readonly [readonly [string, Currency], number])[] = [
  [['Asia/Shanghai', 'CNY'], 55],
  [['America/New_York', 'USD'], 18],
  [['America/Chicago', 'USD'], 12],
  [['America/Denver', 'USD'], 5],
  [['America/Los_Angeles', 'USD'], 10],
];
const STAGES: readonly (readonly [Stage, number])[] = [['reminder', 10], ['early', 30], ['late', 30], ['agency', 20], ['legal', 10]];
const KINDS: readonly (readonly [HistoryKind, number])[] = [['call', 60], ['sms', 12], ['promise', 8], ['payment', 5], ['visit', 3], ['note', 7], ['letter', 5]];
/** Account ids are UUIDs, as the server makes them: their order has nothing to do with the portfolio's. */
function uuid(r: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(r() * 4)]}${hex(3)}-${hex(12)}`;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const closures = new Map<string, BlockInput[]>();

/** Nights (21:00 to 08:00 local) from the one before NOW to two days after, per zone. */
function windowClosures(zone: string): BlockInput[] {
  let list = closures.get(zone);
  if (!list) {
    const today = localDay(NOW, zone);
    list = [-1, 0, 1, 2].map((d) => ({
      from: new Date(localToInstant(today + d, 21 * 60, zone, 'earliest')).toISOString(),
      until: new Date(localToInstant(today + d + 1, 8 * 60, zone, 'latest')).toISOString(),
      reason: 'window',
    })).filter((b) => Date.parse(b.until) > NOW);
    closures.set(zone, list);
  }
  return list;
}

interface Portfolio {
  aggregates: AccountAggregate[];
}

let cached: Portfolio | undefined;

/** 100k accounts and 1M history events folded into them, plus callbacks and blocks. */
function portfolio(): Portfolio {
  if (cached) return cached;
  const r = rng(20_261_123);
  const aggregates: AccountAggregate[] = [];
  const goodHour: number[] = []; // each debtor answers best around one hour of the day
  for (let i = 0; i < ACCOUNTS; i++) {
    const [timeZone, currency] = pickWeighted(r.next, ZONES);
    const debts = Array.from({ length: r.int(1, 2) }, () => ({
      balanceMinor: Math.round(10 ** (4 + r.next() * 3.5)), // ¥100 .. ¥316,000
      dueDate: isoDate(NOW - r.int(-5, 400) * DAY),
      stage: pickWeighted(r.next, STAGES),
    }));
    aggregates.push(createAggregate({ id: uuid(r.next), timeZone, currency }, debts));
    goodHour.push(r.int(0, 23));
  }
  for (let e = 0; e < EVENTS; e++) {
    const i = r.int(0, ACCOUNTS - 1);
    const agg = aggregates[i]!;
    const at = NOW - Math.floor(r.next() * 180 * DAY) - 60_000;
    const kind = pickWeighted(r.next, KINDS);
    const entry: QueueHistoryInput = { at: new Date(at).toISOString(), kind, result: 'noted', amountMinor: null, dueDate: null };
    if (kind === 'call') {
      const hourUtc = Math.floor((at % DAY) / HOUR);
      const near = Math.abs(((hourUtc - goodHour[i]! + 36) % 24) - 12) > 9; // within ~3 hours of the good hour (UTC, skewed by zone: fine)
      entry.result = r.next() < (near ? 0.6 : 0.2) ? 'answered' : pickWeighted(r.next, [['no_answer', 6], ['busy', 2], ['voicemail', 2]] as const);
    } else if (kind === 'promise') {
      const due = at + r.int(1, 14) * DAY;
      entry.dueDate = isoDate(due);
      entry.amountMinor = r.int(1, 50) * 100_00;
      entry.result = due >= NOW ? 'pending' : pickWeighted(r.next, [['kept', 4], ['broken', 3], ['pending', 3]] as const);
    } else if (kind === 'payment') {
      entry.amountMinor = r.int(1, 50) * 100_00;
      entry.result = 'received';
    }
    applyHistory(agg, entry);
  }
  // Eligibility as the core would give it from the gate: every account's calling window for
  // the next two days (08:00-21:00 local: US accounts are asleep at NOW, 01:00 in New York),
  // holds until lifted for some, a daily cap reached until local midnight for others.
  for (const agg of aggregates) {
    if (r.next() < 0.03) applyCallback(agg, { id: `cb-${agg.accountId}`, at: new Date(NOW + r.int(-8 * 60, 8 * 60) * 60_000).toISOString(), status: 'scheduled' });
    const blocks: BlockInput[] = [...windowClosures(agg.timeZone)];
    const y = r.next();
    if (y < 0.04) blocks.push({ until: 'never', reason: pickWeighted(r.next, [['cease', 3], ['dispute', 4], ['attorney', 2], ['bankruptcy', 1]] as const) });
    else if (y < 0.10) blocks.push({ until: new Date(localToInstant(localDay(NOW, agg.timeZone) + 1, 0, agg.timeZone, 'earliest')).toISOString(), reason: 'cap' });
    setBlocks(agg, blocks);
  }
  cached = { aggregates };
  return cached;
}

function argmax(xs: Float64Array): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

export const benches: Bench[] = [
  {
    name: 'queue.rerank.100k',
    async run() {
      const { aggregates } = portfolio();
      let minute = 0;
      const rerank = () => Ranking.build(aggregates, DEFAULT_RANK_WEIGHTS, NOW + (minute++ % 50) * 60_000);
      const ranked = rerank();
      if (ranked.workableCount + ranked.blockedCount !== ACCOUNTS || ranked.blockedCount === 0) throw new Error('bench portfolio is not what it should be');
      for (let i = 0; i < 3; i++) rerank(); // warm the JIT
      const value = timeMs(rerank, 11);

      const scores = aggregates.map((a) => ranked.explain(a.accountId)!.score);
      const baseline = timeMs(() => scores.slice().sort((a, b) => b - a), 11);
      return { value, unit: 'ms', baseline, baselineName: 'Array.prototype.sort of the same 100k precomputed scores' };
    },
  },
  {
    name: 'queue.next-after-event.100k',
    async run() {
      const { aggregates } = portfolio();
      const byId = new Map(aggregates.map((a) => [a.accountId, a]));
      const ranking = Ranking.build(aggregates, DEFAULT_RANK_WEIGHTS, NOW);
      const r = rng(7);
      const TRIALS = 1_000;
      const samples: number[] = [];
      let top = ranking.next(NOW)!.accountId;
      for (let k = 0; k < TRIALS; k++) {
        const now = NOW + 1_000 + k * 1_000; // one a second, within the hour (no zone-wide re-rank)
        const agg = k % 2 === 0 ? byId.get(top)! : aggregates[r.int(0, ACCOUNTS - 1)]!;
        const event: QueueHistoryInput = { at: new Date(now).toISOString(), kind: 'call', result: r.next() < 0.3 ? 'answered' : 'no_answer', amountMinor: null, dueDate: null };
        const t0 = performance.now();
        applyHistory(agg, event);
        ranking.update(agg, now);
        top = ranking.next(now)!.accountId;
        samples.push(performance.now() - t0);
      }
      const check = Ranking.build(aggregates, DEFAULT_RANK_WEIGHTS, NOW + TRIALS * 1_000);
      if (check.next(NOW + TRIALS * 1_000)!.accountId !== top) throw new Error('incremental next() disagrees with a rebuild');

      const scores = Float64Array.from(aggregates, (a) => ranking.explain(a.accountId)!.score);
      const scan: number[] = [];
      let sink = 0;
      for (let k = 0; k < TRIALS; k++) {
        const t0 = performance.now();
        sink += argmax(scores);
        scan.push(performance.now() - t0);
      }
      if (sink < 0) throw new Error('unreachable');
      return { value: percentile(samples, 95), unit: 'ms', baseline: percentile(scan, 95), baselineName: 'p95 linear scan for the highest of 100k precomputed scores' };
    },
  },
];
