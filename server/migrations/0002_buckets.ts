// Version 2 of the central schema: pull buckets, central talk tracks and policy, contact
// violations found on arrival, and per-bucket change-log floors. Frozen once shipped, like 0001.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The compliance bucket's entry for an account: the counter value of the last change to any of
  // its holds. Taken from the same counter (under the same lock) as accounts.version, so it is
  // unique and commits in order. Existing accounts start at their current version.
  await db.schema.alterTable('accounts').addColumn('holds_version', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update accounts set holds_version = version`.execute(db);
  await db.schema.createIndex('accounts_holds_version_idx').on('accounts').column('holds_version').execute();

  // Organisation overrides per policy pack (shared/compliance/tighten.ts), validated on the way in.
  await db.schema.createTable('policies')
    .addColumn('pack_id', 'text', (c) => c.primaryKey())
    .addColumn('overrides', 'text', (c) => c.notNull()) // JSON text
    .addColumn('version', 'bigint', (c) => c.notNull().unique())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Every imported talk-track version, valid by construction (importTalkTrack ran before insert).
  // The active version of a track is its highest.
  await db.schema.createTable('talk_tracks')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('pack', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // the track as imported, JSON text
    .addColumn('op_version', 'bigint', (c) => c.notNull().unique())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('talk_tracks_pk', ['id', 'version'])
    .execute();

  // Removals a bucket cannot express as "the row's latest version" (a policy cleared). Kept for
  // a while, then compacted away; a cursor older than what was compacted gets a reset snapshot.
  await db.schema.createTable('sync_removals')
    .addColumn('op_version', 'bigint', (c) => c.primaryKey())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('entity_key', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text', (c) => c.notNull())
    .execute();

  // Contacts found, on arrival, to have broken a hold as it stood at the event's device time.
  await db.schema.createTable('violations')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('hold_id', 'text', (c) => c.notNull().references('holds.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('device_time', 'text', (c) => c.notNull())
    .addColumn('found_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addPrimaryKeyConstraint('violations_pk', ['event_id', 'hold_id'])
    .execute();
  await db.schema.createIndex('violations_account_idx').on('violations').column('account_id').execute();

  // Everything below a bucket's floor has been compacted; cursors under it get a snapshot.
  await sql`insert into counters (name, value) values ('floor.compliance', 0), ('floor.talktracks', 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from counters where name in ('floor.compliance', 'floor.talktracks')`.execute(db);
  for (const table of ['violations', 'sync_removals', 'talk_tracks', 'policies']) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('accounts_holds_version_idx').execute();
  await db.schema.alterTable('accounts').dropColumn('holds_version').execute();
}
