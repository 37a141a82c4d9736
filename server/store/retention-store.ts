// Retention per compliance pack (migration 0015, docs/security.md "Retention"): what is past its
// pack's period, legal holds, the organisation's periods, and the purge itself. Part of the
// ServerStore through kysely-store.ts (`retention`); the job is server/jobs/retention.ts.
//
// What goes, per account (its pack is its region's):
// - records: every client event of an account whose last activity (its newest event, history
//   entry or change) is older than the pack's records period, with what indexes those events
//   (violations, the call index, reviews, file references) and the files only they name;
// - recordings: a call recording whose every naming event is older than the recordings period,
//   while the events stay (Reg F counts a recording's 3 years from the call);
// - events on no account (lock, status): after the longest records period of any pack;
// - the read-access log: after the longest records period too.
// An account under legal hold keeps everything. Each purged event leaves a tombstone naming its
// chain entry, written in the same transaction, so `audit verify` still verifies the chain and
// the purge shows in it; each purged file leaves one too.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { PACKS, type PackId, packIdForCountry } from '../../shared/compliance';
import type { AuditDatabase } from './audit-schema';
import { forgetPending, settleWithin } from '../audit/pending';
import { chunks } from './kysely-helpers';
import type { Database } from './schema';

export interface RetentionPeriods { recordsYears: number; recordingsYears: number }

/** The pack's own periods (the law's minimum): records are its longest entry, recordings its entry on recordings or else the same. */
export function packPeriods(packId: PackId): RetentionPeriods {
  const entries = PACKS[packId].retention;
  const recordsYears = Math.max(...entries.map((e) => e.years));
  const recording = entries.find((e) => /recording/i.test(e.what) && !/collection records/i.test(e.what));
  return { recordsYears, recordingsYears: recording?.years ?? recordsYears };
}

export interface PurgeAccount {
  accountId: string; ref: string; packId: PackId; lastActivity: string; events: number; files: number;
}

export interface RetentionPlan {
  at: string;
  periods: Record<string, RetentionPeriods>;
  accounts: PurgeAccount[];
  /** Accounts past retention kept by a legal hold. */
  held: { accountId: string; ref: string; holdId: string; reason: string }[];
  /** Recordings past their own period on accounts that stay. */
  recordings: { sha256: string; accountId: string | null; lastUse: string }[];
  accountlessEvents: number;
  accessEntries: number;
}

export interface LegalHold { id: string; accountId: string; ref: string; reason: string; placedAt: string; placedBy: string; liftedAt: string | null }

