// Calling windows: the hours a contact may happen. Regulation F presumes 08:00–21:00 at the
// consumer's location convenient and asks for every possible location when they conflict
// (12 CFR 1006.6(b)(1)(i)); states add their own windows; China states quiet hours in Beijing
// time. Each window rule gives one reason, with the exact time it next opens everywhere.
import { contains, firstAtOrAfter, intersectAll, normalize, type Interval } from '../intervals';
import { remember, remembered } from '../places';
import type { Location } from '../locations';
import { NO_REASONS, reason, type Reason, type RuleReason, type RuleContext, type RuleFamily, type WeeklyRanges, type WindowRule } from '../pack';
import { encodePlaces } from '../present';
import { DAY, localDay, localParts, localToInstant, parseHhMm, startOfLocalDay, weekdayOf } from '../time';
import { changesAt, changesAtEdgeOf } from '../stability';
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

/** What a window rule covers at one set of places, and when it is open there (kept with the places). */
interface Coverage {
  /** The possible locations the rule covers: all of them, or those in its regions, or its fixed zone. */
  locations: Location[];
  zones: string[];
  /**
   * Stretches of time over which the rule is open at every covered zone, or closed at some, the
   * whole way through: the last few the gate asked about. A stretch ends where one of the
   * zones' open intervals (as weeklyIntervals lists them) begins or ends, so inside it the answer
   * cannot change; the next decision at these places, at the next sweep, is usually inside the
   * same one.
   */
  spans: Span[];
}

interface Span {
  from: number;
  to: number;
  open: boolean;
  /** Closed: the first instant from which it is open everywhere, the same for any time in the stretch (found on first use). */
  next?: number;
}

/** Stretches kept per rule and places (one per decision time a sweep, its probes, a screen ask about). */
const SPANS_KEPT = 4;

// A window stated in one fixed zone (Beijing time) is read there, wherever the person is: one
// coverage per rule for everybody.
const fixedZones = new WeakMap<WindowRule, Coverage>();

function fixedCoverage(rule: WindowRule): Coverage {
  let fixed = fixedZones.get(rule);
  if (!fixed) fixedZones.set(rule, (fixed = { locations: [{ zone: rule.zone!, region: null, via: '' }], zones: [rule.zone!], spans: [] }));
  return fixed;
}

function coverage(rule: WindowRule, ctx: RuleContext): Coverage {
  if (rule.zone) return fixedCoverage(rule);
  const known = remembered<Coverage>(ctx.places, rule);
  if (known) return known;
  if (!rule.regions) return remember<Coverage>(ctx.places, rule, { locations: ctx.locations, zones: ctx.zones, spans: [] });
  const locations: Location[] = [];
  for (const l of ctx.locations) if (l.region !== null && rule.regions.includes(l.region)) locations.push(l);
  return remember<Coverage>(ctx.places, rule, { locations, zones: [...new Set(locations.map((l) => l.zone))], spans: [] });
}

/** The stretch holding `now`: open in every covered zone, or closed in some; a kept one when it holds `now`. */
function spanAt(rule: WindowRule, covered: Coverage, now: number): Span {
  const spans = covered.spans;
  for (const s of spans) if (s.from <= now && now < s.to) return s;
  let from = -Infinity;
  let to = Infinity;
  let open = true;
  for (const zone of covered.zones) {
    const set = weeklyIntervals(rule.weekly, zone, now);
    // The last interval starting at or before now: now is inside it, or in the gap after it.
    let lo = 0;
    let hi = set.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (set[mid]![0] <= now) lo = mid + 1;
      else hi = mid - 1;
    }
    if (hi >= 0 && now < set[hi]![1]) {
      from = Math.max(from, set[hi]![0]);
      to = Math.min(to, set[hi]![1]);
    } else {
      open = false;
      // Outside the listed days (never for the days the list is made for) the stretch is now alone.
      from = Math.max(from, hi >= 0 ? set[hi]![1] : now);
      to = Math.min(to, hi + 1 < set.length ? set[hi + 1]![0] : now + 1);
    }
  }
  const span: Span = { from, to, open };
  if (spans.length >= SPANS_KEPT) spans.pop();
  spans.unshift(span);
  return span;
}

