// Version 5 of the central schema: who worked an account before its current assignment. An
// agent offline when their account was moved to another team still pushes what they did while
// it was theirs; the push scope check accepts accounts they, or their team, once had.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('past_assignments')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('user_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('until', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('past_assignments_account_idx').on('past_assignments').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('past_assignments').execute();
}
