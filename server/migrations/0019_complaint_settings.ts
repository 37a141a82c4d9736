// Version 19 of the central schema: the organisation's complaint settings (docs/complaints.md),
// one row: the SLA in days (default 15), changed by administrators.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('complaint_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('sla_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('complaint_settings').execute();
}
