// Version 20 of the central schema: the debtor's identity checks on file (shared/domain/identity.ts).
// The central store keeps the values (date of birth; last four characters of the ID card number
// or of the SSN) and, beside them, what consoles receive: a per-account salt with a salted digest
// and a masked hint of each value (`on_file`, IdentityOnFile as JSON), made when the values are
// written so a pull of thousands of accounts hashes nothing.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('account_identity')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('date_of_birth', 'text')
    .addColumn('id_last4', 'text')
    .addColumn('ssn_last4', 'text')
    .addColumn('on_file', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_identity').execute();
}
