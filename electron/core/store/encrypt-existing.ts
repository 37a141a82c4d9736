// Encrypts, in place, the local data of a console from before encryption at rest: the plain
// database (with its WAL) and the plain files under recordings/, photos/, staging/ and
// review-cache/. Nothing is lost if the process dies at any point (test/electron/encrypt-migration.test.ts
// kills it at each step):
//
// 1. The WAL is folded into the database and the journal mode set to DELETE (SQLite's own
//    transactions: the plain file stays whole).
// 2. An encrypted copy is written beside it (`fairline.db.encrypting`): schema, rows with their
//    rowids, sequences and user_version, in one transaction, then checked row count by row count
//    and fsync'd. Dying here leaves the plain file as it was; the copy is thrown away next time.
// 3. The copy is renamed over the plain file (atomic), and the directory fsync'd.
//
// The device key must already be in keystore.json when this runs (the caller writes it first),
// so the encrypted file is never without its key. Files are sealed one by one, each through a
// temporary file renamed over the plain one. The plain bytes are unlinked, not scrubbed: on SSDs
// and journaling file systems no program can promise to overwrite them (full-disk encryption is
// the OS's part).
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import Database from 'better-sqlite3-multiple-ciphers';
import { FileSealer } from '../files/sealed-file';
import { touchPrivateFile } from '../files/private-files';
import { applyKey, isPlainDatabase } from './database';

export type EncryptStep = 'folded' | 'copied' | 'swapped';

const TEMP_SUFFIX = '.encrypting';

/** Encrypts a plain database in place; false when there was nothing to do (absent or already encrypted). */
export function encryptExistingDatabase(file: string, key: Buffer, onStep: (step: EncryptStep) => void = () => {}): boolean {
  const temp = `${file}${TEMP_SUFFIX}`;
  for (const leftover of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`]) rmSync(leftover, { force: true });
  if (!isPlainDatabase(file)) return false;

  const plain = new Database(file, { timeout: 5000 }) as unknown as BetterSqlite3.Database;
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('journal_mode = DELETE');
  } finally {
    plain.close();
  }
  onStep('folded');

  touchPrivateFile(temp);
  const out = new Database(temp, { timeout: 5000 }) as unknown as BetterSqlite3.Database;
  try {
    applyKey(out, key);
    out.pragma('temp_store = MEMORY');
    out.exec(`ATTACH DATABASE '${file.replace(/'/g, "''")}' AS plain KEY ''`);
    copyAll(out);
    out.exec('DETACH DATABASE plain');
  } finally {
    out.close();
  }
  fsyncFile(temp);
  onStep('copied');

  renameSync(temp, file);
  fsyncFile(dirname(file));
  for (const stale of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(stale, { force: true });
  onStep('swapped');
  return true;
}

interface Entry { type: string; name: string; tbl_name: string; sql: string | null }

/** Copies schema and rows from `plain` into `main`, in one transaction, and checks the counts. */
function copyAll(db: BetterSqlite3.Database): void {
  const entries = db.prepare("SELECT type, name, tbl_name, sql FROM plain.sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as Entry[];
  const tables = entries.filter((e) => e.type === 'table' && e.sql);
  db.transaction(() => {
    for (const t of tables) {
      db.exec(t.sql!);
      const columns = (db.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?, 'plain')`).all(t.name) as { name: string; hidden: number }[])
        .filter((c) => c.hidden === 0).map((c) => quote(c.name));
      const rowid = /WITHOUT\s+ROWID/i.test(t.sql!) ? [] : ['rowid'];
      const list = [...rowid, ...columns].join(', ');
      db.exec(`INSERT INTO main.${quote(t.name)} (${list}) SELECT ${list} FROM plain.${quote(t.name)}`);
    }
    if (db.prepare("SELECT 1 FROM plain.sqlite_master WHERE name = 'sqlite_sequence'").get()) {
      db.exec('DELETE FROM main.sqlite_sequence; INSERT INTO main.sqlite_sequence SELECT * FROM plain.sqlite_sequence');
    }
    for (const e of entries) if (e.type !== 'table' && e.sql) db.exec(e.sql);
    const version = db.prepare('PRAGMA plain.user_version').pluck().get() as number;
    db.pragma(`user_version = ${version}`);
    for (const t of tables) {
      const count = (schema: string) => db.prepare(`SELECT count(*) FROM ${schema}.${quote(t.name)}`).pluck().get() as number;
      if (count('main') !== count('plain')) throw new Error(`copying ${t.name} while encrypting the database lost rows`);
    }
  })();
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // Directories cannot be fsync'd on every platform (Windows): the rename is still atomic.
  } finally {
    closeSync(fd);
  }
}

/** Seals every plain file under the directories (recursively); answers how many. Leftover temporaries go. */
export function sealExistingFiles(dirs: string[], sealer: FileSealer): number {
  let sealed = 0;
  const visit = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        visit(path);
        continue;
      }
      if (!entry.isFile()) continue;
      if (entry.name.endsWith('.sealing')) {
        rmSync(path, { force: true });
        continue;
      }
      if (FileSealer.isSealed(path)) continue;
      sealer.sealInPlace(path);
      sealed += 1;
    }
  };
  for (const dir of dirs) visit(dir);
  return sealed;
}
