// Version 23 of the central schema: the audit chain off the writers' path on PostgreSQL
// (server/audit/pending.ts). Rows already chained stay as they are; from here each chained
// table's trigger records the inserted rows in audit_pending, and a drain links them onto the
// chain in the order they were recorded. SQLite is unchanged: its triggers chain at once.
import type { Kysely } from 'kysely';
import { CHAINED_TABLES, type ChainSource } from '../audit/chain';
import { createPendingChain, dropPendingChain, settleChain } from '../audit/pending';
import { createChainTrigger, deferChainTrigger, dropChainTrigger, isPostgres } from '../audit/triggers';

const SOURCES = Object.keys(CHAINED_TABLES) as ChainSource[];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await createPendingChain(db);
  for (const source of SOURCES) await deferChainTrigger(db, source);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await settleChain(db);
  for (const source of SOURCES) {
    await dropChainTrigger(db, source);
    await createChainTrigger(db, source);
  }
  await dropPendingChain(db);
}
