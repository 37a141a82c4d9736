// The audit chain and the read-access log (migration 0014, docs/security.md "A record that
// cannot be rewritten" and "Who read what"). Part of the ServerStore: kysely-store.ts exposes it
// as `audit`. The chain itself is written by triggers (server/audit/triggers.ts); this reads it
// back, verifies it, and writes the access log.
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { CHAINED_COLUMNS, CHAINED_TABLES, type ChainSource, GENESIS_HASH, linkHash, rowContentHash } from '../audit/chain';
import { drainOnce, settleChain } from '../audit/pending';
import { isPostgres } from '../audit/triggers';
import { chunks } from './kysely-helpers';
import type { AuditDatabase } from './audit-schema';
import type { Database } from './schema';
import { mayPull } from './pull-gate';

/** What was read: an account's full record, a call's review, a recording or a photo. */
export type AccessWhat = 'account' | 'call' | 'recording' | 'photo';

export interface NewAccess {
  at: string;
  userId: string;
  username: string;
  role: string;
  deviceId: string | null;
  /** The debtor's account, when the caller knows it (a download's account is found when written). */
  accountId: string | null;
  what: AccessWhat;
  /** The call id, the blob's SHA-256, the account id. */
  objectId: string;
  /** Why: the route or purpose (call review, recording download, account opened on the console). */
  reason: string;
  address: string | null;
}

export interface AccessRecord extends NewAccess {
  id: string;
  accountRef: string | null;
  /** access_log: read on the server; console: an account.viewed event the console pushed. */
  origin: 'server' | 'console';
}

export interface AnchorCheck { seq: number; hash: string }

export interface BrokenLink {
  seq: number;
  source: string | null;
  refId: string | null;
  table: string | null;
  /** missing_entry, link_changed, row_deleted, row_changed, head_mismatch, unchained_row, anchor_mismatch */
  problem: string;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Entries walked (up to the first broken one). */
  entries: number;
  head: { seq: number; hash: string };
  /** Entries whose rows retention purged, each named by a tombstone. */
  purged: number;
  broken: BrokenLink | null;
}

export interface AuditStoreOptions {
  /** How long entries wait before they are written together (ms). */
  flushMs?: number;
  /** Written at once when this many wait. */
  maxBuffered?: number;
  /** The same user reading the same thing again within this is logged once (a player's range requests). */
  repeatMs?: number;
  onError?: (err: unknown) => void;
}

const PAGE = 1000;

/**
 * Why a console says an account was opened (shared/domain/access.ts): the purpose, and whether
 * the debtor had been verified on a call; events from before these were kept say only where.
 */
function viewReason(body: string): string {
  let viewed: { purpose?: unknown; verified?: unknown } = {};
  try {
    viewed = JSON.parse(body) as typeof viewed;
  } catch { /* stored by the push, which validated it: never seen */ }
  const purpose = typeof viewed.purpose === 'string' ? `: ${viewed.purpose.replace(/_/g, ' ')}` : '';
  const verified = viewed.verified === true ? ', debtor verified on the call' : viewed.verified === false ? ', on a call before verification (debt hidden)' : '';
  return `account opened on the console${purpose}${verified}`;
}

