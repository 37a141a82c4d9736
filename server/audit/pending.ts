// The audit chain on PostgreSQL, off the writers' path (migration 0023, docs/security.md "A
// record that cannot be rewritten").
//
// Chaining in the inserting transaction made every chained insert on every server instance wait
// for one lock (the chain's head) from its statement's end to its commit: under 500 agents the
// pushes queued on it. Now an insert's trigger only records each row's content hash in
// audit_pending (no lock: rows of concurrent transactions go in side by side), and a drain links
// what is pending onto the chain in the order it was recorded, one drainer at a time across all
// instances (an advisory lock), a few times a second (jobs/audit-chain.ts) and before anything
// reads or verifies the chain. A row's content is fixed when it is stored, so a row changed
// while it waits is caught like one changed after it was chained.
//
// SQLite has one writer at a time; its triggers still chain in the inserting transaction and
// nothing is ever pending there.
import { type Kysely, sql } from 'kysely';
import { isPostgres } from './triggers';

/** Entries linked by one drain at most (one statement, one short transaction). */
export const DRAIN_BATCH = 5000;

/** The drain lock's key, shared by every instance on the database. */
const DRAIN_LOCK = 0x6661_6972; // 'fair'

/** Creates the pending table and the drain function (PostgreSQL). */
export async function createPendingChain(db: Kysely<unknown>): Promise<void> {
  // Declared IMMUTABLE around convert_to (STABLE), PostgreSQL called them as functions for every
  // field of every row; STABLE lets them be inlined: hashing 10,000 rows takes 57 ms, not 235.
  await sql`ALTER FUNCTION fairline_enc(text) STABLE`.execute(db);
  await sql`ALTER FUNCTION fairline_sha(text) STABLE`.execute(db);
  await sql`CREATE TABLE audit_pending (
    pos bigserial PRIMARY KEY, source text NOT NULL, ref_id text NOT NULL, content_hash text NOT NULL)`.execute(db);
  await sql`CREATE INDEX audit_pending_ref_idx ON audit_pending (source, ref_id)`.execute(db);
  // Answers how many entries it linked, or -1 when another drain holds the lock.
  await sql.raw(`CREATE OR REPLACE FUNCTION fairline_chain_pending(max_entries integer) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  h_seq bigint; h_hash text; n integer;
  ps bigint[]; srcs text[]; refs text[]; cs text[]; seqs bigint[]; hashes text[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(${DRAIN_LOCK}) THEN RETURN -1; END IF;
  SELECT array_agg(p.pos ORDER BY p.pos), array_agg(p.source ORDER BY p.pos), array_agg(p.ref_id ORDER BY p.pos), array_agg(p.content_hash ORDER BY p.pos)
    INTO ps, srcs, refs, cs FROM (SELECT * FROM audit_pending ORDER BY pos LIMIT max_entries) p;
  n := coalesce(array_length(ps, 1), 0);
  IF n = 0 THEN RETURN 0; END IF;
  SELECT seq, hash INTO h_seq, h_hash FROM audit_head WHERE id = 1 FOR UPDATE;
  seqs := array_fill(0::bigint, ARRAY[n]);
  hashes := array_fill(''::text, ARRAY[n]);
  FOR i IN 1..n LOOP
    h_seq := h_seq + 1;
    h_hash := fairline_sha(fairline_enc(h_hash) || ',' || fairline_enc(h_seq::text) || ',' || fairline_enc(srcs[i]) || ',' || fairline_enc(refs[i]) || ',' || fairline_enc(cs[i]));
    seqs[i] := h_seq;
    hashes[i] := h_hash;
  END LOOP;
  INSERT INTO audit_chain (seq, source, ref_id, content_hash, hash) SELECT * FROM unnest(seqs, srcs, refs, cs, hashes);
  DELETE FROM audit_pending WHERE pos = ANY(ps);
  UPDATE audit_head SET seq = h_seq, hash = h_hash WHERE id = 1;
  RETURN n;
END $fn$`).execute(db);
}

export async function dropPendingChain(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER FUNCTION fairline_enc(text) IMMUTABLE`.execute(db);
  await sql`ALTER FUNCTION fairline_sha(text) IMMUTABLE`.execute(db);
  await sql`DROP FUNCTION IF EXISTS fairline_chain_pending(integer)`.execute(db);
  await sql`DROP TABLE IF EXISTS audit_pending`.execute(db);
}

/** Links one batch of pending entries; answers how many, or -1 when another drain is at it. */
export async function drainOnce(db: Kysely<unknown>, max = DRAIN_BATCH): Promise<number> {
  if (!isPostgres(db)) return 0;
  const row = (await sql<{ n: number }>`SELECT fairline_chain_pending(${max}) AS n`.execute(db)).rows[0]!;
  return Number(row.n);
}

/**
 * Links everything pending when called (and whatever arrives meanwhile): after it, every row
 * committed before the call is on the chain. Waits out another instance's drain.
 */
export async function settleChain(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  for (let waited = 0; ;) {
    const n = await drainOnce(db);
    if (n === 0) return;
    if (n > 0) continue;
    if (++waited > 500) throw new Error('the audit chain stayed locked by another drain for over 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * For a transaction that deletes chained rows (retention): links everything pending, then keeps
 * every drain out until the transaction ends, so each row it reads is either chained (its entry
 * named by a tombstone) or still pending, and forgetPending removes the latter's entries.
 */
export async function settleWithin(trx: Kysely<unknown>): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`SELECT pg_advisory_xact_lock(${DRAIN_LOCK})`.execute(trx);
  while ((await drainOnce(trx)) > 0);
}

/** Drops the pending entries of rows deleted before they were chained (inside settleWithin's transaction). */
export async function forgetPending(trx: Kysely<unknown>, source: string, ids: readonly string[]): Promise<void> {
  if (!isPostgres(trx) || ids.length === 0) return;
  await sql`DELETE FROM audit_pending WHERE source = ${source} AND ref_id = ANY(${ids as string[]}::text[])`.execute(trx);
}
