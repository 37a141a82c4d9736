// Version 22 of the central schema: outside collection agencies (docs/ladder.md "Agencies").
// - teams.external: 1 for a team that is an outside agency. Its users sign in and sync like ours;
//   visibility is by team and assignee, so they see the accounts placed with them and nothing else.
// - agency_placements: each placement of an account with an agency, with the team and collector it
//   came from (recall hands it back there); a placement still open has no recalled_at.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('teams').addColumn('external', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createTable('agency_placements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('agency_team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('from_team_id', 'text')
    .addColumn('from_user_id', 'text')
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'text', (c) => c.notNull())
    .addColumn('recalled_at', 'text')
    .addColumn('recalled_by', 'text')
    .execute();
  await db.schema.createIndex('agency_placements_account_idx').on('agency_placements').columns(['account_id', 'placed_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agency_placements').execute();
  await db.schema.alterTable('teams').dropColumn('external').execute();
}
