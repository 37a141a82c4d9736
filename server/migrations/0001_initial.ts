// Version 1 of the central schema. Written only with Kysely's schema builder and portable
// SQL so the same file runs on SQLite and PostgreSQL. A migration is frozen once shipped:
// the enum lists below are copies, not imports, so that editing a zod enum later cannot
// silently change what this version created.
import { type Kysely, sql } from 'kysely';

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('users_role_check', inList('role', ['collector', 'team_lead', 'field_agent', 'admin']))
    .execute();

  // A lead may lead several teams; users.team_id stays the team the user belongs to.
  await db.schema.createTable('team_leads')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addPrimaryKeyConstraint('team_leads_pk', ['user_id', 'team_id'])
    .execute();

  await db.schema.createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();

  // Only the SHA-256 of a token is kept: a copy of this table cannot be replayed as sessions.
  await db.schema.createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  // version: the global change counter at the account's last change (its own row or any
  // child row). Unique, so paging by `version > cursor` can never split a tie.
  await db.schema.createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('debtor_name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('assigned_to', 'text', (c) => c.references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('accounts_region_check', inList('region', ['CN', 'US']))
    .addCheckConstraint('accounts_currency_check', inList('currency', ['CNY', 'USD']))
    .execute();
  await db.schema.createIndex('accounts_version_idx').on('accounts').column('version').unique().execute();
  await db.schema.createIndex('accounts_assigned_idx').on('accounts').columns(['assigned_to', 'version']).execute();
  await db.schema.createIndex('accounts_team_idx').on('accounts').columns(['team_id', 'version']).execute();

  await db.schema.createTable('debts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('lender', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('principal_minor', 'bigint', (c) => c.notNull())
    .addColumn('fees_minor', 'bigint', (c) => c.notNull())
    .addColumn('balance_minor', 'bigint', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addCheckConstraint('debts_stage_check', inList('stage', ['reminder', 'early', 'late', 'agency', 'legal']))
    .execute();
  await db.schema.createIndex('debts_account_idx').on('debts').column('account_id').execute();

  await db.schema.createTable('parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addCheckConstraint('parties_kind_check', inList('kind', ['debtor', 'co_debtor', 'third_party']))
    .addCheckConstraint('parties_relation_check',
      inList('relation', ['self', 'spouse', 'relative', 'emergency_contact', 'employer', 'friend']))
    .execute();
  await db.schema.createIndex('parties_account_idx').on('parties').column('account_id').execute();

  await db.schema.createTable('phones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('consent', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addCheckConstraint('phones_type_check', inList('type', ['mobile', 'home', 'work', 'other']))
    .addCheckConstraint('phones_consent_check', inList('consent', ['none', 'express', 'revoked']))
    .execute();
  await db.schema.createIndex('phones_account_idx').on('phones').column('account_id').execute();

  await db.schema.createTable('holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('party_id', 'text', (c) => c.references('parties.id'))
    .addColumn('phone_id', 'text', (c) => c.references('phones.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('effective_at', 'text', (c) => c.notNull())
    .addColumn('lifted_at', 'text')
    .addCheckConstraint('holds_kind_check',
      inList('kind', ['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased', 'do_not_call']))
    .execute();
  await db.schema.createIndex('holds_account_idx').on('holds').column('account_id').execute();

  await db.schema.createTable('history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint')
    .addColumn('due_date', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addCheckConstraint('history_kind_check',
      inList('kind', ['call', 'sms', 'visit', 'payment', 'promise', 'note', 'letter']))
    .execute();
  await db.schema.createIndex('history_account_idx').on('history').columns(['account_id', 'at']).execute();

  // Client events are facts: no foreign key to accounts, so an event about an account the
  // server has since removed is still kept.
  await db.schema.createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('account_id', 'text')
    .addColumn('device_time', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addUniqueConstraint('events_device_seq_unique', ['device_id', 'seq'])
    .execute();
  await db.schema.createIndex('events_account_idx').on('events').column('account_id').execute();

  await db.schema.createTable('device_cursors')
    .addColumn('device_id', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();

  // A table rather than a sequence: bumping it locks the row until commit, so on PostgreSQL
  // versions become visible in the order they were handed out and a cursor never skips one.
  await db.schema.createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into counters (name, value) values ('account_version', 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['counters', 'device_cursors', 'events', 'history', 'holds', 'phones', 'parties', 'debts',
    'accounts', 'sessions', 'devices', 'team_leads', 'users', 'teams']) {
    await db.schema.dropTable(table).execute();
  }
}
