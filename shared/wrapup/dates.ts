// Calendar dates for wrap-up checks: ISO dates (YYYY-MM-DD) in the debtor's zone, day numbers
// for arithmetic. Built on the compliance engine's zone tables (shared/compliance/time.ts).
import { dayToIsoDate, isoDateToDay, localDay, startOfLocalDay, type DayNumber } from '../compliance/time';

export { dayToIsoDate, isoDateToDay, type DayNumber };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a real calendar date, or null (2026-02-30, 2026-2-3 and the like). */
export function parseIsoDate(text: string): DayNumber | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return Math.round(Date.UTC(y, mo - 1, d) / 86_400_000);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The debtor's local date at instant `now`. */
export function todayIn(now: number, zone: string): DayNumber {
  return localDay(now, zone);
}

/** The first instant after the local day `day` in `zone` (its end; 23 or 25 hours on DST days). */
export function endOfLocalDay(day: DayNumber, zone: string): number {
  return startOfLocalDay(day + 1, zone);
}

/** Epoch ms from an ISO time with offset, or a number as is; NaN when unreadable. */
export function toEpoch(at: string | number): number {
  return typeof at === 'number' ? at : Date.parse(at);
}
