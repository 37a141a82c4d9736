// Times the person named as inconvenient bind the collector (12 CFR 1006.6(b)(1)(i): a time the
// collector knows or should know is inconvenient). The named range is read at every place the
// person may be, so it blocks if it is inconvenient anywhere.
import { complement, contains, firstAtOrAfter, normalize, type Interval } from '../intervals';
import { NO_REASONS, ALL_WEEKDAYS, reason, type RuleFamily, type WeeklyRanges } from '../pack';
import type { InconvenientTime } from '../facts';
import { changesAt, changesAtEdgeOf } from '../stability';
import { DAY, parseInstant } from '../time';
import { HORIZON_DAYS, describeRanges, weeklyIntervals } from './windows';

// One weekly pattern per distinct named time, so the interval cache of windows.ts (kept per
// pattern object) is hit across decisions instead of rebuilding two weeks of intervals each time.
const patterns = new Map<string, WeeklyRanges>();

function patternOf(t: InconvenientTime): WeeklyRanges {
  const key = `${t.weekdays.join(',')}|${t.from}|${t.to}`;
  let weekly = patterns.get(key);
  if (!weekly) {
    // A range like 22:00–07:00 wraps past midnight: split it at the day boundary.
    const wraps = t.to <= t.from;
    weekly = Object.fromEntries(ALL_WEEKDAYS.map((d) => [d, [] as [string, string][]])) as WeeklyRanges;
    for (const day of t.weekdays) {
      weekly[day].push([t.from, wraps ? '24:00' : t.to]);
      if (wraps && t.to !== '00:00') weekly[ALL_WEEKDAYS[(ALL_WEEKDAYS.indexOf(day) + 1) % 7]!].push(['00:00', t.to]);
    }
    if (patterns.size > 1_000) patterns.clear();
    patterns.set(key, weekly);
  }
  return weekly;
}

export function namedInconvenientTimes(rule: string): RuleFamily {
  return {
    name: 'times named inconvenient',
    personLevel: true,
    saysWhenItChanges: true,
    evaluate(ctx) {
      if (ctx.attempt.party !== 'debtor' || ctx.facts.debtor.inconvenientTimes.length === 0) return NO_REASONS;
      // A time named ahead of its own naming counts from then (stability.ts).
      for (const t of ctx.facts.debtor.inconvenientTimes) if (t.namedAt) changesAt(parseInstant(t.namedAt));
      const named = ctx.facts.debtor.inconvenientTimes.filter((t) => !t.namedAt || parseInstant(t.namedAt) <= ctx.now);
      if (named.length === 0) return NO_REASONS;
      const perEntry = named.map((t) => normalize(ctx.zones.flatMap((zone) => weeklyIntervals(patternOf(t), zone, ctx.now))));
      const busy = normalize(perEntry.flat() as Interval[]);
      // The weekly times are listed at least a day past the horizon (windows.ts weeklyIntervals).
      changesAtEdgeOf(busy, ctx.now, ctx.now + DAY);
      if (!contains(busy, ctx.now)) return NO_REASONS;
      const horizonEnd = ctx.now + HORIZON_DAYS * DAY;
      const next = firstAtOrAfter(complement(busy, ctx.now, horizonEnd), ctx.now);
      // A free time past the horizon comes inside it when asked later (as windows.ts).
      if (next === null || next >= horizonEnd) changesAt(next !== null ? next - HORIZON_DAYS * DAY : ctx.now + DAY);
      const hit = named[perEntry.findIndex((set) => contains(set, ctx.now))]!;
      return [reason(ctx, rule, 'block', 'namedInconvenientTime', { days: hit.weekdays.join(', '), window: describeRanges([[hit.from, hit.to]]) }, next !== null && next < horizonEnd ? next : null)];
    },
  };
}
