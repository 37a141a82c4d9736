// Which time the server judges a pushed event by (docs/sync.md "Arrival checks: whose clock").
// The server's receive time is the authority; the device's time is used only when it is
// plausible, because a console offline for a week logs real work days before it arrives and
// must not be judged as if it happened on arrival. Plausible means the device time lies within
// what the server itself knows about when the event can have been made:
// - not after it was received;
// - not before the account reached the agent (their consoles only get an account once it is
//   theirs; for an account an agent had before, or a team's, not before the account existed);
// - the device's last pull (server time P, its cursor then S) splits its sequence: a console
//   pushes its outbox before it pulls, so an event with seq > S was made after P, and one with
//   seq <= S before P. For a console that is online, P is a few seconds or minutes ago: its
//   events must carry times close to their receive time. For one back after a week offline, P
//   is a week ago and its week of honest times fits.
// Each bound has CLOCK_TOLERANCE_MS of slack for ordinary clock drift. Outside them the event is
// judged at its receive time, and the device is flagged as skewed (offMs: how far outside).
//
// The PostgreSQL push computes the same rule in SQL (push-postgres.ts, the `judged` CTE): a
// change here must be made there too; test/server/arrival-time.test.ts runs both stores.

/** Clock drift tolerated on every bound. */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

export interface TimeBounds {
  receivedMs: number;
  /** The device's last recorded pull: when (server time) and its cursor then; null if none is known. */
  pull: { atMs: number; seq: number } | null;
  /** When the account reached the pushing agent (server time); null for an event naming no account. */
  reachedMs: number | null;
}

export interface TimeJudgement {
  plausible: boolean;
  /** The time arrival checks use: the device time when plausible, else the receive time. */
  checkedMs: number;
  /** How far the device time lies outside the plausible window (positive: ahead), 0 inside it. */
  offMs: number;
}

/** The earliest and latest time (server clock) an event with this seq can have been made. */
export function plausibleWindow(seq: number, b: TimeBounds): { from: number | null; to: number } {
  let from = b.reachedMs;
  let to = b.receivedMs;
  if (b.pull) {
    if (seq > b.pull.seq) from = from === null ? b.pull.atMs : Math.max(from, b.pull.atMs);
    else to = Math.min(to, b.pull.atMs);
  }
  return { from, to };
}

/** `deviceMs` NaN (a time JavaScript cannot read) is never plausible. */
export function judgeDeviceTime(deviceMs: number, seq: number, b: TimeBounds): TimeJudgement {
  const { from, to } = plausibleWindow(seq, b);
  if (Number.isNaN(deviceMs)) return { plausible: false, checkedMs: b.receivedMs, offMs: 0 };
  const offMs = deviceMs > to + CLOCK_TOLERANCE_MS ? deviceMs - to
    : from !== null && deviceMs < from - CLOCK_TOLERANCE_MS ? deviceMs - from : 0;
  return offMs === 0 ? { plausible: true, checkedMs: deviceMs, offMs } : { plausible: false, checkedMs: b.receivedMs, offMs };
}

/** The device time as the server stores it for checks: UTC ISO, or null when unreadable. */
export function normalizedDeviceTime(deviceTime: string): string | null {
  const ms = Date.parse(deviceTime);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
