// Time each agent spent in each presence state, kept in the database (migration 0008,
// docs/presence.md "State times"), so a restart keeps the day's figures and every instance
// answers the same. A state's time is written once, when it ends, by the instance holding the
// agent's socket, split over fixed slices (15 minutes by default, aligned to the epoch, so every
// real time zone's midnight falls on a slice edge and any zone's day is whole slices). The state
// an agent is in now is not stored yet: readers count it up to the moment they answer.
import type { FastifyBaseLogger } from 'fastify';
import { PRESENCE_STATES, type PresenceState } from '../../shared/presence/protocol';
import type { StateTimeRow } from '../store/presence-time-store';
import type { ServerStore } from '../store/store';

export type StateMs = Record<PresenceState, number>;

export function zeroStateMs(): StateMs {
  return Object.fromEntries(PRESENCE_STATES.map((s) => [s, 0])) as StateMs;
}

const isState = (s: string): s is PresenceState => (PRESENCE_STATES as readonly string[]).includes(s);

/** The time [from, to) in `state`, split over the slices it covers. */
export function sliceRows(agentId: string, state: PresenceState, from: number, to: number, sliceMs: number): StateTimeRow[] {
  const rows: StateTimeRow[] = [];
  for (let t = from; t < to;) {
    const start = Math.floor(t / sliceMs) * sliceMs;
    const end = Math.min(to, start + sliceMs);
    rows.push({ agentId, sliceStart: new Date(start).toISOString(), state, ms: end - t });
    t = end;
  }
  return rows;
}

/** A state still going on (or not yet stored): counted from `since` to `until`, within the window. */
export interface OpenSpell { state: PresenceState; since: number; until: number }

/**
 * Stored time per agent within [from, to) (slice edges), plus the open spells, clamped to the
 * window. Every agent asked about gets an entry.
 */
export async function readStateTimes(
  store: ServerStore, agentIds: readonly string[], from: number, to: number, open: ReadonlyMap<string, readonly OpenSpell[]>,
): Promise<Map<string, StateMs>> {
  const out = new Map<string, StateMs>(agentIds.map((id) => [id, zeroStateMs()]));
  const rows = agentIds.length === 0 ? [] : await store.presenceTimes.totals(agentIds, new Date(from).toISOString(), new Date(to).toISOString());
  for (const r of rows) {
    const ms = out.get(r.agentId);
    if (ms && isState(r.state)) ms[r.state] += r.ms;
  }
  for (const [agentId, spells] of open) {
    const ms = out.get(agentId);
    if (!ms) continue;
    for (const spell of spells) {
      const a = Math.max(spell.since, from);
      const b = Math.min(spell.until, to);
      if (b > a) ms[spell.state] += b - a;
    }
  }
  for (const ms of out.values()) for (const s of PRESENCE_STATES) ms[s] = Math.round(ms[s]);
  return out;
}

/**
 * Writes ended states. Rows recorded while a write is in flight go together in the next one (one
 * transaction), so a busy instance makes few round trips and a write never overtakes an earlier
 * one. A failed write is logged and dropped: the board's figures lose those spells, the agents'
 * work is not affected. The hub waits for the writes on shutdown.
 */
export class StateTimeWriter {
  private queue: StateTimeRow[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly store: ServerStore, private readonly sliceMs: number, private readonly log: FastifyBaseLogger) {}

  record(agentId: string, state: PresenceState, from: number, to: number): void {
    if (!(to > from)) return;
    this.queue.push(...sliceRows(agentId, state, from, to, this.sliceMs));
    this.kick();
  }

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      this.kick(); // rows recorded as the last write finished
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const rows = this.queue;
      this.queue = [];
      try {
        await this.store.presenceTimes.add(rows);
      } catch (err) {
        this.log.error({ err, rows: rows.length }, 'presence: could not store state times');
      }
    }
  }

  /** Resolves once every state recorded so far is written (or its write failed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }
}
