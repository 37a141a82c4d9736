// Pushes on PostgreSQL (docs/server.md "Concurrency: versions, cursors and pushes"). Under load
// most of a push's cost was its round trips, each statement parsed, planned and committed on
// its own: a device lookup, a scope check, BEGIN, a cursor upsert, the insert, the holds, the
// call index, a cursor scan, its update, COMMIT, and the board re-reading the violations. Now a
// push is one prepared statement (push-postgres-sql.ts), and pushes from different devices
// that arrive while earlier ones are being stored go together in the next one: a single
// statement and a single commit for all of them, each push still checked, refused or stored on
// its own. Alone, a push goes at once; grouping only forms under load, where it saves most.
//
// The statement answers 'retry' for a device's first push and for one whose device had another
// push commit while it waited for the lock; those run again in a transaction of their own that
// takes the lock first (then the statement's snapshot sees everything before it). A statement
// that failed on purpose because two devices pushed the same event id at once (RACED) is run
// again one push at a time, so only the push that clashes gets the 409.
import { CompiledQuery, type Kysely } from 'kysely';
import { CLOCK_TOLERANCE_MS } from './arrival-time';
import type { PushBatch } from './push-batch';
import { LOCK_SQL, PUSH_SQL, type StoredRow, RACED } from './push-postgres-sql';
import type { Database } from './schema';
import type { PushContext, PushOutcome } from './store';
import { StoreError } from './store';

export interface PushGroupOptions {
  /** Statements storing pushes at once at most (each on its own pooled connection). */
  concurrency: number;
  /**
   * While one statement runs, another starts only for a backlog this old (ms) or half a
   * statement's worth of pushes: otherwise they wait to share the next. Most of a statement's
   * cost is the same for one push as for ten, so under load fewer, fuller statements keep the
   * database's CPU for the work; alone, a push never waits.
   */
  secondAfterMs: number;
  /** Pushes in one statement at most, and their events. */
  maxPushes: number;
  maxEvents: number;
}

/**
 * The handle push statements run on, by the store's database: on PostgreSQL a small pool of its
 * own (postgres.ts) whose connections plan each prepared statement once
 * (plan_cache_mode=force_generic_plan). With PostgreSQL's default the push statement was planned
 * again at every run (after five runs it keeps a custom plan when the arrays' lengths, known to
 * it, make it look cheaper than the generic one), and planning its 30 CTEs was about 60% of a
 * push's database time. The statement is written so that its generic plan, even one made on
 * small tables, reads the batch's rows through indexes (push-postgres-sql.ts), and PostgreSQL
 * plans it again when ANALYZE changes a table's statistics. Only these connections force it:
 * every other statement keeps PostgreSQL's choice.
 */
const pushDatabases = new WeakMap<Kysely<Database>, Kysely<Database>>();

export function setPushDatabase(db: Kysely<Database>, pushes: Kysely<Database>): void {
  pushDatabases.set(db, pushes);
}

/** Where `db`'s push statements run: its push pool on PostgreSQL, else `db` itself. */
export function pushDatabase(db: Kysely<Database>): Kysely<Database> {
  return pushDatabases.get(db) ?? db;
}

export const DEFAULT_PUSH_GROUPS: PushGroupOptions = { concurrency: 2, secondAfterMs: 10, maxPushes: 64, maxEvents: 4000 };

interface Pending {
  ctx: PushContext;
  batch: PushBatch;
  resolve: (outcome: PushOutcome) => void;
  reject: (err: unknown) => void;
  /** When it was queued (performance.now()). */
  at: number;
}

/** Thrown inside a retry's transaction to roll it back with the refusal as its answer. */
class Refused extends Error {
  constructor(readonly row: StoredRow) { super(row.status); }
}

export class PostgresPushes {
  private readonly queue: Pending[] = [];
  /** Devices whose push is being stored: a second push of one waits for the first (it would only retry). */
  private readonly busy = new Set<string>();
  private running = 0;
  /** Set while pushes wait for a running statement: looks again once the oldest has waited secondAfterMs. */
  private recheck: NodeJS.Timeout | null = null;

  constructor(private readonly db: Kysely<Database>, private readonly opts: PushGroupOptions = DEFAULT_PUSH_GROUPS) {}

