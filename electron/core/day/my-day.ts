// The collector's own day from the local event log: the agent's attempts and wrap-ups since the
// start of their local day (shared/queue/my-day.ts counts them as the board does).
import type Database from 'better-sqlite3';
import type { EventBody } from '../../../shared/domain/events';
import { type DayEvent, dayFigures, type MyDay } from '../../../shared/queue/my-day';
import { dayToIsoDate, localDay, startOfLocalDay } from '../../../shared/compliance/time';
import { all, qb } from '../store/sql';

/** The day in `tz` that `now` falls in. */
export function myDay(db: Database.Database, userId: string, now: Date, tz: string): MyDay {
  const day = localDay(now.getTime(), tz);
  const date = dayToIsoDate(day);
  const dayStart = new Date(startOfLocalDay(day, tz));
  const rows = all(db, qb.selectFrom('events as e').leftJoin('accounts as a', 'a.id', 'e.account_id').select(['e.device_time', 'e.body', 'a.currency'])
    .where('e.user_id', '=', userId).where('e.type', 'in', ['call.attempt', 'call.outcome']).orderBy('e.seq'));
  const from = dayStart.getTime();
  const events: DayEvent[] = [];
  for (const row of rows) {
    const body = JSON.parse(row.body) as EventBody;
    if (body.type === 'call.attempt') {
      if (Date.parse(body.startedAt) >= from) events.push({ kind: 'attempt', direction: body.direction, startedAt: body.startedAt, answeredAt: body.answeredAt, endedAt: body.endedAt });
      continue;
    }
    if (body.type !== 'call.outcome' || Date.parse(row.device_time) < from) continue;
    const currency = row.currency ?? 'unknown';
    const promises = body.promise ? [{ amountMinor: body.promise.amountMinor, currency }] : [];
    events.push({ kind: 'outcome', at: row.device_time, callId: body.callId, outcome: body.outcome, promises });
  }
  return { date, mine: dayFigures(events), team: null };
}