export class AuditStore {
  private buffer: NewAccess[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly recent = new Map<string, number>();
  private readonly flushMs: number;
  private readonly maxBuffered: number;
  private readonly repeatMs: number;

  private readonly db: Kysely<AuditDatabase>;

  constructor(db: Kysely<Database>, private readonly opts: AuditStoreOptions = {}) {
    this.db = db as unknown as Kysely<AuditDatabase>;
    this.flushMs = opts.flushMs ?? 1000;
    this.maxBuffered = opts.maxBuffered ?? 200;
    this.repeatMs = opts.repeatMs ?? 60_000;
  }

  private get raw(): Kysely<unknown> {
    return this.db.withoutPlugins() as unknown as Kysely<unknown>;
  }

  /**
   * Logs a read. Costs the request nothing but an array push: entries are written together (one
   * insert, one chain step) within flushMs, or at once when maxBuffered wait. A server killed in
   * between loses at most that second's entries.
   */
  access(entry: NewAccess): void {
    const key = `${entry.userId}\u0000${entry.what}\u0000${entry.objectId}`;
    const now = Date.now();
    const last = this.recent.get(key);
    if (last !== undefined && now - last < this.repeatMs && now >= last) return;
    if (this.recent.size >= 10_000) this.recent.clear();
    this.recent.set(key, now);
    this.buffer.push(entry);
    if (this.buffer.length >= this.maxBuffered) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what waits; resolves once everything logged before the call is stored. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(() => (batch.length ? this.write(batch) : undefined)).catch((err: unknown) => {
      if (this.opts.onError) this.opts.onError(err);
      else process.stderr.write(`access log not written: ${err instanceof Error ? err.message : String(err)}\n`);
    });
    return this.flushing;
  }

  private async write(batch: NewAccess[]): Promise<void> {
    // A download names a blob; its account is the one its events name.
    const blobs = [...new Set(batch.filter((e) => !e.accountId && (e.what === 'recording' || e.what === 'photo')).map((e) => e.objectId))];
    const accountOf = new Map<string, string>();
    for (const part of chunks(blobs)) {
      const rows = await this.db.selectFrom('blobRefs as br').innerJoin('events as e', 'e.id', 'br.eventId')
        .select(['br.sha256', 'e.accountId']).where('br.sha256', 'in', part).where('e.accountId', 'is not', null).execute();
      for (const r of rows) if (r.accountId) accountOf.set(r.sha256, r.accountId);
    }
    const rows = batch.map((e) => ({ id: uuidv7(), ...e, accountId: e.accountId ?? accountOf.get(e.objectId) ?? null }));
    for (const part of chunks(rows, 200)) await this.db.insertInto('accessLog').values(part).execute();
  }

  /**
   * Reads of full records, newest first: the server's access log and the account.viewed events
   * consoles pushed, for an account and/or a user.
   */
  async listAccess(filter: { accountId?: string; userId?: string; limit: number }): Promise<AccessRecord[]> {
    await this.flush();
    let logged = this.db.selectFrom('accessLog as l').leftJoin('accounts as a', 'a.id', 'l.accountId')
      .select(['l.id', 'l.at', 'l.userId', 'l.username', 'l.role', 'l.deviceId', 'l.accountId', 'l.what', 'l.objectId', 'l.reason', 'l.address', 'a.ref as accountRef']);
    if (filter.accountId) logged = logged.where('l.accountId', '=', filter.accountId);
    if (filter.userId) logged = logged.where('l.userId', '=', filter.userId);
    let viewed = this.db.selectFrom('events as e').innerJoin('users as u', 'u.id', 'e.userId').leftJoin('accounts as a', 'a.id', 'e.accountId')
      .select(['e.id', 'e.checkedAt', 'e.receivedAt', 'e.userId', 'u.username', 'u.role', 'e.deviceId', 'e.accountId', 'a.ref as accountRef', 'e.body'])
      .where('e.type', '=', 'account.viewed');
    if (filter.accountId) viewed = viewed.where('e.accountId', '=', filter.accountId);
    if (filter.userId) viewed = viewed.where('e.userId', '=', filter.userId);
    const [a, b] = await Promise.all([
      logged.orderBy('l.at', 'desc').orderBy('l.id', 'desc').limit(filter.limit).execute(),
      viewed.orderBy('e.receivedAt', 'desc').orderBy('e.id', 'desc').limit(filter.limit).execute(),
    ]);
    const out: AccessRecord[] = [
      ...a.map((r) => ({ ...r, what: r.what as AccessWhat, origin: 'server' as const })),
      ...b.map((r) => ({
        id: r.id, at: r.checkedAt ?? r.receivedAt, userId: r.userId, username: r.username, role: r.role, deviceId: r.deviceId,
        accountId: r.accountId, accountRef: r.accountRef, what: 'account' as const, objectId: r.accountId ?? '', reason: viewReason(r.body),
        address: null, origin: 'console' as const,
      })),
    ];
    return out.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0)).slice(0, filter.limit);
  }

  /**
   * Whether a device may still read debtor data: not once revoked, nor while it hands in what it
   * holds before wiping itself (its hand-in session may push and upload, never pull). One lookup
   * by primary key, not cached: a revocation counts from the next request.
   */
  async mayPull(deviceId: string): Promise<boolean> {
    // The one rule, also inside the pulls' own statements (pull-gate.ts); AuditDatabase extends Database.
    return mayPull(this.db as unknown as Kysely<Database>, deviceId);
  }

  /**
   * Links what is pending onto the chain (PostgreSQL; pending.ts): after it, every row stored
   * before the call is chained. The head, the verifier and retention call it first.
   */
  async settle(): Promise<void> {
    await this.flush();
    await settleChain(this.raw);
  }

  /** One drain step for the background job: how many entries it linked (-1: another instance is draining). */
  chainPending(): Promise<number> {
    return drainOnce(this.raw);
  }

  async head(): Promise<{ seq: number; hash: string }> {
    await this.settle();
    const row = await this.db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(row.seq), hash: row.hash };
  }

  /** The entry at `seq`, if the chain has it. */
  async entry(seq: number): Promise<{ seq: number; source: string; refId: string; contentHash: string; hash: string } | undefined> {
    const row = await this.db.selectFrom('auditChain').selectAll().where('seq', '=', seq).executeTakeFirst();
    return row && { ...row, seq: Number(row.seq) };
  }

  /**
   * Walks the chain from its start and stops at the first broken link: an entry missing, an
   * entry rewritten (its link hash no longer follows), a row deleted (without a retention
   * tombstone naming it) or changed since it was chained, the head not at the chain's end (entries
   * removed from the end), a row never chained, or an anchor (a position and hash printed
   * earlier) that no longer matches.
   */
  async verify(opts: { anchors?: readonly AnchorCheck[] } = {}): Promise<VerifyReport> {
    const head = await this.head();
    const tombstones = new Map<number, string>();
    for (const t of await this.db.selectFrom('auditTombstones').select(['purgedSeq', 'refId']).execute()) tombstones.set(Number(t.purgedSeq), t.refId);
    const anchors = new Map((opts.anchors ?? []).map((a) => [a.seq, a.hash.toLowerCase()]));
    let prev = GENESIS_HASH;
    let expect = 1;
    let purged = 0;
    const fail = (broken: BrokenLink): VerifyReport => ({ ok: false, entries: expect - 1, head, purged, broken });

    for (;;) {
      const page = await this.db.selectFrom('auditChain').selectAll().where('seq', '>=', expect).orderBy('seq').limit(PAGE).execute();
      if (page.length === 0) break;
      const rows = await this.rowsOf(page);
      for (const e of page) {
        const seq = Number(e.seq);
        const at = { seq, source: e.source, refId: e.refId, table: CHAINED_TABLES[e.source as ChainSource] ?? null };
        if (seq !== expect) {
          return fail({ ...at, seq: expect, source: null, refId: null, table: null, problem: 'missing_entry', detail: `entry ${expect} is missing: the chain goes from ${expect - 1} to ${seq}` });
        }
        if (linkHash(prev, seq, e.source, e.refId, e.contentHash) !== e.hash) {
          return fail({ ...at, problem: 'link_changed', detail: `entry ${seq} (${e.source} ${e.refId}) was rewritten: its link hash does not follow from entry ${seq - 1} and its own fields` });
        }
        const expected = anchors.get(seq);
        if (expected !== undefined && expected !== e.hash) {
          return fail({ ...at, problem: 'anchor_mismatch', detail: `entry ${seq} has hash ${e.hash}, the anchor recorded ${expected}: the chain was rebuilt since` });
        }
        const row = rows.get(`${e.source}\u0000${e.refId}`);
        if (!row) {
          if (tombstones.get(seq) === e.refId) purged += 1;
          else return fail({ ...at, problem: 'row_deleted', detail: `${at.table ?? e.source} row ${e.refId} (entry ${seq}) was deleted, and no retention tombstone names it` });
        } else if (rowContentHash(e.source as ChainSource, row) !== e.contentHash) {
          return fail({ ...at, problem: 'row_changed', detail: `${at.table} row ${e.refId} (entry ${seq}) differs from what was chained: ${changedFields(e.source as ChainSource)}` });
        }
        prev = e.hash;
        expect += 1;
      }
    }
    const last = expect - 1;
    for (const [seq] of anchors) {
      if (seq > last) return fail({ seq, source: null, refId: null, table: null, problem: 'anchor_mismatch', detail: `an anchor names entry ${seq}, but the chain ends at ${last}: entries were removed from its end` });
    }
    if (head.seq !== last || head.hash !== prev) {
      return fail({ seq: last + 1, source: null, refId: null, table: null, problem: 'head_mismatch', detail: `the chain ends at entry ${last}, its head says ${head.seq} (${head.hash.slice(0, 16)}…): entries were removed from its end, or the head was rewritten` });
    }
    for (const source of Object.keys(CHAINED_TABLES) as ChainSource[]) {
      const table = CHAINED_TABLES[source];
      // A row stored since the head was read is pending (PostgreSQL), not stray.
      const pending = isPostgres(this.raw)
        ? sql`AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.source = ${source} AND p.ref_id = t.id)` : sql``;
      const stray = (await sql<{ id: string }>`SELECT t.id FROM ${sql.table(table)} t WHERE NOT EXISTS (
        SELECT 1 FROM audit_chain c WHERE c.source = ${source} AND c.ref_id = t.id) ${pending} LIMIT 1`.execute(this.raw)).rows[0];
      if (stray) return fail({ seq: last + 1, source, refId: stray.id, table, problem: 'unchained_row', detail: `${table} row ${stray.id} is in no chain entry: it was inserted with the chain's trigger off` });
    }
    return { ok: true, entries: last, head, purged, broken: null };
  }

  /** The rows a page of entries names, by source and id, with their chained columns (snake_case). */
  private async rowsOf(page: readonly { source: string; refId: string }[]): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    const bySource = new Map<ChainSource, string[]>();
    for (const e of page) {
      if (!(e.source in CHAINED_TABLES)) continue;
      const ids = bySource.get(e.source as ChainSource) ?? [];
      ids.push(e.refId);
      bySource.set(e.source as ChainSource, ids);
    }
    for (const [source, ids] of bySource) {
      for (const part of chunks(ids)) {
        const cols = sql.raw(CHAINED_COLUMNS[source].join(', '));
        const rows = (await sql<Record<string, unknown>>`SELECT ${cols} FROM ${sql.table(CHAINED_TABLES[source])} WHERE id IN (${sql.join(part)})`.execute(this.raw)).rows;
        for (const r of rows) out.set(`${source}\u0000${String(r.id)}`, r);
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

function changedFields(source: ChainSource): string {
  return `one of ${CHAINED_COLUMNS[source].join(', ')} was changed after it was stored`;
}
