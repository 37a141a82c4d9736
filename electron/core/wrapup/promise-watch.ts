// Promises made on this console, watched until they are kept or broken: one not met by the
// end of its day in the debtor's zone is logged as broken (which raises the account in the
// queue). Payments arrive with the central history; a payment after the deadline does not
// mend a broken promise.
import type Database from 'better-sqlite3';
import type { EventBody } from '../../../shared/domain/events';
import { promiseStatus } from '../../../shared/wrapup';
import { all, qb } from '../store/sql';

type Broken = { accountId: string; body: Extract<EventBody, { type: 'promise.broken' }> };

export function brokenPromises(db: Database.Database, now: Date): Broken[] {
  const events = all(db, qb.selectFrom('events').select(['id', 'account_id', 'device_time', 'type', 'body'])
    .where('type', 'in', ['call.outcome', 'visit.outcome', 'promise.broken']).where('account_id', 'is not', null).orderBy('seq'));
  const alreadyBroken = new Set<string>();
  const promises: { eventId: string; accountId: string; madeAt: string; amountMinor: number; dueDate: string }[] = [];
  for (const e of events) {
    const body = JSON.parse(e.body) as EventBody;
    if (body.type === 'promise.broken') alreadyBroken.add(`${body.promiseEventId}/${body.dueDate}/${body.amountMinor}`);
    if (body.type !== 'call.outcome' && body.type !== 'visit.outcome') continue;
    for (const p of [...(body.promise ? [body.promise] : []), ...(body.plan?.instalments ?? [])]) {
      promises.push({ eventId: e.id, accountId: e.account_id!, madeAt: e.device_time, ...p });
    }
  }
  const open = promises.filter((p) => !alreadyBroken.has(`${p.eventId}/${p.dueDate}/${p.amountMinor}`));
  if (open.length === 0) return [];
  const accountIds = [...new Set(open.map((p) => p.accountId))];
  const zones = new Map(all(db, qb.selectFrom('accounts').select(['id', 'time_zone']).where('id', 'in', accountIds)).map((a) => [a.id, a.time_zone]));
  const payments = all(db, qb.selectFrom('history').select(['account_id', 'at', 'amount_minor'])
    .where('kind', '=', 'payment').where('account_id', 'in', accountIds));
  const broken: Broken[] = [];
  for (const p of open) {
    const zone = zones.get(p.accountId);
    if (!zone) continue; // no longer this agent's account
    const paid = payments.filter((x) => x.account_id === p.accountId).map((x) => ({ at: x.at, amountMinor: x.amount_minor ?? 0 }));
    if (promiseStatus({ amountMinor: p.amountMinor, dueDate: p.dueDate, madeAt: p.madeAt }, paid, now.getTime(), zone) !== 'broken') continue;
    broken.push({ accountId: p.accountId, body: { type: 'promise.broken', promiseEventId: p.eventId, amountMinor: p.amountMinor, dueDate: p.dueDate } });
  }
  return broken;
}
