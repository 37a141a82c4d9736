// Calling windows: the hours a contact may happen. Regulation F presumes 08:00–21:00 at the
// consumer's location convenient and asks for every possible location when they conflict
// (12 CFR 1006.6(b)(1)(i)); states add their own windows; China states quiet hours in Beijing
// time. Each window rule gives one reason, with the exact time it next opens everywhere.
import { contains, firstAtOrAfter, intersectAll, normalize, type Interval } from '../intervals';
import type { Location } from '../locations';
import { reason, type RuleReason, type RuleContext, type RuleFamily, type WeeklyRanges, type WindowRule } from '../pack';
import { DAY, formatHhMm, localParts, localToInstant, parseHhMm, startOfLocalDay, weekdayOf } from '../time';
import { consentActive } from './common';

/** Horizon for the next opening: two weeks covers any weekly pattern across a DST change. */
export const HORIZON_DAYS = 15;

// The same weekly pattern in the same zone from the same day is the same set: cache it per
// pattern object (packs are immutable; tighten() makes new pattern objects).
const cache = new WeakMap<WeeklyRanges, Map<string, Interval[]>>();

/** Instants inside `weekly` in `zone` from the local day before `from` to HORIZON_DAYS after. */
export function weeklyIntervals(weekly: WeeklyRanges, zone: string, from: number): Interval[] {
  const first = localParts(from, zone).day - 1;
  let byZone = cache.get(weekly);
  if (!byZone) cache.set(weekly, (byZone = new Map()));
  const key = `${zone}|${first}`;
  const hit = byZone.get(key);
  if (hit) return hit;
  const computed = computeWeekly(weekly, zone, first);
  if (byZone.size > 10_000) byZone.clear();
  byZone.set(key, computed);
  return computed;
}

function computeWeekly(weekly: WeeklyRanges, zone: string, first: number): Interval[] {
  const out: Interval[] = [];
  for (let day = first; day <= first + HORIZON_DAYS + 1; day++) {
    for (const [a, b] of weekly[weekdayOf(day)]) {
      const start = localToInstant(day, parseHhMm(a), zone, 'latest');
      const endMinute = parseHhMm(b);
      const end = endMinute >= 1440 ? startOfLocalDay(day + 1, zone) : localToInstant(day, endMinute, zone, 'earliest');
      out.push([start, end]);
    }
  }
  return normalize(out);
}

export function describeRanges(ranges: [string, string][]): string {
  return ranges.length === 0 ? '—' : ranges.map(([a, b]) => `${a}–${b}`).join(', ');
}

function applies(rule: WindowRule, ctx: RuleContext): boolean {
  if (!rule.channels.includes(ctx.attempt.channel) || !rule.parties.includes(ctx.attempt.party)) return false;
  // Consent given directly to the collector lifts the presumption (1006.6(b)(1): "without the
  // prior consent"; CN: "unless the debtor agreed otherwise"). Only the debtor can give it.
  return !(rule.consentLifts && ctx.attempt.party === 'debtor' && consentActive(ctx, 'time_of_day', ctx.now));
}

function locationsFor(rule: WindowRule, ctx: RuleContext): Location[] {
  if (rule.zone) return [{ zone: rule.zone, region: null, via: '' }];
  if (!rule.regions) return ctx.locations;
  return ctx.locations.filter((l) => l.region !== null && rule.regions!.includes(l.region));
}

export function checkWindow(rule: WindowRule, ctx: RuleContext): RuleReason | null {
  if (!applies(rule, ctx)) return null;
  const locations = locationsFor(rule, ctx);
  if (locations.length === 0) return null;
  const zones = [...new Set(locations.map((l) => l.zone))];
  const perZone = new Map(zones.map((zone) => [zone, weeklyIntervals(rule.weekly, zone, ctx.now)]));
  const open = intersectAll([...perZone.values()]);
  if (contains(open, ctx.now)) return null;
  const closedAt = locations.filter((l) => !contains(perZone.get(l.zone)!, ctx.now));
  const shown = closedAt.length > 0 ? closedAt : locations;
  const places = [...new Map(shown.map((l) => [l.zone, l])).values()]
    .map((l) => {
      const local = localParts(ctx.now, l.zone);
      return `${l.zone} ${formatHhMm(local.minuteOfDay)}${l.via ? ` (${l.via})` : ''}`;
    })
    .join('; ');
  const weekday = localParts(ctx.now, shown[0]!.zone).weekday;
  const next = firstAtOrAfter(open, ctx.now);
  // Beyond the horizon means the zones never share an open minute: time alone will not help.
  return reason(ctx, rule.id, 'block', rule.messageKey, { window: describeRanges(rule.weekly[weekday]), places, region: shown[0]!.region ?? '' }, next !== null && next < ctx.now + HORIZON_DAYS * DAY ? next : null);
}

export const callingWindows: RuleFamily = {
  name: 'calling windows',
  evaluate: (ctx) => ctx.pack.windows.map((rule) => checkWindow(rule, ctx)).filter((r): r is RuleReason => r !== null),
};
