// What this device's own events mean to the queue: attempts and wrap-ups become history the
// ranking folds (calls, promises, callbacks) and holds the agent set (a cease request) block the
// account at once, before the server has heard of them.
import type Database from 'better-sqlite3';
import type { CallAttemptLog, CallOutcomeLog, EventBody } from '../../../shared/domain/events';
import type { CallbackEntry, QueueHistoryInput } from '../../../shared/queue';
import { all, qb } from '../store/sql';

export interface LocalQueueFacts {
  history: QueueHistoryInput[];
  callbacks: CallbackEntry[];
  /** Hold kinds set by wrap-ups, with when. */
  holds: { kind: string; at: string }[];
}

const QUEUE_EVENT_TYPES = ['call.attempt', 'call.outcome', 'promise.broken'] as const;

/** Reach results as the queue and central history name them. */
const CONTACT_AS_CALL: Record<CallOutcomeLog['contact'], string> = {
  conversation: 'answered',
  no_answer: 'no_answer',
  busy: 'busy',
  voicemail: 'voicemail',
  limited_content_message: 'voicemail',
  not_in_service: 'not_in_service',
  failed: 'failed',
};

function attemptResult(result: CallAttemptLog['result']): string {
  return result === 'rejected' ? 'no_answer' : result;
}

/** Local queue facts per account (all accounts when `accountIds` is omitted). */
export function localQueueFacts(db: Database.Database, accountIds?: string[]): Map<string, LocalQueueFacts> {
  let q = qb.selectFrom('events').select(['account_id', 'device_time', 'body']).where('type', 'in', [...QUEUE_EVENT_TYPES]).where('account_id', 'is not', null);
  if (accountIds) q = q.where('account_id', 'in', accountIds);
  const facts = new Map<string, LocalQueueFacts>();
  for (const row of all(db, q.orderBy('seq'))) {
    const accountId = row.account_id!;
    let f = facts.get(accountId);
    if (!f) facts.set(accountId, (f = { history: [], callbacks: [], holds: [] }));
    fold(f, JSON.parse(row.body) as EventBody, row.device_time);
  }
  return facts;
}

function fold(f: LocalQueueFacts, body: EventBody, at: string): void {
  if (body.type === 'call.attempt') {
    f.history.push({ at: body.startedAt, kind: 'call', result: attemptResult(body.result), amountMinor: null, dueDate: null });
    return;
  }
  if (body.type === 'promise.broken') {
    f.history.push({ at, kind: 'promise', result: 'broken', amountMinor: body.amountMinor, dueDate: body.dueDate });
    return;
  }
  if (body.type === 'visit.outcome') {
    f.history.push({ at, kind: 'visit', result: body.outcome, amountMinor: null, dueDate: null });
    const promises = [...(body.promise ? [body.promise] : []), ...(body.plan?.instalments ?? [])];
    for (const p of promises) f.history.push({ at, kind: 'promise', result: 'pending', amountMinor: p.amountMinor, dueDate: p.dueDate });
    return;
  }
  if (body.type !== 'call.outcome') return;
  // A wrap-up of a softphone call adds no attempt of its own (call.attempt did); one logged by
  // hand for a desk-phone call is the attempt.
  if (body.callId === null) f.history.push({ at, kind: 'call', result: CONTACT_AS_CALL[body.contact], amountMinor: null, dueDate: null });
  const promises = [...(body.promise ? [body.promise] : []), ...(body.plan?.instalments ?? [])];
  for (const p of promises) f.history.push({ at, kind: 'promise', result: 'pending', amountMinor: p.amountMinor, dueDate: p.dueDate });
  if (body.callback) f.callbacks.push({ id: body.callback.id, at: body.callback.at, status: 'scheduled' });
  // Only account-wide holds take the account out of the queue; a number's opt-out leaves the others.
  if (body.hold && body.hold.phoneId === null) f.holds.push({ kind: body.hold.kind, at });
}