/** `n` calendar years before `at`. */
export function yearsBefore(at: Date, years: number): string {
  const d = new Date(at.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString();
}

export class RetentionStore {
  private readonly db: Kysely<AuditDatabase>;

  constructor(db: Kysely<Database>, private readonly blobDir: string) {
    this.db = db as unknown as Kysely<AuditDatabase>;
  }

  async periods(): Promise<Record<PackId, RetentionPeriods>> {
    const set = new Map((await this.db.selectFrom('retentionSettings').selectAll().execute()).map((r) => [r.packId, r]));
    return Object.fromEntries((Object.keys(PACKS) as PackId[]).map((id) => {
      const s = set.get(id);
      return [id, s ? { recordsYears: Number(s.recordsYears), recordingsYears: Number(s.recordingsYears) } : packPeriods(id)];
    })) as Record<PackId, RetentionPeriods>;
  }

  /** Sets the organisation's periods for a pack; never under the pack's own. */
  async setPeriods(packId: PackId, periods: RetentionPeriods, at: string): Promise<void> {
    const min = packPeriods(packId);
    if (periods.recordsYears < min.recordsYears || periods.recordingsYears < min.recordingsYears) {
      throw new RangeError(`${packId} requires records kept at least ${min.recordsYears} years and recordings ${min.recordingsYears}`);
    }
    await this.db.insertInto('retentionSettings').values({ packId, ...periods, updatedAt: at })
      .onConflict((oc) => oc.column('packId').doUpdateSet({ recordsYears: periods.recordsYears, recordingsYears: periods.recordingsYears, updatedAt: at }))
      .execute();
  }

  async placeHold(accountId: string, reason: string, by: string, at: string): Promise<string> {
    const id = uuidv7();
    await this.db.insertInto('legalHolds').values({ id, accountId, reason, placedAt: at, placedBy: by, liftedAt: null }).execute();
    return id;
  }

  async liftHold(id: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('legalHolds').set({ liftedAt: at }).where('id', '=', id).where('liftedAt', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async listHolds(): Promise<LegalHold[]> {
    return this.db.selectFrom('legalHolds as h').innerJoin('accounts as a', 'a.id', 'h.accountId')
      .select(['h.id', 'h.accountId', 'a.ref', 'h.reason', 'h.placedAt', 'h.placedBy', 'h.liftedAt']).orderBy('h.placedAt', 'desc').execute();
  }

  /** What a purge at `now` would remove (nothing is changed). */
  async plan(now: Date): Promise<RetentionPlan> {
    const at = now.toISOString();
    const periods = await this.periods();
    const longest = Math.max(...Object.values(periods).map((p) => p.recordsYears));
    // Each account's last activity: its own last change, its newest event, its newest history entry.
    const rows = await sql<{ id: string; ref: string; region: string; last: string }>`
      SELECT a.id, a.ref, a.region,
        (SELECT max(x.t) FROM (
          SELECT a.updated_at AS t
          UNION ALL SELECT max(e.received_at) FROM events e WHERE e.account_id = a.id
          UNION ALL SELECT max(h.at) FROM history h WHERE h.account_id = a.id) x) AS last
      FROM accounts a`.execute(this.db);
    const holds = await this.db.selectFrom('legalHolds').select(['id', 'accountId', 'reason']).where('liftedAt', 'is', null).execute();
    const heldBy = new Map(holds.map((h) => [h.accountId, h]));
    const accounts: PurgeAccount[] = [];
    const held: RetentionPlan['held'] = [];
    const kept = new Set<string>();
    for (const r of rows.rows) {
      const packId = packIdForCountry(r.region);
      if (!packId) continue;
      if (r.last >= yearsBefore(now, periods[packId].recordsYears)) {
        kept.add(r.id);
        continue;
      }
      const hold = heldBy.get(r.id);
      if (hold) {
        held.push({ accountId: r.id, ref: r.ref, holdId: hold.id, reason: hold.reason });
        kept.add(r.id);
        continue;
      }
      const events = await this.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('accountId', '=', r.id).executeTakeFirstOrThrow();
      const files = await this.filesOnlyOf(sql`e.account_id = ${r.id}`);
      if (Number(events.n) === 0 && files.length === 0) continue;
      accounts.push({ accountId: r.id, ref: r.ref, packId, lastActivity: r.last, events: Number(events.n), files: files.length });
    }
    // Recordings past their own period on accounts that stay (and are not held).
    const recordings: RetentionPlan['recordings'] = [];
    const recs = await sql<{ sha256: string; account_id: string | null; region: string | null; last: string }>`
      SELECT br.sha256, min(e.account_id) AS account_id, min(a.region) AS region, max(e.received_at) AS last
      FROM blob_refs br JOIN events e ON e.id = br.event_id LEFT JOIN accounts a ON a.id = e.account_id
      WHERE br.kind = 'recording' GROUP BY br.sha256`.execute(this.db);
    for (const r of recs.rows) {
      if (!r.account_id || !kept.has(r.account_id) || heldBy.has(r.account_id)) continue;
      const packId = r.region ? packIdForCountry(r.region) : undefined;
      if (!packId || r.last >= yearsBefore(now, periods[packId].recordingsYears)) continue;
      recordings.push({ sha256: r.sha256, accountId: r.account_id, lastUse: r.last });
    }
    const cutoff = yearsBefore(now, longest);
    const accountless = await this.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n'))
      .where('accountId', 'is', null).where('receivedAt', '<', cutoff).executeTakeFirstOrThrow();
    const access = await this.db.selectFrom('accessLog').select((eb) => eb.fn.countAll().as('n')).where('at', '<', cutoff).executeTakeFirstOrThrow();
    return { at, periods, accounts, held, recordings, accountlessEvents: Number(accountless.n), accessEntries: Number(access.n) };
  }

  /** Files named only by the events `where` selects (alias e): no event left after the purge names them. */
  private async filesOnlyOf(where: ReturnType<typeof sql>): Promise<string[]> {
    const gone = new Set((await sql<{ id: string }>`SELECT e.id FROM events e WHERE ${where}`.execute(this.db)).rows.map((r) => r.id));
    if (gone.size === 0) return [];
    const candidates = (await sql<{ sha256: string }>`SELECT DISTINCT br.sha256 FROM blob_refs br JOIN events e ON e.id = br.event_id WHERE ${where}`.execute(this.db)).rows.map((r) => r.sha256);
    const others = new Set<string>();
    for (const part of chunks(candidates)) {
      for (const r of await this.db.selectFrom('blobRefs').select(['sha256', 'eventId']).where('sha256', 'in', part).execute()) {
        if (!gone.has(r.eventId)) others.add(r.sha256);
      }
    }
    return candidates.filter((s) => !others.has(s));
  }

  /** Purges what plan(now) lists; answers what went. Files are removed after their rows are. */
  async purge(now: Date): Promise<{ plan: RetentionPlan; events: number; files: number; accessEntries: number }> {
    const plan = await this.plan(now);
    const at = plan.at;
    let events = 0;
    const files: string[] = [];
    for (const account of plan.accounts) {
      const r = await this.purgeEvents(sql`e.account_id = ${account.accountId}`, { accountId: account.accountId, packId: account.packId, rule: 'records', at });
      events += r.events;
      files.push(...r.files);
    }
    if (plan.accountlessEvents > 0) {
      const cutoff = yearsBefore(now, Math.max(...Object.values(plan.periods).map((p) => p.recordsYears)));
      const r = await this.purgeEvents(sql`e.account_id IS NULL AND e.received_at < ${cutoff}`, { accountId: null, packId: null, rule: 'records', at });
      events += r.events;
      files.push(...r.files);
    }
    for (const rec of plan.recordings) {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('auditTombstones').values({ id: uuidv7(), purgedSeq: null, source: 'recording', refId: rec.sha256, accountId: rec.accountId, packId: null, rule: 'recordings', purgedAt: at }).execute();
        await trx.deleteFrom('blobRefs').where('sha256', '=', rec.sha256).execute();
        await trx.deleteFrom('blobs').where('sha256', '=', rec.sha256).execute();
      });
      files.push(rec.sha256);
    }
    let accessEntries = 0;
    if (plan.accessEntries > 0) {
      // The access log is chained: its rows leave tombstones like events.
      const cutoff = yearsBefore(now, Math.max(...Object.values(plan.periods).map((p) => p.recordsYears)));
      accessEntries = await this.db.transaction().execute(async (trx) => {
        await settleWithin(trx as unknown as Kysely<unknown>);
        const gone = await sql<{ id: string; seq: number | string }>`SELECT l.id, c.seq FROM access_log l JOIN audit_chain c ON c.source = 'access' AND c.ref_id = l.id WHERE l.at < ${cutoff}`.execute(trx);
        for (const part of chunks(gone.rows, 500)) {
          await trx.insertInto('auditTombstones').values(part.map((g) => ({ id: uuidv7(), purgedSeq: Number(g.seq), source: 'access', refId: g.id, accountId: null, packId: null, rule: 'access_log', purgedAt: at }))).execute();
          await trx.deleteFrom('accessLog').where('id', 'in', part.map((g) => g.id)).execute();
        }
        return gone.rows.length;
      });
    }
    for (const sha of new Set(files)) rmSync(this.blobPath(sha), { force: true });
    return { plan, events, files: new Set(files).size, accessEntries };
  }

  private blobPath(sha256: string): string {
    return join(this.blobDir, sha256.slice(0, 2), sha256); // as blob-store.ts keeps them
  }

  private async purgeEvents(where: ReturnType<typeof sql>, t: { accountId: string | null; packId: string | null; rule: string; at: string }): Promise<{ events: number; files: string[] }> {
    const files = await this.filesOnlyOf(where);
    return this.db.transaction().execute(async (trx) => {
      await settleWithin(trx as unknown as Kysely<unknown>);
      const gone = await sql<{ id: string; seq: number | string | null }>`SELECT e.id, c.seq FROM events e
        LEFT JOIN audit_chain c ON c.source = 'event' AND c.ref_id = e.id WHERE ${where}`.execute(trx);
      for (const part of chunks(gone.rows, 500)) {
        const ids = part.map((g) => g.id);
        await trx.insertInto('auditTombstones').values(part.map((g) => ({
          id: uuidv7(), purgedSeq: g.seq === null ? null : Number(g.seq), source: 'event', refId: g.id, accountId: t.accountId, packId: t.packId, rule: t.rule, purgedAt: t.at,
        }))).execute();
        await trx.deleteFrom('violations').where('eventId', 'in', ids).execute();
        await trx.deleteFrom('callEvents').where('eventId', 'in', ids).execute();
        await trx.deleteFrom('callReviews').where('eventId', 'in', ids).execute();
        await trx.deleteFrom('blobRefs').where('eventId', 'in', ids).execute();
        await trx.deleteFrom('events').where('id', 'in', ids).execute();
        await forgetPending(trx as unknown as Kysely<unknown>, 'event', part.filter((g) => g.seq === null).map((g) => g.id));
      }
      for (const part of chunks(files, 500)) {
        await trx.insertInto('auditTombstones').values(part.map((sha) => ({
          id: uuidv7(), purgedSeq: null, source: 'file', refId: sha, accountId: t.accountId, packId: t.packId, rule: t.rule, purgedAt: t.at,
        }))).execute();
        await trx.deleteFrom('blobRefs').where('sha256', 'in', part).execute();
        await trx.deleteFrom('blobs').where('sha256', 'in', part).execute();
      }
      return { events: gone.rows.length, files };
    });
  }
}
