// Names the set of accounts an agent holds, so a console that already holds exactly that set is
// not sent its list on every sync (100k ids cost the console about 450 ms a sync to read and
// reconcile). SHA-256 of the sorted ids: a collision would leave a console with the wrong set.
import { createHash } from 'node:crypto';

export function assignedDigest(ids: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of [...ids].sort()) hash.update(id).update('\n');
  return hash.digest('hex');
}
