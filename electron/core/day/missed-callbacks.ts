// Callbacks this agent scheduled that were not made in time (shared/queue/callbacks.ts calls
// them missed 15 minutes past their time): each is logged once as callback.missed, which the
// central server turns into an alert on the team lead's board. Only those missed within the
// last day are logged, so a console that was off for a week does not flood the board.
import type Database from 'better-sqlite3';
import type { EventBody } from '../../../shared/domain/events';
import { all, qb } from '../store/sql';
import { myCallbacks } from './my-callbacks';

const LOOK_BACK_MS = 24 * 3_600_000;

type Missed = { accountId: string; body: Extract<EventBody, { type: 'callback.missed' }> };

export function missedCallbacks(db: Database.Database, userId: string, now: Date): Missed[] {
  const missed = myCallbacks(db, userId, now).filter((c) => c.status === 'missed' && now.getTime() - Date.parse(c.at) <= LOOK_BACK_MS);
  if (missed.length === 0) return [];
  const logged = new Set(all(db, qb.selectFrom('events').select(['body']).where('type', '=', 'callback.missed'))
    .map((row) => (JSON.parse(row.body) as { callbackId?: string }).callbackId));
  return missed.filter((c) => !logged.has(c.id))
    .map((c) => ({ accountId: c.accountId, body: { type: 'callback.missed', callbackId: c.id, dueAt: new Date(Date.parse(c.at)).toISOString(), owner: c.owner } }));
}