  push(ctx: PushContext, batch: PushBatch): Promise<PushOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ctx, batch, resolve, reject, at: performance.now() });
      this.dispatch();
    });
  }

  /** Whether a statement may start now: none is running, or there is room and a backlog worth a second. */
  private mayStart(): boolean {
    if (this.running === 0) return true;
    if (this.running >= this.opts.concurrency || this.queue.length === 0) return false;
    return this.queue.length >= this.opts.maxPushes / 2 || performance.now() - this.queue[0]!.at >= this.opts.secondAfterMs;
  }

  /** Starts statements while it may, each with the waiting pushes of devices not already busy. */
  private dispatch(): void {
    if (this.recheck) {
      clearTimeout(this.recheck);
      this.recheck = null;
    }
    while (this.mayStart()) {
      const group: Pending[] = [];
      const devices = new Set<string>();
      let events = 0;
      for (let i = 0; i < this.queue.length && group.length < this.opts.maxPushes;) {
        const p = this.queue[i]!;
        const id = p.ctx.deviceId;
        if (this.busy.has(id) || devices.has(id) || (group.length > 0 && events + p.batch.events.length > this.opts.maxEvents)) {
          i++;
          continue;
        }
        this.queue.splice(i, 1);
        group.push(p);
        devices.add(id);
        events += p.batch.events.length;
      }
      if (group.length === 0) return;
      for (const id of devices) this.busy.add(id);
      this.running++;
      void this.store(group).finally(() => {
        for (const id of devices) this.busy.delete(id);
        this.running--;
        this.dispatch();
      });
    }
    if (this.queue.length > 0 && this.running < this.opts.concurrency) {
      const wait = Math.max(0, this.opts.secondAfterMs - (performance.now() - this.queue[0]!.at));
      this.recheck = setTimeout(() => this.dispatch(), wait);
      this.recheck.unref();
    }
  }

  private async store(group: Pending[]): Promise<void> {
    let rows: StoredRow[];
    try {
      rows = (await this.db.executeQuery<StoredRow>(statement(group))).rows;
    } catch (err) {
      if (group.length > 1 && raced(err)) {
        // Someone in this group raced another device for an event id: find out who, one push
        // at a time in the order they came (so the first to send an id keeps it).
        for (const p of group) await this.store([p]);
        return;
      }
      for (const p of group) p.reject(raced(err) ? racedError(err) : err);
      return;
    }
    await Promise.all(group.map(async (p, i) => {
      const row = rows[i]!;
      try {
        p.resolve(row.status === 'retry' ? await this.alone(p) : outcome(p.ctx, row));
      } catch (err) {
        p.reject(err);
      }
    }));
  }

  /** A push that must see what committed while it waited: lock its device first, then the statement. */
  private async alone(p: Pending): Promise<PushOutcome> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        await trx.executeQuery(CompiledQuery.raw(LOCK_SQL, [p.ctx.deviceId]));
        const row = (await trx.executeQuery<StoredRow>(statement([p]))).rows[0]!;
        if (row.status === 'retry') throw new Error(`push of device ${p.ctx.deviceId} found its cursor changed under its own lock`);
        if (row.status !== 'ok') throw new Refused(row);
        return outcome(p.ctx, row);
      });
    } catch (err) {
      if (err instanceof Refused) return outcome(p.ctx, err.row);
      if (raced(err)) throw racedError(err);
      throw err;
    }
  }
}

function statement(group: readonly Pending[]): CompiledQuery {
  const events = group.flatMap((p, k) => p.batch.events.map((e) => ({ k: k + 1, e })));
  const blobs = group.flatMap((p, k) => p.batch.blobs.map((b) => ({ k: k + 1, b })));
  return CompiledQuery.raw(PUSH_SQL, [
    group.map((p) => p.ctx.deviceId), group.map((p) => p.ctx.user.id), group.map((p) => p.ctx.user.teamId), group.map((p) => p.ctx.user.role),
    group.map((p) => p.ctx.sessionBound), group.map((p) => p.ctx.receivedAt),
    CLOCK_TOLERANCE_MS / 1000,
    events.map((x) => x.k), events.map((x) => x.e.id), events.map((x) => x.e.seq), events.map((x) => x.e.accountId), events.map((x) => x.e.deviceTime),
    events.map((x) => x.e.deviceIso), events.map((x) => x.e.type), events.map((x) => x.e.body), events.map((x) => x.e.callId),
    events.map((x) => x.e.contact), events.map((x) => x.e.phoneId), events.map((x) => x.e.partyId), events.map((x) => x.e.number),
    blobs.map((x) => x.k), blobs.map((x) => x.b.sha256), blobs.map((x) => x.b.eventId), blobs.map((x) => x.b.kind),
  ]);
}

const raced = (err: unknown) => err instanceof Error && err.message.includes(RACED);

function racedError(err: unknown): StoreError {
  const message = (err as Error).message;
  const id = message.slice(message.indexOf(RACED) + RACED.length).replace(/"$/, '');
  return new StoreError('conflict', `Event ${id} was stored by another device at the same moment; it cannot be sent again under another device or seq`);
}

function outcome(ctx: PushContext, row: StoredRow): PushOutcome {
  switch (row.status) {
    case 'ok':
      return {
        lastSeq: Number(row.lastSeq),
        violations: row.violations ?? [],
        skew: row.skew && { eventId: row.skew.eventId, deviceTime: row.skew.deviceTime, offMs: Math.round(Number(row.skew.offS) * 1000), implausible: Number(row.skew.implausible) },
        device: row.device,
      };
    case 'clash': {
      const c = row.clash!;
      throw new StoreError('conflict', c.deviceId === ctx.deviceId && !c.mine
        ? `Device ${ctx.deviceId} already stored seq ${c.seq} as event ${c.id}; a different event cannot take that seq (forged or corrupted device sequence)`
        : `Event ${c.id} is already stored as seq ${c.seq} of device ${c.deviceId}; it cannot be sent again under another device or seq`);
    }
    case 'outside':
      return { refused: 'outside', accountIds: row.outside ?? [] };
    case 'revoked':
    case 'unproven':
    case 'other_user':
      return { refused: row.status };
    default:
      throw new Error(`unexpected push status ${row.status}`);
  }
}
