// Version 14 of the central schema: a record that cannot be rewritten (issue 15,
// docs/security.md "A record that cannot be rewritten").
// - audit_chain: one entry per row of a chained table (client events, security events, the
//   read-access log; retention tombstones from 0015), in one global order: the table, the row's
//   id, the SHA-256 of its content and the link hash over the previous entry (server/audit/chain.ts).
//   Written by triggers in the transaction that inserts the row (server/audit/triggers.ts).
// - audit_head: the last entry's position and link hash (one row), what the triggers extend.
// - access_log: who opened which debtor's full record (an account's review, a call, a recording
//   or photo download), when and why.
// Rows already stored are chained here, client events first (by device and seq), then security
// events (by time).
import { type Kysely, sql } from 'kysely';
import { chainExistingRows } from '../audit/backfill';
import { GENESIS_HASH } from '../audit/chain';
import { createChainTrigger, createPostgresFunctions, dropChainTrigger, isPostgres } from '../audit/triggers';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('audit_chain')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_chain_ref_idx').on('audit_chain').columns(['source', 'ref_id']).execute();
  await db.schema.createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, ${GENESIS_HASH})`.execute(db);

  await db.schema.createTable('access_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .execute();
  await db.schema.createIndex('access_log_account_idx').on('access_log').columns(['account_id', 'at']).execute();
  await db.schema.createIndex('access_log_user_idx').on('access_log').columns(['user_id', 'at']).execute();
  await db.schema.createIndex('access_log_at_idx').on('access_log').columns(['at', 'id']).execute();

  await chainExistingRows(db, 'event');
  await chainExistingRows(db, 'security');
  if (isPostgres(db)) await createPostgresFunctions(db);
  for (const source of ['event', 'security', 'access'] as const) await createChainTrigger(db, source);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const source of ['event', 'security', 'access'] as const) await dropChainTrigger(db, source);
  if (isPostgres(db)) {
    await sql`DROP FUNCTION IF EXISTS fairline_sha(text)`.execute(db);
    await sql`DROP FUNCTION IF EXISTS fairline_enc(text)`.execute(db);
  }
  await db.schema.dropTable('access_log').execute();
  await db.schema.dropTable('audit_head').execute();
  await db.schema.dropTable('audit_chain').execute();
}
