// Every temporary file of a test or bench run goes under one directory of its own, removed when
// the run ends: tests and benches make dozens of data directories, databases and browser
// profiles (a 100k-account bench leaves 65 MB), and each cleaning up after itself on every path,
// failures included, is not something a suite can promise. Setting TMPDIR before any worker or
// child process starts sends os.tmpdir() (and every program that honours TMPDIR) there.
// FAIRLINE_KEEP_TMP=1 keeps it, to look at after a failure.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function useRunTmpdir(label: string): string {
  const existing = process.env.FAIRLINE_RUN_TMPDIR;
  if (existing) return existing; // a worker, or the config read twice: the run already has one
  const dir = mkdtempSync(join(tmpdir(), `fairline-${label}-run-`));
  chmodSync(dir, 0o755); // programs the tests run as another user (PostgreSQL) make their own folders here
  process.env.FAIRLINE_RUN_TMPDIR = dir;
  process.env.TMPDIR = dir;
  if (process.env.FAIRLINE_KEEP_TMP !== '1') process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
