// Version 15 of the central schema: retention per compliance pack (issue 15, docs/security.md
// "Retention").
// - audit_tombstones: one row per row or file retention purged: the purged row's chain entry
//   (events are chained; files are not, null), its table and id, the account, the pack and rule
//   that expired it, and when. Tombstones are chained themselves (trigger as in 0014), so the
//   chain still verifies after a purge and the purge cannot be hidden.
// - legal_holds: an account under legal hold keeps everything, whatever its age.
// - retention_settings: the organisation's retention per pack, in years, never under the pack's
//   (the law's) minimum; without a row the pack's own periods apply.
import type { Kysely } from 'kysely';
import { createChainTrigger, dropChainTrigger } from '../audit/triggers';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('audit_tombstones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purged_seq', 'bigint')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('pack_id', 'text')
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('purged_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_tombstones_seq_idx').on('audit_tombstones').column('purged_seq').execute();
  await db.schema.createTable('legal_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'text', (c) => c.notNull())
    .addColumn('lifted_at', 'text')
    .execute();
  await db.schema.createIndex('legal_holds_account_idx').on('legal_holds').column('account_id').execute();
  await db.schema.createTable('retention_settings')
    .addColumn('pack_id', 'text', (c) => c.primaryKey())
    .addColumn('records_years', 'integer', (c) => c.notNull())
    .addColumn('recordings_years', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await createChainTrigger(db, 'tombstone');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropChainTrigger(db, 'tombstone');
  await db.schema.dropTable('retention_settings').execute();
  await db.schema.dropTable('legal_holds').execute();
  await db.schema.dropTable('audit_tombstones').execute();
}
