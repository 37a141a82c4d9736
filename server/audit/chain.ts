// The audit chain's arithmetic (docs/security.md "A record that cannot be rewritten"), the one
// definition both stores and `admin audit verify` follow. Pure: no database here.
//
// Every row of a chained table (client events, security events, the read-access log, retention
// tombstones) gets one entry in `audit_chain`, by a trigger (migration 0014; on PostgreSQL
// through audit_pending from 0023, pending.ts): a global position `seq`, the row's table and id, the SHA-256 of the row's
// content, and the link hash, SHA-256 over the previous entry's link hash and this entry. The
// triggers compute the same bytes in SQL (PostgreSQL) or through the functions below registered
// on the SQLite connection (sqlite-functions.ts); the verifier recomputes them here from the rows.
//
// The canonical encoding is a list of fields, each `<UTF-8 byte length>:<text>` or `-` for NULL,
// joined by commas, so no two lists encode alike whatever the texts hold. Integers are written
// in decimal. The content's first field is the source's name, so equal rows of two tables differ.
import { createHash } from 'node:crypto';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainSource = 'event' | 'security' | 'access' | 'tombstone';

/** The columns whose values make up each source's content, in order (snake_case, as stored). */
export const CHAINED_COLUMNS = {
  event: ['id', 'device_id', 'seq', 'user_id', 'account_id', 'device_time', 'received_at', 'type', 'body', 'checked_at'],
  security: ['id', 'at', 'kind', 'actor', 'user_id', 'username', 'device_id', 'address', 'detail'],
  access: ['id', 'at', 'user_id', 'username', 'role', 'device_id', 'account_id', 'what', 'object_id', 'reason', 'address'],
  tombstone: ['id', 'purged_seq', 'source', 'ref_id', 'account_id', 'pack_id', 'rule', 'purged_at'],
} as const satisfies Record<ChainSource, readonly string[]>;

/** Each source's table. */
export const CHAINED_TABLES: Record<ChainSource, string> = {
  event: 'events', security: 'security_events', access: 'access_log', tombstone: 'audit_tombstones',
};

export type FieldValue = string | number | bigint | null | undefined;

export function encodeFields(values: readonly FieldValue[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) {
      out += '-';
      continue;
    }
    const text = typeof v === 'string' ? v : String(v);
    out += `${Buffer.byteLength(text, 'utf8')}:${text}`;
  }
  return out;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The content hash of a row of `source`, from its values in CHAINED_COLUMNS order. */
export function contentHash(source: ChainSource, values: readonly FieldValue[]): string {
  return sha256Hex(encodeFields([source, ...values]));
}

/** The content hash of a row read back from the database (snake_case keys). */
export function rowContentHash(source: ChainSource, row: Record<string, unknown>): string {
  return contentHash(source, CHAINED_COLUMNS[source].map((c) => row[c] as FieldValue));
}

/** The link hash of entry `seq`: it commits to the previous link and to this entry's every field. */
export function linkHash(prevHash: string, seq: number, source: string, refId: string, content: string): string {
  return sha256Hex(encodeFields([prevHash, seq, source, refId, content]));
}

/** One entry of the chain as stored. */
export interface ChainEntry { seq: number; source: string; refId: string; contentHash: string; hash: string }
