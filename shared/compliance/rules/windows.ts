// Calling windows: the hours a contact may happen. Regulation F presumes 08:00–21:00 at the
// consumer's location convenient and asks for every possible location when they conflict
// (12 CFR 1006.6(b)(1)(i)); states add their own windows; China states quiet hours in Beijing
// time. Each window rule gives one reason, with the exact time it next opens everywhere.
import { contains, firstAtOrAfter, intersectAll, normalize, type Interval } from '../intervals';
import type { Location } from '../locations';
import { NO_REASONS, reason, type Reason, type RuleReason, type RuleContext, type RuleFamily, type WeeklyRanges, type WindowRule } from '../pack';
import { encodePlaces } from '../present';
import { DAY, localDay, localParts, localToInstant, parseHhMm, startOfLocalDay, weekdayOf } from '../time';
import { consentActive } from './common';

/** Horizon for the next opening: two weeks covers any weekly pattern across a DST change. */
export const HORIZON_DAYS = 15;

// The same weekly pattern in the same zone from the same day is the same set: cache it per
// pattern object (packs are immutable; tighten() makes new pattern objects), zone and day.
const cache = new WeakMap<WeeklyRanges, Map<string, Map<number, Interval[]>>>();

/** Instants inside `weekly` in `zone` from the local day before `from` to HORIZON_DAYS after. */
export function weeklyIntervals(weekly: WeeklyRanges, zone: string, from: number): Interval[] {
  const first = localDay(from, zone) - 1;
  let byZone = cache.get(weekly);
  if (!byZone) cache.set(weekly, (byZone = new Map()));
  let byDay = byZone.get(zone);
  if (!byDay) byZone.set(zone, (byDay = new Map()));
  let hit = byDay.get(first);
  if (!hit) {
    if (byDay.size > 1_000) byDay.clear();
    byDay.set(first, (hit = computeWeekly(weekly, zone, first)));
  }
  return hit;
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

// A window stated in one fixed zone (Beijing time) is read there, wherever the person is.
const fixedZones = new Map<string, { locations: Location[]; zones: string[] }>();

function fixedZone(zone: string): { locations: Location[]; zones: string[] } {
  let fixed = fixedZones.get(zone);
  if (!fixed) fixedZones.set(zone, (fixed = { locations: [{ zone, region: null, via: '' }], zones: [zone] }));
  return fixed;
}

/** The possible locations the rule covers: all of them, or those in its regions. */
function locationsFor(rule: WindowRule, ctx: RuleContext): Location[] {
  if (rule.zone) return fixedZone(rule.zone).locations;
  if (!rule.regions) return ctx.locations;
  const inRegions: Location[] = [];
  for (const l of ctx.locations) if (l.region !== null && rule.regions.includes(l.region)) inRegions.push(l);
  return inRegions;
}

function zonesFor(rule: WindowRule, ctx: RuleContext, locations: Location[]): string[] {
  if (rule.zone) return fixedZone(rule.zone).zones;
  if (!rule.regions) return ctx.zones;
  return [...new Set(locations.map((l) => l.zone))];
}

export function checkWindow(rule: WindowRule, ctx: RuleContext): RuleReason | null {
  if (!applies(rule, ctx)) return null;
  const locations = locationsFor(rule, ctx);
  if (locations.length === 0) return null;
  const zones = zonesFor(rule, ctx, locations);
  // Open now means open now in every zone; only a closed window needs the reason built below.
  for (const zone of zones) if (!contains(weeklyIntervals(rule.weekly, zone, ctx.now), ctx.now)) return closedReason(rule, ctx, locations, zones);
  return null;
}

/** The reason for a window closed now at some location, with the first instant it is open at all. */
function closedReason(rule: WindowRule, ctx: RuleContext, locations: Location[], zones: string[]): RuleReason {
  const perZone = zones.map((zone) => weeklyIntervals(rule.weekly, zone, ctx.now));
  const next = firstAtOrAfter(intersectAll(perZone), ctx.now);
  // Beyond the horizon means the zones never share an open minute: time alone will not help.
  const allowedFrom = next !== null && next < ctx.now + HORIZON_DAYS * DAY ? next : null;
  const params = ctx.probing ? {} : closedParams(rule, ctx, locations, zones, perZone);
  return reason(ctx, rule.id, 'block', rule.messageKey, params, allowedFrom);
}

/**
 * What the agent reads: the window and the places where it is closed now (present.ts words them
 * with their local time, `now`, and zone label), the first of them also as `zone`.
 */
function closedParams(rule: WindowRule, ctx: RuleContext, locations: Location[], zones: string[], perZone: Interval[][]): Reason['params'] {
  const closedAt = locations.filter((l) => !contains(perZone[zones.indexOf(l.zone)]!, ctx.now));
  const shown = closedAt.length > 0 ? closedAt : locations;
  const weekday = localParts(ctx.now, shown[0]!.zone).weekday;
  return { window: describeRanges(rule.weekly[weekday]), places: encodePlaces(shown), region: shown[0]!.region ?? '', zone: shown[0]!.zone, now: ctx.now };
}

export const callingWindows: RuleFamily = {
  name: 'calling windows',
  evaluate(ctx) {
    let reasons: RuleReason[] | undefined;
    for (const rule of ctx.pack.windows) {
      const closed = checkWindow(rule, ctx);
      if (closed) (reasons ??= []).push(closed);
    }
    return reasons ?? NO_REASONS;
  },
};
