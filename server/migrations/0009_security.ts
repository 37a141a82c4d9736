// Version 9 of the central schema: what a production install needs to resist attack (issue 14,
// docs/server.md "Security").
// - users.disabled_at: an administrator can disable a user (sign-in refused, sessions ended);
//   users.sip_uri: the agent's SIP address of record, the only monitor target (set by an admin
//   or learned from the agent's own registration).
// - devices.secret_hash: the SHA-256 of the secret only the console holds; a device id is bound
//   to it at the first sign-in that presents one. devices.revoked_at: revoked by an admin.
//   devices.skew_ms / skew_flagged_at: the device clock found off by more than the tolerance.
// - sessions.device_bound: the session proved the device secret (only such a session may push
//   for a bound device); sessions.address: the client address at sign-in, for the admin's list.
// - device_cursors.pulled_at / pulled_seq: the device's last pull, and its cursor then, which
//   bounds how old a newly pushed event can plausibly be (docs/sync.md "Arrival checks").
// - accounts.assigned_at: when the account reached its current agent.
// - events.checked_at: the time arrival checks used for the event (device time when plausible,
//   else receive time).
// - call_owners: the device that first pushed an event naming a call id owns it.
// - monitor_sessions.used_at: when the agent's console admitted the grant; a used grant is
//   refused again, across restarts.
// - security_events: sign-in lockouts, refused devices, skewed clocks and every admin change.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('sip_uri', 'text').execute();
  await db.schema.alterTable('devices').addColumn('secret_hash', 'text').execute();
  await db.schema.alterTable('devices').addColumn('revoked_at', 'text').execute();
  await db.schema.alterTable('devices').addColumn('skew_ms', 'bigint').execute();
  await db.schema.alterTable('devices').addColumn('skew_flagged_at', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('device_bound', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('sessions').addColumn('address', 'text').execute();
  await db.schema.alterTable('device_cursors').addColumn('pulled_at', 'text').execute();
  await db.schema.alterTable('device_cursors').addColumn('pulled_seq', 'bigint').execute();
  await db.schema.alterTable('accounts').addColumn('assigned_at', 'text').execute();
  await db.schema.alterTable('events').addColumn('checked_at', 'text').execute();
  await db.schema.alterTable('monitor_sessions').addColumn('used_at', 'text').execute();

  await db.schema.createTable('call_owners')
    .addColumn('call_id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .execute();
  // Calls already indexed belong to the device of their earliest-received event.
  await sql`insert into call_owners (call_id, device_id, user_id)
    select ce.call_id, e.device_id, e.user_id from call_events ce join events e on e.id = ce.event_id
    where not exists (
      select 1 from call_events ce2 join events e2 on e2.id = ce2.event_id
      where ce2.call_id = ce.call_id and (e2.received_at < e.received_at or (e2.received_at = e.received_at and e2.id < e.id)))
    on conflict do nothing`.execute(db);

  await db.schema.createTable('security_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('user_id', 'text')
    .addColumn('username', 'text')
    .addColumn('device_id', 'text')
    .addColumn('address', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_events_at_idx').on('security_events').columns(['at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('security_events').execute();
  await db.schema.dropTable('call_owners').execute();
  for (const [table, column] of [
    ['monitor_sessions', 'used_at'], ['events', 'checked_at'], ['accounts', 'assigned_at'], ['device_cursors', 'pulled_seq'], ['device_cursors', 'pulled_at'],
    ['sessions', 'address'], ['sessions', 'device_bound'], ['devices', 'skew_flagged_at'], ['devices', 'skew_ms'], ['devices', 'revoked_at'],
    ['devices', 'secret_hash'], ['users', 'sip_uri'], ['users', 'disabled_at'],
  ] as const) await db.schema.alterTable(table).dropColumn(column).execute();
}
