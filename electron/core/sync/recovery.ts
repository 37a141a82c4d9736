// When the central store goes back in time (restored from a backup, or a replica promoted after
// a failover), what it had confirmed to this console may be gone. The console keeps every event
// it ever logged (the outbox only lists what is unsent), so it can send the lost ones again.
//
// Two signs, checked at the start of every sync run (GET /api/sync/state) and after every push:
// - the server's cursor for this device is below the highest sequence it once confirmed;
// - the server's epoch (which database it is) differs from the one seen before.
// Either way: every event after the server's cursor goes back in the outbox, the files they
// name are checked again (the server may have lost those too), every pull cursor starts over
// (changes pulled from the lost history may be gone, and new ones may reuse their numbers), and
// the status says what happened. See docs/sync.md "Restore and failover".
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { type SyncRecovery, SyncRecovery as RecoverySchema } from '../../../shared/api/contract';
import { readMeta, writeMeta } from '../store/meta';

const EPOCH_KEY = 'sync.epoch';
const CONFIRMED_KEY = 'sync.confirmedSeq';
const RECOVERY_KEY = 'sync.recovery';
/** A recovery stays in the status this long after it happened. */
const SHOW_RECOVERY_MS = 24 * 60 * 60 * 1000;

/** The highest sequence the server ever confirmed to this console. */
export function confirmedSeq(db: Database.Database): number {
  return readMeta(db, CONFIRMED_KEY, z.number().int()) ?? 0;
}

/** Notes a confirmation; answers the recovery made if the server is behind what it confirmed before, else null. */
export function noteConfirmed(db: Database.Database, lastSeq: number, now: Date, resetPulls: () => void): SyncRecovery | null {
  if (lastSeq >= confirmedSeq(db)) {
    writeMeta(db, CONFIRMED_KEY, lastSeq);
    return null;
  }
  return db.transaction(() => {
    const recovery = recover(db, { lastSeq, reason: 'behind', now });
    resetPulls();
    return recovery;
  })();
}

/**
 * Compares the server's state with what this console saw before. Answers the recovery made, or
 * null when nothing was lost. `resetPulls` is called inside the same transaction.
 */
export function reconcile(db: Database.Database, state: { epoch: string; lastSeq: number }, now: Date, resetPulls: () => void): SyncRecovery | null {
  return db.transaction(() => {
    const known = readMeta(db, EPOCH_KEY, z.string());
    writeMeta(db, EPOCH_KEY, state.epoch);
    const reason = known !== undefined && known !== state.epoch ? 'epoch' : state.lastSeq < confirmedSeq(db) ? 'behind' : null;
    if (!reason) return null;
    const recovery = recover(db, { lastSeq: state.lastSeq, reason, now });
    resetPulls();
    return recovery;
  })();
}

/**
 * Events the server should hold but does not (after its cursor, not in the outbox) go back in
 * the outbox; answers how many. Used after a push too: a server that keeps its cursor below a
 * batch is waiting for something this console thought it had sent.
 */
export function requeueAfter(db: Database.Database, lastSeq: number): number {
  return db.prepare('INSERT INTO outbox (seq) SELECT seq FROM events WHERE seq > ? AND seq NOT IN (SELECT seq FROM outbox)').run(lastSeq).changes;
}

/** The latest recovery, while it is recent enough to show. */
export function latestRecovery(db: Database.Database, now: Date): SyncRecovery | null {
  const recovery = readMeta(db, RECOVERY_KEY, RecoverySchema);
  return recovery && now.getTime() - Date.parse(recovery.at) < SHOW_RECOVERY_MS ? recovery : null;
}

function recover(db: Database.Database, { lastSeq, reason, now }: { lastSeq: number; reason: SyncRecovery['reason']; now: Date }): SyncRecovery {
  return db.transaction(() => {
    const resentEvents = requeueAfter(db, lastSeq);
    // Files named by those events, or by any event if the database itself is another: the upload
    // step asks the server what it holds (HEAD) and sends only what is missing.
    db.prepare(`UPDATE uploads SET uploaded_at = NULL, error = NULL, tried_at = NULL
      WHERE uploaded_at IS NOT NULL AND (? = 'epoch' OR event_id IN (SELECT id FROM events WHERE seq > ?))`).run(reason, lastSeq);
    const recovery: SyncRecovery = { at: now.toISOString(), reason, serverHadSeq: lastSeq, confirmedSeq: confirmedSeq(db), resentEvents };
    writeMeta(db, CONFIRMED_KEY, lastSeq);
    writeMeta(db, RECOVERY_KEY, recovery);
    return recovery;
  })();
}
