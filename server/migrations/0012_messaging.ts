// Version 12 of the central schema: texts and emails sent by the server (docs/messaging.md).
// - message_templates: versioned templates per stage, channel, language and audience (the JSON
//   as imported, checked by shared/messaging/templates.ts).
// - message_emails: email addresses on file for a party of an account.
// - messages: one row per message asked for (refused ones too): the words as sent, the gate's
//   decision, and the status its events have brought it to. request_id makes a retried request
//   send once.
// - message_events: what happened, appended and never changed: requested, refused, submitted,
//   delivered, failed, bounced, reply, opt_out.
// - message_opt_outs: channels a person opted out of (a STOP or 退订 reply), per number or address.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('message_templates')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('pack', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_templates_pk', ['id', 'version'])
    .execute();
  await db.schema.createTable('message_emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_emails_account_idx').on('message_emails').column('account_id').execute();
  await db.schema.createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text')
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_account_idx').on('messages').columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex('messages_provider_idx').on('messages').columns(['channel', 'provider_id']).execute();
  await db.schema.createTable('message_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_events_message_idx').on('message_events').column('message_id').execute();
  await db.schema.createIndex('message_events_account_idx').on('message_events').columns(['account_id', 'at']).execute();
  await db.schema.createTable('message_opt_outs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_opt_outs_account_idx').on('message_opt_outs').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['message_opt_outs', 'message_events', 'messages', 'message_emails', 'message_templates']) await db.schema.dropTable(t).execute();
}
