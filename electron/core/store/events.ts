// The append-only event log and its outbox. An event and its outbox row are written in one
// transaction; the outbox is cleared up to the sequence the server confirms.
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { ClientEvent, EventBody } from '../../../shared/domain/events';
import { all, first, qb, run } from './sql';

export function appendEvent(
  db: Database.Database,
  e: { deviceId: string; userId: string; accountId: string | null; body: EventBody; now: Date },
): ClientEvent {
  return db.transaction(() => {
    const seq = (first(db, qb.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')))?.m ?? 0) + 1;
    const event: ClientEvent = {
      id: uuidv7(), deviceId: e.deviceId, seq, userId: e.userId, accountId: e.accountId,
      deviceTime: e.now.toISOString(), body: e.body,
    };
    run(db, qb.insertInto('events').values({
      seq, id: event.id, user_id: e.userId, account_id: e.accountId, type: e.body.type,
      body: JSON.stringify(e.body), device_time: event.deviceTime,
    }));
    run(db, qb.insertInto('outbox').values({ seq }));
    return event;
  })();
}

export function pendingCount(db: Database.Database): number {
  return first(db, qb.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
}

/** The oldest events still waiting to be pushed, in device order. */
export function outboxBatch(db: Database.Database, deviceId: string, limit: number): ClientEvent[] {
  const rows = all(db, qb.selectFrom('outbox as o').innerJoin('events as e', 'e.seq', 'o.seq')
    .select(['e.seq', 'e.id', 'e.user_id', 'e.account_id', 'e.body', 'e.device_time'])
    .orderBy('o.seq').limit(limit));
  return rows.map((r) => ({
    id: r.id, deviceId, seq: r.seq, userId: r.user_id, accountId: r.account_id, deviceTime: r.device_time,
    body: JSON.parse(r.body) as EventBody,
  }));
}

export function clearOutboxThrough(db: Database.Database, lastSeq: number): void {
  run(db, qb.deleteFrom('outbox').where('seq', '<=', lastSeq));
}

export function latestEvent<T extends EventBody['type']>(db: Database.Database, userId: string, type: T): Extract<EventBody, { type: T }> | undefined {
  const row = first(db, qb.selectFrom('events').select('body').where('user_id', '=', userId).where('type', '=', type).orderBy('seq', 'desc').limit(1));
  return row ? (JSON.parse(row.body) as Extract<EventBody, { type: T }>) : undefined;
}

export function accountEvents(db: Database.Database, accountId: string): { id: string; deviceTime: string; body: EventBody; userId: string }[] {
  return all(db, qb.selectFrom('events').select(['id', 'device_time', 'body', 'user_id']).where('account_id', '=', accountId).orderBy('seq'))
    .map((r) => ({ id: r.id, deviceTime: r.device_time, body: JSON.parse(r.body) as EventBody, userId: r.user_id }));
}
