// Version 24 of the central schema: the compliance bucket's pull reads an agent's accounts in
// holds_version order (store/compliance-store.ts), as the assignments bucket reads them in
// version order. With holds_version indexed alone, each page sorted all of the agent's accounts
// again: 35 ms a page for 100k accounts, whatever the page size, 7 s of a first pull.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('accounts_assigned_holds_idx').on('accounts').columns(['assigned_to', 'holds_version']).execute();
  await db.schema.createIndex('accounts_team_holds_idx').on('accounts').columns(['team_id', 'holds_version']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('accounts_team_holds_idx').execute();
  await db.schema.dropIndex('accounts_assigned_holds_idx').execute();
}
