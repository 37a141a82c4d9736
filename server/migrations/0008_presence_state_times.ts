// Version 8 of the central schema: the live board's time in each presence state, kept in the
// database rather than in each server instance's memory, so a restart keeps the day's figures
// and every instance answers the same (docs/presence.md "State times"). One row per agent, per
// slice of time (15 minutes, aligned to the epoch: every real time zone's midnight falls on a
// slice edge, so any zone's day is a whole number of slices) and per state: the milliseconds
// spent in that state within the slice. Written when a state ends, by the instance holding the
// agent's socket; slices older than the retention are deleted.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('presence_state_times')
    .addColumn('agent_id', 'text', (c) => c.notNull())
    /** The slice's start, ISO 8601 UTC with milliseconds (text compares in time order). */
    .addColumn('slice_start', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('presence_state_times_pk', ['agent_id', 'slice_start', 'state'])
    .execute();
  // Pruning by age reads the slices of every agent.
  await db.schema.createIndex('presence_state_times_slice_idx').on('presence_state_times').column('slice_start').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('presence_state_times').execute();
}