/**
 * The same check as below with nothing kept: for places decided on once (the command line, an
 * audit), where keeping would only cost.
 */
function checkOnce(rule: WindowRule, ctx: RuleContext): RuleReason | null {
  let locations = ctx.locations;
  let zones = ctx.zones;
  if (rule.zone) ({ locations, zones } = fixedCoverage(rule));
  else if (rule.regions) {
    const regions = rule.regions;
    locations = locations.filter((l) => l.region !== null && regions.includes(l.region));
    zones = [...new Set(locations.map((l) => l.zone))];
  }
  if (locations.length === 0) return null;
  let open = true;
  for (const zone of zones) {
    const set = weeklyIntervals(rule.weekly, zone, ctx.now);
    // Open or closed, the answer holds until an edge of some zone's window (stability.ts).
    changesAtEdgeOf(set, ctx.now, ctx.now + DAY);
    if (open && !contains(set, ctx.now)) open = false;
  }
  if (open) return null;
  return closed(rule, ctx, locations, zones, firstAtOrAfter(intersectAll(intervalsAt(rule, zones, ctx.now)), ctx.now));
}

export function checkWindow(rule: WindowRule, ctx: RuleContext): RuleReason | null {
  if (!applies(rule, ctx)) return null;
  if (ctx.places.uses < 2) return checkOnce(rule, ctx);
  const covered = coverage(rule, ctx);
  if (covered.locations.length === 0) return null;
  // Open now means open now in every zone; only a closed window needs the reason built below.
  const span = spanAt(rule, covered, ctx.now);
  // Inside the stretch the answer cannot change (stability.ts).
  changesAt(span.to);
  if (span.open) return null;
  return closedReason(rule, ctx, covered.locations, covered.zones, span);
}

/** The reason for a window closed now at some location, with the first instant it is open at all. */
function intervalsAt(rule: WindowRule, zones: string[], now: number): Interval[][] {
  return zones.map((zone) => weeklyIntervals(rule.weekly, zone, now));
}

function closedReason(rule: WindowRule, ctx: RuleContext, locations: Location[], zones: string[], span: Span): RuleReason {
  // The first time the zones share an open minute: an interval of their intersection starts at a
  // zone's boundary, so not before the stretch ends, and the same for any time in it.
  let next: number | null | undefined = span.next;
  if (next === undefined) {
    next = firstAtOrAfter(intersectAll(intervalsAt(rule, zones, ctx.now)), ctx.now);
    if (next !== null) span.next = next;
  }
  return closed(rule, ctx, locations, zones, next);
}

/** The reason for a window closed now that opens everywhere at `next` (null: the zones never share an open minute). */
function closed(rule: WindowRule, ctx: RuleContext, locations: Location[], zones: string[], next: number | null): RuleReason {
  // Beyond the horizon means the zones never share an open minute: time alone will not help.
  const allowedFrom = next !== null && next < ctx.now + HORIZON_DAYS * DAY ? next : null;
  // Past the horizon, asked again later the opening may fall inside it: the answer holds until
  // then (the zones' windows are listed at least a day past the horizon, so an opening not
  // listed at all cannot come inside it within a day).
  if (allowedFrom === null) changesAt(next !== null ? next - HORIZON_DAYS * DAY : ctx.now + DAY);
  const params = ctx.probing ? {} : closedParams(rule, ctx, locations, zones, intervalsAt(rule, zones, ctx.now));
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
  personLevel: true,
  saysWhenItChanges: true,
  evaluate(ctx) {
    let reasons: RuleReason[] | undefined;
    for (const rule of ctx.pack.windows) {
      const closed = checkWindow(rule, ctx);
      if (closed) (reasons ??= []).push(closed);
    }
    return reasons ?? NO_REASONS;
  },
};
