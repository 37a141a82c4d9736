// The talk track starts when the call is answered, and the core holds to that whatever the
// screen sent: the steps a wrap-up logs for a softphone call are those confirmed after the far
// end answered, as the call's own attempt (call.attempt, logged by this core when the call
// ended) says. A call never answered (or one the core has no attempt for) logs no step, and
// the offsets logged count from the answer. A call on the desk phone (no call id) counts as
// answered when the track opened, as the console treats it.
import type Database from 'better-sqlite3';

export interface Step { stepId: string; atMs: number }

/** The answer of a softphone call as its attempt was logged here; null when no attempt was. */
export interface CallAnswer { answeredAt: string | null }

/**
 * The steps to log. `trackStartedAt` is when the console's track clock started (the draft's
 * startedAt): the form's offsets count from it, and are moved to count from the answer; a step
 * that then falls before the answer was confirmed to a line still ringing and is dropped.
 */
export function stepsFromAnswer<S extends Step>(steps: readonly S[], callId: string | null, answer: CallAnswer | null, trackStartedAt: string | null): S[] {
  if (callId === null) return [...steps];
  if (!answer?.answeredAt) return [];
  const answeredAt = Date.parse(answer.answeredAt);
  const startedAt = trackStartedAt === null ? Number.NaN : Date.parse(trackStartedAt);
  const shift = Number.isFinite(startedAt) && Number.isFinite(answeredAt) ? startedAt - answeredAt : 0;
  return steps
    .map((s) => ({ ...s, atMs: Math.round(s.atMs + shift) }))
    .filter((s) => s.atMs >= 0);
}

/** The answer time the core logged for call `callId` (its last attempt), or null if none was logged. */
export function loggedAnswer(db: Database.Database, accountId: string | null, callId: string): CallAnswer | null {
  const byAccount = db.prepare("SELECT body FROM events WHERE account_id IS ? AND type = 'call.attempt' AND json_extract(body, '$.callId') = ? ORDER BY seq DESC LIMIT 1");
  // The account may have been taken away during the call: its attempt was then logged without one.
  const row = (byAccount.get(accountId, callId) ?? (accountId === null ? undefined : byAccount.get(null, callId))) as { body: string } | undefined;
  if (!row) return null;
  const body = JSON.parse(row.body) as { answeredAt?: unknown };
  return { answeredAt: typeof body.answeredAt === 'string' ? body.answeredAt : null };
}
