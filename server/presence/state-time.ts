// Time each agent spent in each presence state, in memory: fixed buckets (15 minutes by
// default, aligned to the epoch, so every real time zone's midnight falls on a bucket edge)
// kept for two days. Good enough for today's board; lost on restart, and an instance only knows
// the time since it started (docs/presence.md).
import { PRESENCE_STATES, type PresenceState } from '../../shared/presence/protocol';

export type StateMs = Record<PresenceState, number>;

export function zeroStateMs(): StateMs {
  return Object.fromEntries(PRESENCE_STATES.map((s) => [s, 0])) as StateMs;
}

export class StateTimes {
  /** agent → bucket start → ms per state. */
  private readonly agents = new Map<string, Map<number, StateMs>>();
  readonly since: number;

  constructor(private readonly bucketMs: number, private readonly keepMs: number, now: number) {
    this.since = now;
  }

  /** Adds the time [from, to) in `state`, split over the buckets it covers. */
  add(agentId: string, state: PresenceState, from: number, to: number): void {
    if (!(to > from)) return;
    let buckets = this.agents.get(agentId);
    if (!buckets) this.agents.set(agentId, (buckets = new Map()));
    for (let t = from; t < to;) {
      const start = Math.floor(t / this.bucketMs) * this.bucketMs;
      const end = Math.min(to, start + this.bucketMs);
      let bucket = buckets.get(start);
      if (!bucket) buckets.set(start, (bucket = zeroStateMs()));
      bucket[state] += end - t;
      t = end;
    }
  }

  /**
   * Time per state within [from, to) (bucket edges), plus `open`: the state the agent is in now,
   * since `open.since`, counted up to `open.until` and clamped to the window.
   */
  totals(agentId: string, from: number, to: number, open?: { state: PresenceState; since: number; until: number }): StateMs {
    const out = zeroStateMs();
    for (const [start, bucket] of this.agents.get(agentId) ?? []) {
      if (start < from || start >= to) continue;
      for (const s of PRESENCE_STATES) out[s] += bucket[s];
    }
    if (open) {
      const a = Math.max(open.since, from);
      const b = Math.min(open.until, to);
      if (b > a) out[open.state] += b - a;
    }
    for (const s of PRESENCE_STATES) out[s] = Math.round(out[s]);
    return out;
  }

  /** Forgets buckets older than keepMs. */
  prune(now: number): void {
    const cutoff = now - this.keepMs;
    for (const [agent, buckets] of this.agents) {
      for (const start of buckets.keys()) if (start + this.bucketMs <= cutoff) buckets.delete(start);
      if (buckets.size === 0) this.agents.delete(agent);
    }
  }
}
