// Sets of instants as sorted, disjoint half-open intervals [start, end) in epoch ms. Calling
// windows, named inconvenient times and blocked dates are all turned into these so the next
// allowed time is read off the interval bounds instead of being searched for.

export type Interval = readonly [start: number, end: number];

/** Sort and merge touching or overlapping intervals. */
export function normalize(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i]![0], b[j]![0]);
    const e = Math.min(a[i]![1], b[j]![1]);
    if (e > s) out.push([s, e]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

export function intersectAll(sets: Interval[][]): Interval[] {
  return sets.reduce((acc, set) => intersect(acc, set));
}

/** The parts of [from, to) not covered by `blocked` (normalized). */
export function complement(blocked: Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  let cursor = from;
  for (const [s, e] of blocked) {
    if (e <= cursor) continue;
    if (s >= to) break;
    if (s > cursor) out.push([cursor, s]);
    cursor = Math.max(cursor, e);
  }
  if (cursor < to) out.push([cursor, to]);
  return out;
}

export function contains(set: Interval[], t: number): boolean {
  // Binary search for the last interval starting at or before t (the gate asks this a lot).
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (set[mid]![0] <= t) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && t < set[hi]![1];
}

/** The first instant at or after `t` inside `set`, or null when the set has none. */
export function firstAtOrAfter(set: Interval[], t: number): number | null {
  for (const [s, e] of set) if (e > t) return Math.max(s, t);
  return null;
}
