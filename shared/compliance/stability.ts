// How long an answer of the engine holds without new facts. A caller that asks the same question
// about the same facts again and again (the console's queue, every few minutes, for every
// account) may keep the answer until the first instant at which any rule could answer
// differently: a calling window's edge, a hold taking effect or lifting, a blocked date's
// midnight, a consent ending, a block lifting. Rules say so while they run at the decision's
// `now` (changesAt); rules that only count past contacts say nothing, since as time passes
// with no new contact their counts only fall and their blocks lift when they say they do.
//
// The engine is synchronous, so the instant is gathered in this module while one question is
// answered (watch … stop), as us-call-frequency.ts keeps its scratch list. Outside a watch,
// changesAt costs one comparison.
import type { Interval } from './intervals';

let watching = false;
let from = 0;
let until = Infinity;

/** Starts gathering for a question asked at `now`. */
export function watch(now: number): void {
  watching = true;
  from = now;
  until = Infinity;
}

/** Pauses gathering (the probes that look for when a block lifts ask at later instants). */
export function pause(): void {
  watching = false;
}

export function resume(): void {
  watching = true;
}

/** Stops gathering: the first instant after `now` at which the answer may change (Infinity: never by time alone). */
export function stop(): number {
  watching = false;
  return until;
}

/** A rule's answer at `now` may be different from `at` on (an instant at or before `now` changes nothing). */
export function changesAt(at: number): void {
  if (watching && at > from && at < until) until = at;
}

/** The answer may be different from any instant after `now`: nothing can be kept. */
export function changesNow(): void {
  if (watching) until = from;
}

/**
 * A set of instants (normalized intervals) decides the answer: it may change at its first edge
 * after `now`. A set listed only up to some horizon gives the instant past which it lists
 * nothing for sure (`listedUntil`): with no edge before, the answer is kept no longer.
 */
export function changesAtEdgeOf(set: readonly Interval[], now: number, listedUntil = Infinity): void {
  if (!watching) return;
  // The first interval ending after now: now is inside it (its end is next) or before it (its start is).
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (set[mid]![1] <= now) lo = mid + 1;
    else hi = mid - 1;
  }
  if (lo >= set.length) {
    changesAt(listedUntil);
    return;
  }
  const [start, end] = set[lo]!;
  changesAt(Math.min(start > now ? start : end, listedUntil));
}
