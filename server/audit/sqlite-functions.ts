// The audit chain's hash functions on a SQLite connection, for the triggers of migration 0014
// (chain.ts defines them). SQLite has no SHA-256 of its own; better-sqlite3 runs these in the
// statement that inserts the row, so the entry is written in the same transaction as the row.
// Every connection the server, the admin CLI and the tests open goes through sqlite.ts, which
// registers them; a bare `sqlite3` shell can still read, update or delete (what `audit verify`
// is there to catch) but not insert into a chained table.
import type BetterSqlite3 from 'better-sqlite3';
import { type ChainSource, type FieldValue, contentHash, linkHash } from './chain';

export function registerAuditFunctions(db: BetterSqlite3.Database): void {
  db.function('fairline_content', { varargs: true, deterministic: true }, (source: unknown, ...values: unknown[]) =>
    contentHash(source as ChainSource, values as FieldValue[]));
  db.function('fairline_link', { deterministic: true }, (prev: unknown, seq: unknown, source: unknown, ref: unknown, content: unknown) =>
    linkHash(String(prev), Number(seq), String(source), String(ref), String(content)));
}
