// Version 13 of the central schema: revoke and wipe (issue 15, docs/server.md "Devices").
// - devices.wipe_requested_at / wipe_reason: an administrator revoked the device
//   ('device_revoked') or disabled its user ('user_disabled'). From then on nobody signs in on
//   it; at its next contact the console proves its device secret, gets a short hand-in session,
//   sends everything it had not sent, wipes its data and says so.
// - devices.wiped_at: when the console said it had wiped (then the device is revoked for good).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('wipe_requested_at', 'text').execute();
  await db.schema.alterTable('devices').addColumn('wipe_reason', 'text').execute();
  await db.schema.alterTable('devices').addColumn('wiped_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['wiped_at', 'wipe_reason', 'wipe_requested_at']) await db.schema.alterTable('devices').dropColumn(column).execute();
}
