// The digest of the accounts this console holds, named as the server names an agent's assignment
// set (server/sync/assigned-digest.ts: SHA-256 of the sorted ids, each followed by a newline).
// Equal, the console holds exactly the assigned accounts and the list of every id need not come
// down (on a first pull of 100k accounts it came on top of everything the pull built). Read
// from the primary key's index one id at a time, never as a 100k array. SQLite sorts ids by
// their UTF-8 bytes, JavaScript by UTF-16 units: they differ only past U+FFFF, and a digest that
// differs only costs the list.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export function localAssignedDigest(db: Database.Database): string {
  const hash = createHash('sha256');
  for (const id of db.prepare('SELECT id FROM accounts ORDER BY id').pluck().iterate() as IterableIterator<string>) hash.update(id).update('\n');
  return hash.digest('hex');
}
