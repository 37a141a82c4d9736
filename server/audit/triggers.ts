// The triggers that chain every inserted row (chain.ts), one per chained table, for each store.
// Created by migration 0014 (and 0015 for retention tombstones); kept here so the SQL that
// mirrors chain.ts sits beside it.
//
// SQLite: a row trigger calling fairline_content / fairline_link (sqlite-functions.ts). SQLite
// runs one write transaction at a time, so reading and moving the head needs no lock.
//
// PostgreSQL: a statement trigger over the inserted rows (a push inserts hundreds in one
// statement). Until migration 0023 it took the head row FOR UPDATE and chained the rows at once,
// so inserts into chained tables committed one after another across every server instance; from
// 0023 it records them as pending and pending.ts links them onto the chain outside the
// inserting transaction.
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { CHAINED_COLUMNS, CHAINED_TABLES, type ChainSource, GENESIS_HASH } from './chain';

/** Which columns are integers (written in decimal, as chain.ts does). */
const INTEGER_COLUMNS = new Set(['seq', 'purged_seq']);

/** How the rows of each table are put in order when one statement inserts several. */
const ORDER: Record<ChainSource, string> = {
  event: 'device_id, seq', security: 'at, id', access: 'at, id', tombstone: 'purged_seq, id',
};

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The functions PostgreSQL's triggers use (chain.ts's encoding, in SQL). */
export async function createPostgresFunctions(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION fairline_enc(v text) RETURNS text IMMUTABLE LANGUAGE sql AS
    $$ SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(convert_to(v, 'UTF8'))::text || ':' || v END $$`.execute(db);
  await sql`CREATE OR REPLACE FUNCTION fairline_sha(t text) RETURNS text IMMUTABLE LANGUAGE sql AS
    $$ SELECT encode(sha256(convert_to(t, 'UTF8')), 'hex') $$`.execute(db);
}

/** SQL for the content hash's input of a row `n` of `source` (chain.ts's contentHash). */
function contentSql(source: ChainSource): string {
  return [`fairline_enc('${source}')`, ...CHAINED_COLUMNS[source].map((c) => `fairline_enc(n.${c}${INTEGER_COLUMNS.has(c) ? '::text' : ''})`)].join(` || ',' || `);
}

/** How the rows of `source` in `new_rows n` are ordered. */
function orderSql(source: ChainSource): string {
  return ORDER[source].split(', ').map((c) => `n.${c}`).join(', ');
}

/**
 * PostgreSQL from migration 0023: the trigger's function only records the inserted rows' content
 * hashes as pending (pending.ts links them onto the chain), so inserts take no lock.
 */
export async function deferChainTrigger(db: Kysely<unknown>, source: ChainSource): Promise<void> {
  await sql.raw(`CREATE OR REPLACE FUNCTION audit_chain_${source}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO audit_pending (source, ref_id, content_hash)
    SELECT '${source}', n.id, fairline_sha(${contentSql(source)}) FROM new_rows n ORDER BY ${orderSql(source)};
  RETURN NULL;
END $fn$`).execute(db);
}

export async function createChainTrigger(db: Kysely<unknown>, source: ChainSource): Promise<void> {
  const table = CHAINED_TABLES[source];
  const columns = CHAINED_COLUMNS[source];
  if (isPostgres(db)) {
    const content = contentSql(source);
    await sql.raw(`CREATE OR REPLACE FUNCTION audit_chain_${source}() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  h_seq bigint; h_hash text; r record;
  seqs bigint[] := '{}'; refs text[] := '{}'; contents text[] := '{}'; hashes text[] := '{}';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
  SELECT seq, hash INTO h_seq, h_hash FROM audit_head WHERE id = 1 FOR UPDATE;
  FOR r IN SELECT n.id AS ref, fairline_sha(${content}) AS content FROM new_rows n ORDER BY ${orderSql(source)} LOOP
    h_seq := h_seq + 1;
    h_hash := fairline_sha(fairline_enc(h_hash) || ',' || fairline_enc(h_seq::text) || ',' || fairline_enc('${source}') || ',' || fairline_enc(r.ref) || ',' || fairline_enc(r.content));
    seqs := seqs || h_seq; refs := refs || r.ref; contents := contents || r.content; hashes := hashes || h_hash;
  END LOOP;
  INSERT INTO audit_chain (seq, source, ref_id, content_hash, hash)
    SELECT s, '${source}', f, c, h FROM unnest(seqs, refs, contents, hashes) AS u(s, f, c, h);
  UPDATE audit_head SET seq = h_seq, hash = h_hash WHERE id = 1;
  RETURN NULL;
END $fn$`).execute(db);
    await sql.raw(`CREATE TRIGGER audit_chain_${source} AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_${source}()`).execute(db);
    return;
  }
  const values = columns.map((c) => `NEW.${c}`).join(', ');
  await sql.raw(`CREATE TRIGGER audit_chain_${source} AFTER INSERT ON ${table} FOR EACH ROW BEGIN
  INSERT INTO audit_chain (seq, source, ref_id, content_hash, hash)
    SELECT h.seq + 1, '${source}', NEW.id, c.v, fairline_link(h.hash, h.seq + 1, '${source}', NEW.id, c.v)
    FROM audit_head h, (SELECT fairline_content('${source}', ${values}) AS v) c WHERE h.id = 1;
  UPDATE audit_head SET seq = seq + 1, hash = (SELECT a.hash FROM audit_chain a WHERE a.seq = audit_head.seq + 1) WHERE id = 1;
END`).execute(db);
}

export async function dropChainTrigger(db: Kysely<unknown>, source: ChainSource): Promise<void> {
  const table = CHAINED_TABLES[source];
  if (isPostgres(db)) {
    await sql.raw(`DROP TRIGGER IF EXISTS audit_chain_${source} ON ${table}`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS audit_chain_${source}()`).execute(db);
  } else {
    await sql.raw(`DROP TRIGGER IF EXISTS audit_chain_${source}`).execute(db);
  }
}

export { GENESIS_HASH };
