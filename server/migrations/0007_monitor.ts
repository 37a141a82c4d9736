// Version 7 of the central schema: listen / whisper / barge (docs/monitor.md). The key the
// server signs monitor grants with (one row, shared by every server instance on the database),
// and every grant a lead was given: who, whom, which call, in which mode, when.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('monitor_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('monitor_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lead_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('monitor_sessions_agent_idx').on('monitor_sessions').columns(['agent_id', 'issued_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('monitor_sessions').execute();
  await db.schema.dropTable('monitor_keys').execute();
}
