// "My callbacks" from the local event log: the callbacks this agent scheduled in wrap-ups, and
// the calls and contacts since on those accounts (shared/queue/callbacks.ts decides each state).
import type Database from 'better-sqlite3';
import type { EventBody } from '../../../shared/domain/events';
import { type CallbackEvent, callbackStates, type MyCallback } from '../../../shared/queue/callbacks';
import { all, qb } from '../store/sql';

export function myCallbacks(db: Database.Database, userId: string, now: Date): MyCallback[] {
  const rows = all(db, qb.selectFrom('events').select(['account_id', 'device_time', 'body'])
    .where('user_id', '=', userId).where('type', 'in', ['call.attempt', 'call.outcome']).where('account_id', 'is not', null).orderBy('seq'));
  const events: CallbackEvent[] = [];
  for (const row of rows) {
    const body = JSON.parse(row.body) as EventBody;
    const accountId = row.account_id!;
    if (body.type === 'call.attempt' && body.direction === 'outbound') events.push({ kind: 'contact', accountId, at: body.startedAt });
    if (body.type !== 'call.outcome') continue;
    if (body.callId === null) events.push({ kind: 'contact', accountId, at: row.device_time });
    if (body.callback) events.push({ kind: 'scheduled', accountId, loggedAt: row.device_time, callback: body.callback });
  }
  const states = callbackStates(events, now.getTime());
  if (states.length === 0) return [];
  const ids = [...new Set(states.map((s) => s.accountId))];
  const accounts = new Map(all(db, qb.selectFrom('accounts').select(['id', 'ref', 'time_zone', 'debtor_name']).where('id', 'in', ids)).map((a) => [a.id, a]));
  return states.flatMap((s) => {
    const account = accounts.get(s.accountId);
    if (!account) return []; // no longer assigned here
    return [{ ...s, debtorName: account.debtor_name, ref: account.ref, debtorZone: account.time_zone }];
  });
}
