// The console's data is its owner's alone: directories 0700, files 0600, whatever the process's
// umask (mkdir's and open's modes are masked by it, so the mode is set again explicitly).
// On Windows these modes mean little; the data directory under %APPDATA% is per user already.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the directory (and missing parents) owner-only, and makes an existing one so. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

export function restrictFile(file: string): void {
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Creates an empty owner-only file if there is none (SQLite then gives its -wal and -shm the same mode). */
export function touchPrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  restrictFile(file);
}

/** Makes a whole tree owner-only: directories 0700, files 0600 (an older console's data directory). */
export function restrictTree(dir: string): void {
  if (!existsSync(dir)) return;
  chmodSync(dir, PRIVATE_DIR_MODE);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path, { throwIfNoEntry: false });
    if (!s) continue;
    if (s.isDirectory()) restrictTree(path);
    else if (s.isFile()) chmodSync(path, PRIVATE_FILE_MODE);
  }
}
