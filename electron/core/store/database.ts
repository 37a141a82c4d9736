// Opens the local store: encrypted (SQLCipher), WAL, foreign keys, an integrity check, and the
// migrations. A file that is not a readable SQLite database is never modified: opening fails with
// StoreOpenError naming the file, and the console offers a fresh file beside it.
//
// Encryption at rest: better-sqlite3-multiple-ciphers is better-sqlite3 (same API, same code)
// built with SQLite3 Multiple Ciphers, which encrypts every page of the database, of its WAL and
// of its rollback journal; we chose it over writing a page cipher of our own. Of its schemes we
// use AEGIS-256: authenticated encryption (a changed page fails to read), built on AES rounds
// that run in hardware. Its SQLCipher scheme (AES-256-CBC plus HMAC-SHA512 per page) was measured
// first and cost 66% more at start-up and 25% on a queue page (test/bench/encryption.bench.ts);
// AEGIS stays within the 10% we allow ourselves. The price: the `sqlcipher` tool cannot open the
// file; SQLite3 Multiple Ciphers' shell and DB Browser for SQLite (its SQLCipher/SQLite3MC build)
// can, given the key. The device key (device-key.ts) is passed raw, so no KDF runs at open.
// Temporary tables and sort spills stay in memory, so nothing plain lands in a temp file either.
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import Database from 'better-sqlite3-multiple-ciphers';
import { touchPrivateFile } from '../files/private-files';
import { migrations } from './migrations';

export class StoreOpenError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`Cannot open the local database ${file}: ${reason}`);
    this.name = 'StoreOpenError';
  }
}

/** The first 16 bytes of every plain SQLite file. An encrypted one starts with random bytes. */
const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether the file is a plain (unencrypted) SQLite database. */
export function isPlainDatabase(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(PLAIN_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAIN_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** Sets the cipher and the raw key on a connection, before anything else touches the file. */
export function applyKey(db: { pragma(source: string): unknown }, key: Buffer): void {
  if (key.length !== 32) throw new Error('The database key must be 32 bytes');
  db.pragma("cipher = 'aegis'");
  db.pragma("algorithm = 'aegis-256'");
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/**
 * Opens (creating if needed, owner-only) the database. With a key it is encrypted; without one
 * it is plain, which only tests of the SQL itself use: the console always passes its device key.
 */
export function openDatabase(file: string, key: Buffer | null = null): BetterSqlite3.Database {
  if (existsSync(file)) probe(file, key);
  let db: BetterSqlite3.Database | undefined;
  try {
    if (file !== ':memory:') touchPrivateFile(file); // SQLite gives -wal and -shm the database's mode
    db = new Database(file, { timeout: 5000 }) as unknown as BetterSqlite3.Database;
    if (key) applyKey(db, key);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('temp_store = MEMORY');
    // A page cache of up to 8 MB (SQLite's default is 2 MB): a large portfolio's indexes are
    // spread over the whole file, and a gate sweep of thousands of accounts otherwise reads the
    // same index pages over and over. It was 64 MB, then 16: a 100k-account store fills any of
    // them, and each MB is the console's memory for pages the OS caches anyway (a miss costs a
    // read from the OS cache and an AEGIS decryption). Since a pull writes its accounts in id
    // order (portfolio.ts applyBundles), 100k of them apply in 22 s with 4, 8 or 16 MB; the gate
    // sweep and the queue page of 100k accounts showed no difference beyond their noise.
    db.pragma('cache_size = -8192');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    throw new StoreOpenError(file, reason(err));
  }
}

/** Checks an existing file through a read-only handle, so a bad file is never written to; StoreOpenError when it fails. */
export function probe(file: string, key: Buffer | null): void {
  let db: BetterSqlite3.Database | undefined;
  try {
    if (key && isPlainDatabase(file)) throw new Error('it is not encrypted (it should have been encrypted when the console started)');
    db = new Database(file, { readonly: true, fileMustExist: true }) as unknown as BetterSqlite3.Database;
    if (key) applyKey(db, key);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed (${String(check)})`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations[migrations.length - 1]?.version ?? 0;
    if (version > latest) throw new Error(`it was written by a newer Fairline (schema ${version}, this one knows ${latest})`);
  } catch (err) {
    throw new StoreOpenError(file, key && /not a database/i.test(reason(err)) ? 'it cannot be decrypted with this console\'s key (or it is not a database)' : reason(err));
  } finally {
    db?.close();
  }
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: BetterSqlite3.Database): number {
  let version = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= version) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    version = m.version;
  }
  return version;
}
