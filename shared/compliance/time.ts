// Wall-clock arithmetic in IANA zones with the runtime's Intl tz database: no scanning, every
// boundary is computed from the zone's offset. Times are epoch milliseconds.
import type { Weekday } from './facts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_BUCKET = 15 * MINUTE; // every tz transition since 1970 falls on a quarter hour UTC

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset (local minus UTC, in ms) at instant `ms`. */
export function offsetAt(ms: number, zone: string): number {
  const bucket = Math.floor(ms / OFFSET_BUCKET);
  let byBucket = offsetCache.get(zone);
  if (!byBucket) offsetCache.set(zone, (byBucket = new Map()));
  const cached = byBucket.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * OFFSET_BUCKET;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = local - at;
  if (byBucket.size > 100_000) byBucket.clear();
  byBucket.set(bucket, offset);
  return offset;
}

/** A calendar date (no zone) as days since 1970-01-01. */
export type DayNumber = number;

export interface LocalParts {
  day: DayNumber;
  minuteOfDay: number;
  weekday: Weekday;
}

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function weekdayOf(day: DayNumber): Weekday {
  return WEEKDAYS[(((day + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
}

/** The local calendar day of an instant (the hot path of the counting rules). */
export function localDay(ms: number, zone: string): DayNumber {
  return Math.floor((ms + offsetAt(ms, zone)) / DAY);
}

export function localParts(ms: number, zone: string): LocalParts {
  const local = ms + offsetAt(ms, zone);
  const day = Math.floor(local / DAY);
  return { day, minuteOfDay: Math.floor((local - day * DAY) / MINUTE), weekday: weekdayOf(day) };
}

export function dayToIsoDate(day: DayNumber): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function isoDateToDay(date: string): DayNumber {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
}

/**
 * The instant a local wall-clock time happens in `zone`. A time skipped by a DST gap maps to the
 * end of the gap (the first instant that exists after it); a time repeated by a fall-back maps
 * to its first or last occurrence as asked (`earliest` for ends of windows, `latest` for starts,
 * so a window never grows).
 */
export function localToInstant(day: DayNumber, minuteOfDay: number, zone: string, repeated: 'earliest' | 'latest'): number {
  const local = day * DAY + minuteOfDay * MINUTE;
  const before = offsetAt(local - 14 * HOUR, zone);
  const after = offsetAt(local + 14 * HOUR, zone);
  const candidates = [...new Set([local - before, local - after])].filter((t) => t + offsetAt(t, zone) === local).sort((a, b) => a - b);
  if (candidates.length > 0) return repeated === 'earliest' ? candidates[0]! : candidates[candidates.length - 1]!;
  // In a gap: the transition lies between the two readings; find it to the millisecond.
  let lo = Math.min(local - before, local - after);
  let hi = Math.max(local - before, local - after);
  const startOffset = offsetAt(lo, zone);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, zone) === startOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Local midnight at the start of `day` in `zone`. */
export function startOfLocalDay(day: DayNumber, zone: string): number {
  return localToInstant(day, 0, zone, 'earliest');
}

export function parseHhMm(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h! * 60 + m!;
}

export function formatHhMm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** ISO time of an instant in a zone, with that zone's offset: 2026-03-08T08:00:00-04:00. */
export function toZonedIso(ms: number, zone: string): string {
  const offset = offsetAt(ms, zone);
  const local = new Date(ms + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / MINUTE;
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
