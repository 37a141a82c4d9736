// Version 17 of the central schema: letters (docs/messaging.md "Letters").
// - letter_files: each PDF once, named by the SHA-256 of its bytes (content-addressed, as
//   recordings and photos are; kept in the database so every server instance serves it).
// - letters: one row per letter issued (request_id makes a retried request issue once): the
//   account, who asked, the type and language, the file's hash, the amounts and dates it states.
import type { Kysely } from 'kysely';
import { isPostgres } from '../audit/triggers';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('letter_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('bytes', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('letter_files.sha256'))
    .addColumn('amounts', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('respond_by', 'text')
    .addColumn('days_overdue', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('letters_account_idx').on('letters').columns(['account_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('letters').execute();
  await db.schema.dropTable('letter_files').execute();
}
