// Version 21 of the central schema: the stage ladder (docs/ladder.md).
// - ladder_policies: every imported version of a policy, its body as validated JSON; the highest
//   version of a region's policies is the one in force.
// - ladder_states: the ladder stage each account is in (its debts' label follows it).
// - ladder_moves: every stage move with the rule that made it, appended and never changed.
// - ladder_actions: each treatment of an account on a day, claimed once by the unique key before
//   it is carried out, so a second run the same day (or a second instance) does nothing twice.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('ladder_policies')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ladder_policies_pk', ['id', 'version'])
    .execute();
  await db.schema.createTable('ladder_states')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('ladder_moves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ladder_moves_account_idx').on('ladder_moves').columns(['account_id', 'at']).execute();
  await db.schema.createTable('ladder_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ladder_actions_once', ['account_id', 'on_date', 'rule'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['ladder_actions', 'ladder_moves', 'ladder_states', 'ladder_policies']) await db.schema.dropTable(t).execute();
}
