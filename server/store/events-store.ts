// Pushed client events: stored once per (device, seq), the device cursor advanced over contiguous
// seqs, contacts re-checked on arrival (arrival.ts), violations listed for leads. Part of the
// ServerStore: kysely-store.ts delegates here.
import type { Kysely } from 'kysely';
import type { ClientEvent } from '../../shared/domain/events';
import { findViolations } from './arrival';
import { recordBlobRefs } from './blob-store';
import { chunks } from './kysely-helpers';
import { recordCallRefs } from './review-store';
import type { Database } from './schema';
import { StoreError, type ViolationRecord, type Viewer } from './store';

export class EventStore {
  constructor(private readonly db: Kysely<Database>) {}

  async pushEvents(deviceId: string, events: readonly ClientEvent[], receivedAt: string): Promise<number> {
    // Inside one batch: the same seq twice with different ids, or one id at two seqs, is forged.
    const bySeq = new Map<number, string>();
    const byId = new Map<string, number>();
    for (const e of events) {
      const seen = bySeq.get(e.seq);
      if ((seen !== undefined && seen !== e.id) || (byId.has(e.id) && byId.get(e.id) !== e.seq)) {
        throw new StoreError('conflict', `Device ${deviceId} sent seq ${e.seq} / event ${e.id} twice with different contents: the device sequence is forged or corrupted`);
      }
      bySeq.set(e.seq, e.id);
      byId.set(e.id, e.seq);
    }
    return this.db.transaction().execute(async (trx) => {
      // First, and in one statement: create or lock the device's cursor row and read it. A
      // second push from the same device waits here until this one commits, then reads the
      // cursor as this one left it; without the lock it could compute from a stale cursor and
      // move it backwards.
      const cursor = await trx.insertInto('deviceCursors').values({ deviceId, lastSeq: 0 })
        .onConflict((oc) => oc.column('deviceId').doUpdateSet((eb) => ({ lastSeq: eb.ref('deviceCursors.lastSeq') })))
        .returning('lastSeq')
        .executeTakeFirstOrThrow();
      const start = Number(cursor.lastSeq);

      const rows = events.map((e) => ({
        id: e.id, deviceId: e.deviceId, seq: e.seq, userId: e.userId, accountId: e.accountId,
        deviceTime: e.deviceTime, receivedAt, type: e.body.type, body: JSON.stringify(e.body),
      })).sort((a, b) => a.seq - b.seq);
      // A repeat (same id at the same device seq) is a retry of something already stored; the
      // same seq under another id, or the same id elsewhere, is not: refuse the whole batch.
      // Inserted first: when every row goes in (nearly always) nothing clashed. A row refused is
      // a repeat or a clash, told apart here; a clash throws, and the transaction rolls back.
      for (const chunk of chunks(rows)) {
        const inserted = new Set((await trx.insertInto('events').values(chunk).onConflict((oc) => oc.doNothing()).returning('id').execute())
          .map((r) => r.id));
        const refused = chunk.filter((r) => !inserted.has(r.id));
        if (refused.length === 0) continue;
        const clash = await trx.selectFrom('events').select(['id', 'deviceId', 'seq'])
          .where((eb) => eb.or([
            eb.and([eb('deviceId', '=', deviceId), eb('seq', 'in', refused.map((r) => r.seq))]),
            eb('id', 'in', refused.map((r) => r.id)),
          ]))
          .execute();
        for (const stored of clash) {
          const mine = chunk.find((r) => r.id === stored.id);
          if (stored.deviceId === deviceId && mine && Number(stored.seq) === mine.seq) continue;
          const seq = Number(stored.seq);
          throw new StoreError('conflict', stored.deviceId === deviceId && !mine
            ? `Device ${deviceId} already stored seq ${seq} as event ${stored.id}; a different event cannot take that seq (forged or corrupted device sequence)`
            : `Event ${stored.id} is already stored as seq ${seq} of device ${stored.deviceId}; it cannot be sent again under another device or seq`);
        }
      }
      await findViolations(trx, events, receivedAt);
      await recordBlobRefs(trx, events);
      await recordCallRefs(trx, events);

      let last = start;
      // Advance over the stored seqs while they are contiguous; a gap stops it until filled.
      for (;;) {
        const next = await trx.selectFrom('events').select('seq').where('deviceId', '=', deviceId)
          .where('seq', '>', last).orderBy('seq').limit(1000).execute();
        let advanced = 0;
        for (const { seq } of next) {
          if (Number(seq) !== last + 1) break;
          last += 1;
          advanced += 1;
        }
        if (advanced < 1000) break;
      }
      if (last !== start) await trx.updateTable('deviceCursors').set({ lastSeq: last }).where('deviceId', '=', deviceId).execute();
      return last;
    });
  }

  async listViolations(viewer: Viewer, limit: number): Promise<ViolationRecord[]> {
    let q = this.db.selectFrom('violations')
      .innerJoin('holds', 'holds.id', 'violations.holdId')
      .innerJoin('events', 'events.id', 'violations.eventId')
      .leftJoin('accounts', 'accounts.id', 'violations.accountId')
      .select(['violations.eventId', 'events.type as eventType', 'violations.accountId', 'accounts.ref as accountRef', 'accounts.teamId',
        'violations.userId', 'violations.holdId', 'holds.kind as holdKind', 'violations.rule', 'violations.deviceTime', 'violations.foundAt']);
    if (viewer.role !== 'admin') {
      q = q.where('accounts.teamId', 'in', (eb) => eb.selectFrom('teamLeads').select('teamLeads.teamId').where('teamLeads.userId', '=', viewer.id));
    }
    return q.orderBy('violations.foundAt', 'desc').orderBy('violations.eventId').orderBy('violations.holdId').limit(limit).execute();
  }

  async violationsForEvents(eventIds: readonly string[]): Promise<ViolationRecord[]> {
    const out: ViolationRecord[] = [];
    for (const chunk of chunks([...new Set(eventIds)])) {
      out.push(...await this.db.selectFrom('violations')
        .innerJoin('holds', 'holds.id', 'violations.holdId')
        .innerJoin('events', 'events.id', 'violations.eventId')
        .leftJoin('accounts', 'accounts.id', 'violations.accountId')
        .select(['violations.eventId', 'events.type as eventType', 'violations.accountId', 'accounts.ref as accountRef', 'accounts.teamId',
          'violations.userId', 'violations.holdId', 'holds.kind as holdKind', 'violations.rule', 'violations.deviceTime', 'violations.foundAt'])
        .where('violations.eventId', 'in', chunk)
        .orderBy('violations.eventId').orderBy('violations.holdId')
        .execute());
    }
    return out;
  }
}
