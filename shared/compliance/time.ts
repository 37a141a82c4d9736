// Wall-clock arithmetic in IANA zones with the runtime's Intl tz database: no scanning, every
// boundary is computed from the zone's offset. Times are epoch milliseconds.
import type { Weekday } from './facts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

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

/** The offset Intl reports at the whole second `at` (one formatToParts: several µs, so rare). */
function readOffset(at: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - at;
}

// Offsets are read from Intl once per zone and 32-day span of UTC time, and kept as the offset at
// the span's start plus the instants (to the second) where it changes inside the span, usually
// none. A lookup is then a little arithmetic. Intl is sampled every 6 hours and each change found
// by bisection; the tz database has no two offset changes in one zone less than about a week
// apart (zdump, 1970–2045), so no change can hide between two samples.
const SPAN = 32 * DAY;
const SAMPLE = 6 * HOUR;
const SECOND = 1000;

interface Span {
  /** offsets[0] from the span's start; offsets[k] from changes[k - 1] on. */
  offsets: number[];
  changes: number[];
}

export class ZoneOffsets {
  private readonly spans = new Map<number, Span>();
  private lastIndex = NaN;
  private last: Span | undefined;

  constructor(private readonly zone: string) {}

  /** The offset (local minus UTC, in ms) at instant `ms`. */
  at(ms: number): number {
    const index = Math.floor(ms / SPAN);
    let span = index === this.lastIndex ? this.last! : this.spans.get(index);
    if (!span) {
      if (this.spans.size > 4096) this.spans.clear();
      this.spans.set(index, (span = this.read(index * SPAN)));
    }
    this.lastIndex = index;
    this.last = span;
    let k = 0;
    while (k < span.changes.length && ms >= span.changes[k]!) k++;
    return span.offsets[k]!;
  }

  private read(start: number): Span {
    const span: Span = { offsets: [readOffset(start, this.zone)], changes: [] };
    let before = start;
    let offset = span.offsets[0]!;
    for (let t = start + SAMPLE; t <= start + SPAN; t += SAMPLE) {
      const next = readOffset(t, this.zone);
      if (next === offset) {
        before = t;
        continue;
      }
      const change = this.firstChange(before, t, offset);
      // A change exactly at the end belongs to the next span.
      if (change < start + SPAN) {
        span.changes.push(change);
        span.offsets.push(readOffset(change, this.zone));
      }
      before = t;
      offset = next;
    }
    return span;
  }

  /** The first whole second in (lo, hi] whose offset differs from `offset` (the one at lo). */
  private firstChange(lo: number, hi: number, offset: number): number {
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
      if (readOffset(mid, this.zone) === offset) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}

const zoneOffsets = new Map<string, ZoneOffsets>();
let lastZone = '';
let lastOffsets: ZoneOffsets | undefined;

/** The offset table of `zone`, for loops over many instants in one zone. */
export function zoneOffsetsOf(zone: string): ZoneOffsets {
  // Calls come in runs for the same zone: skip the Map while it stays the same.
  if (zone === lastZone && lastOffsets) return lastOffsets;
  let z = zoneOffsets.get(zone);
  if (!z) zoneOffsets.set(zone, (z = new ZoneOffsets(zone)));
  lastZone = zone;
  lastOffsets = z;
  return z;
}

/** The zone's UTC offset (local minus UTC, in ms) at instant `ms`. */
export function offsetAt(ms: number, zone: string): number {
  return zoneOffsetsOf(zone).at(ms);
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
  // Any offset in force around that wall-clock time is in force 14 hours either side of it.
  const a = local - offsetAt(local - 14 * HOUR, zone);
  const b = local - offsetAt(local + 14 * HOUR, zone);
  const aHappens = a + offsetAt(a, zone) === local;
  const bHappens = b !== a && b + offsetAt(b, zone) === local;
  if (aHappens && bHappens) return repeated === 'earliest' ? Math.min(a, b) : Math.max(a, b);
  if (aHappens) return a;
  if (bHappens) return b;
  // In a gap: the transition lies between the two readings; find it to the millisecond.
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
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

/** The two-digit number at `at`, or -1 unless both characters are ASCII digits. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * `Date.parse` for the times the facts document holds (YYYY-MM-DDTHH:MM:SS, optional .sss,
 * then Z or ±HH:MM), without its cost: the gate reads twenty or more of them per decision and
 * Date.parse takes several times as long. Any other text, or a value out of range, goes to
 * Date.parse itself, so the result is always what Date.parse would give.
 */
export function parseInstant(text: string): number {
  const n = text.length;
  // YYYY-MM-DDTHH:MM:SS: dashes at 4 and 7, T at 10, colons at 13 and 16.
  if (n < 20 || n > 29 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58)
    return Date.parse(text);
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 46) { // .sss
    const a = twoDigits(text, 20);
    const b = text.charCodeAt(22) - 48;
    millis = a >= 0 && b >= 0 && b <= 9 ? a * 10 + b : -1;
    at = 23;
  }
  let offsetMinutes = 0;
  const designator = text.charCodeAt(at);
  if (designator === 43 || designator === 45) { // ±HH:MM
    const hours = twoDigits(text, at + 1);
    const minutes = twoDigits(text, at + 4);
    if (at + 6 !== n || text.charCodeAt(at + 3) !== 58 || hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return Date.parse(text);
    offsetMinutes = (designator === 45 ? -1 : 1) * (hours * 60 + minutes);
  } else if (designator !== 90 || at + 1 !== n) return Date.parse(text); // Z
  const year = century * 100 + yy;
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0)
    return Date.parse(text);
  return daysFromCivil(year, month, day) * DAY + hour * HOUR + (minute - offsetMinutes) * MINUTE + second * SECOND + millis;
}

const LAST_FAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const ZERO = 48;

/**
 * `new Date(ms).toISOString()` (2026-06-08T12:00:00.000Z) for instants from 1970 to 9999, by
 * arithmetic and one string allocation: every decision prints a few of them. Others go to
 * toISOString itself.
 */
export function isoUtc(ms: number): string {
  if (!(ms >= 0 && ms <= LAST_FAST_INSTANT) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY);
  let rest = ms - days * DAY;
  // H. Hinnant's civil_from_days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / HOUR);
  rest -= hour * HOUR;
  const minute = Math.floor(rest / MINUTE);
  rest -= minute * MINUTE;
  const second = Math.floor(rest / SECOND);
  const millis = rest - second * SECOND;
  return String.fromCharCode(
    ZERO + Math.floor(year / 1000), ZERO + (Math.floor(year / 100) % 10), ZERO + (Math.floor(year / 10) % 10), ZERO + (year % 10), 45, // YYYY-
    ZERO + Math.floor(month / 10), ZERO + (month % 10), 45, ZERO + Math.floor(day / 10), ZERO + (day % 10), 84, // MM-DDT
    ZERO + Math.floor(hour / 10), ZERO + (hour % 10), 58, ZERO + Math.floor(minute / 10), ZERO + (minute % 10), 58, // HH:MM:
    ZERO + Math.floor(second / 10), ZERO + (second % 10), 46, // SS.
    ZERO + Math.floor(millis / 100), ZERO + (Math.floor(millis / 10) % 10), ZERO + (millis % 10), 90, // sssZ
  );
}
