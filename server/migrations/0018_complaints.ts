// Version 18 of the central schema: complaints (docs/complaints.md).
// - complaints: one row per complaint: where it came from, its category, owner, SLA due time,
//   escalation, resolution, and the hold it placed (an ordinary row in `holds`, so every gate
//   honours it). request_id makes a retried intake record once. breached_at is claimed by one
//   server instance with a conditional update, so a breach is alerted once.
// - complaint_links: the calls, recordings and messages it points at.
// - complaint_events: what happened, appended and never changed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('complaints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('team_id', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('breached_at', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('hold_id', 'text')
    .addColumn('hold_kind', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .execute();
  await db.schema.createIndex('complaints_account_idx').on('complaints').columns(['account_id', 'raised_at']).execute();
  await db.schema.createIndex('complaints_open_due_idx').on('complaints').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('complaints_team_idx').on('complaints').columns(['team_id', 'status']).execute();
  await db.schema.createTable('complaint_links')
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('complaint_links_pk', ['complaint_id', 'kind', 'ref'])
    .execute();
  await db.schema.createTable('complaint_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_events_complaint_idx').on('complaint_events').columns(['complaint_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['complaint_events', 'complaint_links', 'complaints']) await db.schema.dropTable(t).execute();
}
