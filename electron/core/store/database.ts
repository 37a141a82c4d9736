// Opens the local store: WAL, foreign keys, an integrity check, and the migrations.
// A file that is not a readable SQLite database is never modified: opening fails with
// StoreOpenError naming the file, and the console offers a fresh file beside it.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrations } from './migrations';

export class StoreOpenError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`Cannot open the local database ${file}: ${reason}`);
    this.name = 'StoreOpenError';
  }
}

export function openDatabase(file: string): Database.Database {
  if (existsSync(file)) probe(file);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // A page cache of up to 64 MB (SQLite's default is 2 MB): a large portfolio's indexes are
    // spread over the whole file, and a pull or a gate sweep of thousands of accounts otherwise
    // reads and writes the same index pages over and over.
    db.pragma('cache_size = -65536');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    throw new StoreOpenError(file, reason(err));
  }
}

/** Checks an existing file through a read-only handle, so a bad file is never written to. */
function probe(file: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed (${String(check)})`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations[migrations.length - 1]?.version ?? 0;
    if (version > latest) throw new Error(`it was written by a newer Fairline (schema ${version}, this one knows ${latest})`);
  } catch (err) {
    throw new StoreOpenError(file, reason(err));
  } finally {
    db?.close();
  }
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database.Database): number {
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
