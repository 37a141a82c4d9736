// Version 11 of the central schema: where a lead's monitor call goes, as the server knows it
// (docs/monitor.md "Where the lead's call goes").
// - monitor_addresses: the SIP address of record an agent's console registered with, reported
//   once per sign-in (keyed by the session's token hash) from a device-proven session. It counts
//   only while that session lives; an administrator's users.sip_uri (migration 0009) wins.
// - monitor_sessions.target: the address the grant sent the lead's softphone to.
// - monitor_sessions.used_device_id: the device whose console admitted the grant (used_at, 0009).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('monitor_addresses')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('sip_uri', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('monitor_addresses_user_idx').on('monitor_addresses').columns(['user_id', 'reported_at']).execute();
  await db.schema.createIndex('monitor_addresses_uri_idx').on('monitor_addresses').column('sip_uri').execute();
  await db.schema.alterTable('monitor_sessions').addColumn('target', 'text').execute();
  await db.schema.alterTable('monitor_sessions').addColumn('used_device_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('monitor_sessions').dropColumn('used_device_id').execute();
  await db.schema.alterTable('monitor_sessions').dropColumn('target').execute();
  await db.schema.dropTable('monitor_addresses').execute();
}
