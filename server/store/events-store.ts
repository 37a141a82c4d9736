// Pushed client events: checked (device, scope), stored once per (device, seq), each stamped with
// the time arrival checks use, the device cursor advanced over contiguous seqs, contacts
// re-checked on arrival (arrival.ts), violations listed for leads. Part of the ServerStore:
// kysely-store.ts delegates here. On PostgreSQL a push is one statement, shared by the pushes of
// other devices that arrive meanwhile (push-postgres.ts); on SQLite, where a statement costs no
// round trip, it is the plain sequence below.
import { type Kysely, PostgresAdapter } from 'kysely';
import type { ClientEvent } from '../../shared/domain/events';
import { accountFacts, findViolations } from './arrival';
import { judgeDeviceTime } from './arrival-time';
import { recordBlobRefs } from './blob-store';
import { chunks } from './kysely-helpers';
import { type PushBatch, prepareBatch } from './push-batch';
import { PostgresPushes, pushDatabase } from './push-postgres';
import { recordCallRefs } from './review-store';
import type { Database } from './schema';
import { type PushContext, type PushOutcome, type Scope, type SkewFinding, StoreError, type ViolationRecord, type Viewer } from './store';

/** Of `accountIds`, those that do not exist or are outside the scope (accounts-store.ts). */
export type ScopeCheck = (scope: Scope, accountIds: readonly string[]) => Promise<string[]>;

export class EventStore {
  /** On PostgreSQL: pushes stored by one statement, several at once under load (push-postgres.ts). */
  private readonly postgres: PostgresPushes | null;

  constructor(private readonly db: Kysely<Database>, private readonly outOfScope: ScopeCheck) {
    this.postgres = db.getExecutor().adapter instanceof PostgresAdapter ? new PostgresPushes(pushDatabase(db)) : null;
  }

  async pushEvents(ctx: PushContext, events: readonly ClientEvent[]): Promise<PushOutcome> {
    const batch = prepareBatch(ctx.deviceId, events);
    return this.postgres ? this.postgres.push(ctx, batch) : this.pushInSteps(ctx, batch);
  }

  /** The generic push: the same checks and writes as push-postgres.ts, one statement at a time. */
  private async pushInSteps(ctx: PushContext, batch: PushBatch): Promise<PushOutcome> {
    const { deviceId, receivedAt } = ctx;
    const device = await this.db.selectFrom('devices').select(['userId', 'secretHash', 'revokedAt', 'lastSeenAt', 'skewFlaggedAt'])
      .where('id', '=', deviceId).executeTakeFirst();
    if (device?.revokedAt) return { refused: 'revoked' };
    if (device?.secretHash && !ctx.sessionBound) return { refused: 'unproven' };
    if (device && device.userId !== ctx.user.id) return { refused: 'other_user' };
    const accountIds = [...new Set(batch.events.flatMap((r) => (r.accountId ? [r.accountId] : [])))];
    const outside = await this.outOfScope(ctx.user, accountIds);
    if (outside.length > 0) return { refused: 'outside', accountIds: outside };

    return this.db.transaction().execute(async (trx) => {
      // First, and in one statement: create or lock the device's cursor row and read it. A
      // second push from the same device waits here until this one commits, then reads the
      // cursor as this one left it; without the lock it could compute from a stale cursor and
      // move it backwards.
      const cursor = await trx.insertInto('deviceCursors').values({ deviceId, lastSeq: 0 })
        .onConflict((oc) => oc.column('deviceId').doUpdateSet((eb) => ({ lastSeq: eb.ref('deviceCursors.lastSeq') })))
        .returning(['lastSeq', 'pulledAt', 'pulledSeq'])
        .executeTakeFirstOrThrow();
      const start = Number(cursor.lastSeq);
      const pull = cursor.pulledAt === null ? null : { atMs: Date.parse(cursor.pulledAt), seq: Number(cursor.pulledSeq ?? 0) };
      const accounts = await accountFacts(trx, ctx.user.id, accountIds);

      // The time each event is judged by (arrival-time.ts), and the one furthest off.
      const receivedMs = Date.parse(receivedAt);
      const checkedMs = new Map<string, number>();
      const checkedAt = new Map<string, string>();
      let skew: SkewFinding | null = null;
      let implausible = 0;
      for (const r of batch.events) {
        const reachedMs = r.accountId ? accounts.get(r.accountId)?.reachedMs ?? null : null;
        const judged = judgeDeviceTime(r.deviceIso === null ? Number.NaN : Date.parse(r.deviceIso), r.seq, { receivedMs, pull, reachedMs });
        checkedMs.set(r.id, judged.checkedMs);
        checkedAt.set(r.id, judged.plausible ? r.deviceIso! : receivedAt);
        if (judged.offMs === 0) continue;
        implausible += 1;
        if (!skew || Math.abs(judged.offMs) > Math.abs(skew.offMs)) skew = { eventId: r.id, deviceTime: r.deviceTime, offMs: judged.offMs, implausible: 0 };
      }
      if (skew) skew.implausible = implausible;

      // A repeat (same id at the same device seq) is a retry of something already stored; the
      // same seq under another id, or the same id elsewhere, is not: refuse the whole batch.
      // Inserted first: when every row goes in (nearly always) nothing clashed. A row refused is
      // a repeat or a clash, told apart here; a clash throws, and the transaction rolls back.
      const fresh = new Set<string>();
      for (const chunk of chunks(batch.events)) {
        const rows = chunk.map((r) => ({
          id: r.id, deviceId, seq: r.seq, userId: ctx.user.id, accountId: r.accountId, deviceTime: r.deviceTime, receivedAt,
          type: r.type, body: r.body, checkedAt: checkedAt.get(r.id)!,
        }));
        for (const { id } of await trx.insertInto('events').values(rows).onConflict((oc) => oc.doNothing()).returning('id').execute()) fresh.add(id);
        const refused = chunk.filter((r) => !fresh.has(r.id));
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
      const violations = await findViolations(trx, batch.events, fresh, checkedMs, accounts, ctx.user.id, receivedAt);
      const stored = batch.events.filter((r) => fresh.has(r.id)).map((r) => r.event);
      await recordBlobRefs(trx, stored);
      await recordCallRefs(trx, stored);

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
      return {
        lastSeq: last, violations, skew,
        device: device ? { lastSeenAt: device.lastSeenAt, skewFlaggedAt: device.skewFlaggedAt } : null,
      };
    });
  }

  /**
   * Records a device's pull: its time and the device's cursor then (arrival-time.ts). Creates the
   * cursor row for a device that has not pushed yet, so its first push finds one to lock.
   */
  async notePull(deviceId: string, at: string): Promise<void> {
    await this.db.insertInto('deviceCursors').values({ deviceId, lastSeq: 0, pulledAt: at, pulledSeq: 0 })
      .onConflict((oc) => oc.column('deviceId').doUpdateSet((eb) => ({ pulledAt: eb.ref('excluded.pulledAt'), pulledSeq: eb.ref('deviceCursors.lastSeq') })))
      .execute();
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
