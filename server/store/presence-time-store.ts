// The live board's time in each presence state (migration 0008, docs/presence.md "State
// times"): milliseconds per agent, per slice of time and per state, added to as states end.
// Part of the ServerStore, kept in its own file: kysely-store.ts delegates here. Every query is
// the same on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** Time to add: `ms` spent in `state` within the slice starting at `sliceStart` (ISO UTC). */
export interface StateTimeRow { agentId: string; sliceStart: string; state: string; ms: number }

// Keeps every statement well under both databases' bound-parameter limits (4 per row).
const CHUNK = 200;

export class PresenceTimeStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds the rows' time to what is stored (one transaction). Rows naming the same agent, slice
   * and state are summed first: one statement may not update a row twice on PostgreSQL.
   */
  async add(rows: readonly StateTimeRow[]): Promise<void> {
    const merged = new Map<string, StateTimeRow>();
    for (const r of rows) {
      if (!(r.ms > 0)) continue;
      const key = `${r.agentId}\u0000${r.sliceStart}\u0000${r.state}`;
      const known = merged.get(key);
      if (known) known.ms += Math.round(r.ms);
      else merged.set(key, { ...r, ms: Math.round(r.ms) });
    }
    if (merged.size === 0) return;
    const all = [...merged.values()];
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < all.length; i += CHUNK) {
        await trx.insertInto('presenceStateTimes').values(all.slice(i, i + CHUNK))
          .onConflict((oc) => oc.columns(['agentId', 'sliceStart', 'state'])
            .doUpdateSet((eb) => ({ ms: eb(eb.ref('presenceStateTimes.ms'), '+', eb.ref('excluded.ms')) })))
          .execute();
      }
    });
  }

  /** Stored time per agent and state in the slices starting in [from, to) (ISO UTC). */
  async totals(agentIds: readonly string[], from: string, to: string): Promise<{ agentId: string; state: string; ms: number }[]> {
    const out: { agentId: string; state: string; ms: number }[] = [];
    const ids = [...new Set(agentIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('presenceStateTimes')
        .select((eb) => ['agentId', 'state', eb.fn.sum<number | string>('ms').as('ms')])
        .where('agentId', 'in', ids.slice(i, i + 500))
        .where('sliceStart', '>=', from).where('sliceStart', '<', to)
        .groupBy(['agentId', 'state'])
        .execute();
      // sum() of a bigint is numeric on PostgreSQL, which arrives as text.
      for (const r of rows) out.push({ agentId: r.agentId, state: r.state, ms: Number(r.ms) });
    }
    return out;
  }

  /** Deletes the slices that start before `before` (ISO UTC); returns how many rows went. */
  async prune(before: string): Promise<number> {
    const result = await this.db.deleteFrom('presenceStateTimes').where('sliceStart', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
