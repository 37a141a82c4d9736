// The sync loop: push the outbox, then pull the buckets in order (compliance, assignments,
// talk tracks; docs/sync.md), each page by page after its own cursor, on a timer and on
// demand, backing off while the server is unreachable. One run at a time.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { SyncStatus } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { CompliancePage, PullResponse, PushResponse, RoutePage, SyncStateResponse, TalkTrackPage } from '../../../shared/sync/protocol';
import {
  applyHoldSets, applyPolicies, applyRoutes, applyTalkTracks, keepPolicies, keepTalkTracks, removePolicies, type TalkTrackRejection,
} from '../store/central-data';
import { clearOutboxThrough, outboxBatch, pendingCount } from '../store/events';
import { deleteMeta, readMeta, writeMeta } from '../store/meta';
import { applyBundles, retainAccounts } from '../store/portfolio';
import { currentSession, forgetSession, localSession } from '../session';
import type { FileSealer } from '../files/sealed-file';
import { localAssignedDigest } from './assigned-set';
import { type Fetch, requestJson } from './http';
import { latestRecovery, noteConfirmed, reconcile, requeueAfter } from './recovery';
import { DeferredUpkeep } from './deferred-upkeep';
import { pendingUploads, uploadPending, uploadProblem, waitingUploads } from './uploads';
import { askDevice, type WipeOrder } from '../security/revocation';

export interface SyncDeps {
  db: () => Database.Database;
  fetch: Fetch;
  serverUrl: () => string;
  deviceId: string;
  now: () => Date;
  /** Called after a pulled page changed the portfolio: the accounts it brought, and on the last page every account still assigned. */
  onPulled?: (accountIds: string[], assignedIds: string[] | null) => void;
  /** Opens the sealed recordings and photos for upload (the device key). */
  sealer: () => FileSealer;
  /** This console's device secret (proves the device when no session is left: revoke and wipe). */
  deviceSecret?: () => string;
  /**
   * The server revoked this console and everything it had not sent has been handed in: the core
   * wipes its data (the store closes under this run, which stops at once).
   */
  onWipe?: (order: WipeOrder) => Promise<void>;
}

/** How long a revoked console may spend handing in its recordings and photos before it tries again. */
const HAND_IN_UPLOAD_BUDGET_MS = 10 * 60_000;
/** A hand-in cut short is tried again this soon. */
const HAND_IN_RETRY_MS = 3_000;

const PUSH_BATCH = 500;
const PULL_PAGE = 500;
/**
 * Assignment pages are applied (with their cursor) this many accounts to a transaction. Every
 * commit rewrites index pages all over the local file (ids, phone numbers and due dates land
 * everywhere), so a 100k-account first pull committed page by page wrote gigabytes. The pages
 * of a group are held as objects until it is applied (about 2 MB a page of 500 accounts); 2,500
 * did not lower the first pull's peak RSS beyond its run-to-run spread (314-331 MB against 320)
 * and dirtied 5.1 GB of page cache against 3.0 (first-pull bench, 100k accounts).
 */
export const APPLY_GROUP_ACCOUNTS = 5_000;
const CURSOR_KEY = 'sync.cursor'; // the assignments bucket (its name predates buckets)
const COMPLIANCE_CURSOR_KEY = 'sync.cursor.compliance';
const TALKTRACK_CURSOR_KEY = 'sync.cursor.talktracks';
const ROUTES_CURSOR_KEY = 'sync.cursor.routes';
/** The server's name for the set of accounts this console holds (PullResponse.assignedDigest). */
const ASSIGNED_DIGEST_KEY = 'sync.assignedDigest';
const LAST_SYNC_KEY = 'sync.lastSyncedAt';
/** When the compliance bucket was last pulled to its end (ISO time). */
export const COMPLIANCE_AT_KEY = 'sync.complianceAt';
const TALKTRACK_REJECTIONS_KEY = 'sync.talkTrackRejections';
/** The console policy the server last sent (read by security/security-wiring.ts). */
export const CONSOLE_POLICY_KEY = 'security.policy';

/**
 * When this console last pulled the compliance bucket (holds and policy) to its end, or null
 * if never since the agent signed in. Dialling should be refused when it is too old.
 */
export function complianceSyncedAt(db: Database.Database): string | null {
  return readMeta(db, COMPLIANCE_AT_KEY, z.iso.datetime({ offset: true })) ?? null;
}

const Rejections = z.array(z.object({ id: z.string(), version: z.number(), message: z.string() }));

/** Talk-track versions the last pull refused (invalid): the previous version of each stays active. */
export function talkTrackRejections(db: Database.Database): TalkTrackRejection[] {
  return readMeta(db, TALKTRACK_REJECTIONS_KEY, Rejections) ?? [];
}

export class SyncEngine {
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failures = 0;
  private connected = false;
  private lastError: string | null = null;
  /** A revoked console's hand-in was cut short: the next run comes soon. */
  private retryHandIn = false;

  constructor(private readonly deps: SyncDeps, private readonly intervalMs = 30_000) {}

  status(): Omit<SyncStatus, 'queueVersion'> {
    const db = this.deps.db();
    return {
      connected: this.connected,
      lastSyncedAt: readMeta(db, LAST_SYNC_KEY, z.string()) ?? null,
      pendingEvents: pendingCount(db),
      pendingRecordings: pendingUploads(db, 'recording'),
      lastError: this.lastError ?? uploadProblem(db),
      recovery: latestRecovery(db, this.deps.now()),
      syncing: this.running !== null,
    };
  }

  /** Runs a sync now (or joins the one under way) and reports the status after it. */
  async syncNow(): Promise<Omit<SyncStatus, 'queueVersion'>> {
    this.running ??= this.runOnce().finally(() => {
      this.running = null;
      if (this.retryHandIn) this.scheduleNext();
    });
    await this.running;
    return this.status();
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** No more timed runs: a run under way finishes but does not schedule the next (the store may be closing). */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  /** The next timed run: at the interval, sooner after a failure or a hand-in cut short. */
  private scheduleNext(): void {
    const backoff = Math.min(60_000, 2_000 * 2 ** Math.max(0, this.failures - 1));
    const retry = this.retryHandIn;
    this.retryHandIn = false;
    this.schedule(retry ? HAND_IN_RETRY_MS : this.failures > 0 ? backoff : this.intervalMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Forget the cursor so the next pull brings everything again (a different agent signed in). */
  reset(): void {
    const db = this.deps.db();
    this.restartPulls(db);
    applyRoutes(db, [], true, this.deps.now()); // another agent's routes are not this one's
  }

  /** Every bucket is pulled again from the start (the server's history is not the one the cursors count in). */
  private restartPulls(db: Database.Database): void {
    for (const key of [CURSOR_KEY, COMPLIANCE_CURSOR_KEY, TALKTRACK_CURSOR_KEY, ROUTES_CURSOR_KEY]) writeMeta(db, key, 0);
    deleteMeta(db, COMPLIANCE_AT_KEY);
    deleteMeta(db, ASSIGNED_DIGEST_KEY);
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      // The status after the run can fail (the console was wiped under it): the timer only cares that it ran.
      void this.syncNow().catch(() => undefined).finally(() => this.scheduleNext());
    }, delayMs);
    this.timer.unref?.();
  }

  private async runOnce(): Promise<void> {
    const db = this.deps.db();
    const session = currentSession(db, this.deps.now());
    if (!session) {
      // Signed in, but the token ran out (days offline): local work goes on, sending waits.
      const local = localSession(db);
      if (local) {
        this.connected = false;
        this.lastError = `The sign-in of ${local.user.username} has expired: sign out and sign in again to send the ${pendingCount(db)} events waiting`;
      }
      await this.checkRevoked(db).catch(() => undefined); // an administrator may have revoked it meanwhile
      return;
    }
    try {
      await this.checkServerState(db, session.token);
      await this.push(db, session.token);
      await uploadPending(db, { ...this.deps, token: session.token, userId: session.user.id }); // never throws: a failed upload waits for the next run
      await this.pullCompliance(db, session.token);
      await this.pull(db, session.token);
      await this.pullRoutes(db, session.token);
      await this.pullTalkTracks(db, session.token);
      writeMeta(db, LAST_SYNC_KEY, this.deps.now().toISOString());
      this.connected = true;
      this.lastError = null;
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      this.connected = !(err instanceof ApiError && err.code === 'SERVER_UNREACHABLE');
      this.lastError = err instanceof Error ? err.message : String(err);
      if (err instanceof ApiError && err.code === 'UNAUTHORIZED') forgetSession(db);
      // Refused: the session may have ended because the device or its agent was revoked.
      if (err instanceof ApiError && (err.code === 'UNAUTHORIZED' || err.code === 'FORBIDDEN')) await this.checkRevoked(db).catch(() => undefined);
    }
  }

  /**
   * Asks the server (proving the device) whether it was revoked; if so, hands in what waits and
   * has the core wipe the console. Answers whether it wiped. Throws when the server cannot be asked.
   */
  async checkRevoked(db: Database.Database = this.deps.db()): Promise<boolean> {
    if (!this.deps.deviceSecret || !this.deps.onWipe) return false;
    const order = await askDevice({ fetch: this.deps.fetch, serverUrl: this.deps.serverUrl, deviceId: this.deps.deviceId, deviceSecret: this.deps.deviceSecret });
    if (!order) return false;
    if (order.handIn && !(await this.handIn(db, order.handIn.token))) {
      this.lastError = `This console was revoked: it is sending what it has not sent (${pendingCount(db)} events), then it wipes itself`;
      this.retryHandIn = true; // soon, not at the next interval (the session is gone: nothing else calls)
      return false;
    }
    this.stop();
    await this.deps.onWipe(order);
    return true;
  }

  /** Sends every event and file still waiting with the hand-in session; true when nothing is left. */
  private async handIn(db: Database.Database, token: string): Promise<boolean> {
    await this.push(db, token);
    const userId = lastUser(db);
    if (userId) await uploadPending(db, { ...this.deps, token, userId, budgetMs: HAND_IN_UPLOAD_BUDGET_MS });
    return pendingCount(db) === 0 && (userId === null || waitingUploads(db, userId) === 0);
  }

  /** A restore or failover since the last run: what the server lost goes back in the outbox (recovery.ts). */
  private async checkServerState(db: Database.Database, token: string): Promise<void> {
    const state = await requestJson(this.deps.fetch, this.deps.serverUrl(), `api/sync/state?deviceId=${encodeURIComponent(this.deps.deviceId)}`, {
      token, schema: SyncStateResponse,
    }).catch((err: unknown) => {
      if (err instanceof ApiError && err.code === 'NOT_FOUND') return null; // a server from before the check: the push still notices a cursor behind
      throw err;
    });
    if (!state) return;
    // The organisation's idle lock and offline limit (security/console-lock.ts).
    if (state.consolePolicy) writeMeta(db, CONSOLE_POLICY_KEY, state.consolePolicy);
    const recovery = reconcile(db, state, this.deps.now(), () => this.restartPulls(db));
    if (recovery) this.warnRecovered(recovery.resentEvents, recovery.reason);
  }

  private async push(db: Database.Database, token: string): Promise<void> {
    let requeuedWithoutProgress = 0;
    for (;;) {
      const events = outboxBatch(db, this.deps.deviceId, PUSH_BATCH);
      if (events.length === 0) return;
      const res = await requestJson(this.deps.fetch, this.deps.serverUrl(), 'api/sync/push', {
        method: 'POST', token, body: { deviceId: this.deps.deviceId, events }, schema: PushResponse,
      });
      clearOutboxThrough(db, res.lastSeq);
      // The server lost part of what it confirmed between the state check and this push.
      const recovery = noteConfirmed(db, res.lastSeq, this.deps.now(), () => this.restartPulls(db));
      if (recovery) this.warnRecovered(recovery.resentEvents, recovery.reason);
      if (res.lastSeq >= events.at(-1)!.seq) {
        requeuedWithoutProgress = 0;
        continue; // all of this batch is stored: on to the next
      }
      // The server holds this batch but its cursor stays below it: it is waiting for earlier
      // events this console believed sent. They go back in the outbox and out next round.
      const requeued = requeueAfter(db, res.lastSeq);
      if (requeued > 0 && requeuedWithoutProgress++ < 2) continue;
      throw new ApiError('INTERNAL', `The central server holds this console's events only up to #${res.lastSeq} and did not take #${events[0]!.seq}–#${events.at(-1)!.seq}; they stay queued and are sent again at the next sync`);
    }
  }

  private warnRecovered(resent: number, reason: 'behind' | 'epoch'): void {
    console.warn(`Fairline: the central store ${reason === 'epoch' ? 'is another database (restored or failed over)' : 'had lost events it had confirmed'}: ${resent} events go again and every bucket is pulled anew`);
  }

  /** Holds and policy first: dialling depends on them. */
  private async pullCompliance(db: Database.Database, token: string): Promise<void> {
    for (;;) {
      const cursor = readMeta(db, COMPLIANCE_CURSOR_KEY, z.number()) ?? 0;
      const page = await requestJson(this.deps.fetch, this.deps.serverUrl(), `api/sync/pull/compliance?cursor=${cursor}&limit=${PULL_PAGE}`, {
        token, schema: CompliancePage, timeoutMs: 60_000,
      });
      const changed = db.transaction(() => {
        // A reset (cursor older than compacted history): drop the policies the server no longer
        // has, then pull everything again from 0. Holds are never removed, only lifted.
        if (page.keepPolicies) keepPolicies(db, page.keepPolicies);
        removePolicies(db, page.removedPolicies);
        applyPolicies(db, page.policies, this.deps.now());
        const accounts = applyHoldSets(db, page.holds, this.deps.now());
        writeMeta(db, COMPLIANCE_CURSOR_KEY, page.cursor);
        if (!page.hasMore) writeMeta(db, COMPLIANCE_AT_KEY, this.deps.now().toISOString());
        return accounts;
      })();
      if (changed.length > 0) this.deps.onPulled?.(changed, null);
      if (!page.hasMore) return;
    }
  }

  /** A field agent's routes, after the accounts they list (other roles get none). */
  private async pullRoutes(db: Database.Database, token: string): Promise<void> {
    for (;;) {
      const cursor = readMeta(db, ROUTES_CURSOR_KEY, z.number()) ?? 0;
      const page = await requestJson(this.deps.fetch, this.deps.serverUrl(), `api/sync/pull/routes?cursor=${cursor}&limit=${PULL_PAGE}`, {
        token, schema: RoutePage, timeoutMs: 60_000,
      });
      db.transaction(() => {
        applyRoutes(db, page.routes, page.reset, this.deps.now());
        writeMeta(db, ROUTES_CURSOR_KEY, page.cursor);
      })();
      if (!page.hasMore) return;
    }
  }

  private async pullTalkTracks(db: Database.Database, token: string): Promise<void> {
    const rejected: TalkTrackRejection[] = [];
    for (;;) {
      const cursor = readMeta(db, TALKTRACK_CURSOR_KEY, z.number()) ?? 0;
      const page = await requestJson(this.deps.fetch, this.deps.serverUrl(), `api/sync/pull/talktracks?cursor=${cursor}&limit=${PULL_PAGE}`, {
        token, schema: TalkTrackPage, timeoutMs: 60_000,
      });
      db.transaction(() => {
        if (page.keepTracks) keepTalkTracks(db, page.keepTracks);
        rejected.push(...applyTalkTracks(db, page.tracks, this.deps.now()));
        writeMeta(db, TALKTRACK_CURSOR_KEY, page.cursor);
      })();
      if (!page.hasMore) break;
    }
    if (rejected.length > 0) {
      writeMeta(db, TALKTRACK_REJECTIONS_KEY, rejected);
      console.warn(`Fairline: ${rejected.length} talk-track version(s) refused, previous versions stay active: ${rejected.map((r) => `${r.id} v${r.version}: ${r.message}`).join(' | ')}`);
    }
  }

  private async pull(db: Database.Database, token: string): Promise<void> {
    const ask = (cursor: number, list = false) => {
      // With the set this console holds named, the server leaves out the list when it is unchanged;
      // asked for the digest alone, it leaves it out always (the set is compared here, after the pull).
      const known = readMeta(db, ASSIGNED_DIGEST_KEY, z.string());
      const answer = requestJson(this.deps.fetch, this.deps.serverUrl(), `api/sync/pull?cursor=${cursor}&limit=${PULL_PAGE}${known ? `&known=${known}` : ''}${list ? '' : '&digestOnly=1'}`, {
        token, schema: PullResponse, timeoutMs: 60_000,
      });
      answer.catch(() => {}); // awaited below, unless the sync stops before
      return answer;
    };
    const storedCursor = () => readMeta(db, CURSOR_KEY, z.number()) ?? 0;
    let written = storedCursor();
    let group: PullResponse[] = [];
    let grouped = 0;
    /** The last page's digest named a set other than the one held here: the list is asked for. */
    let listWanted = false;
    // Applied pages are told to the queue while the console waits for the next one (or at the end).
    const upkeep = new DeferredUpkeep((ids, assigned) => this.deps.onPulled?.(ids, assigned), () => storedCursor() === written);
    /** Applies the pages held, and their cursor, in one transaction; the queue is told later. */
    const apply = () => {
      const pages = group;
      group = [];
      grouped = 0;
      // The cursor was reset meanwhile (another agent signed in): what was pulled is not theirs.
      if (pages.length === 0 || storedCursor() !== written) return;
      db.transaction(() => {
        // In one call, so the group's accounts are written in id order (applyBundles). Only the
        // last page of a pull carries the set's list or digest, so checking them after is the same.
        applyBundles(db, pages.flatMap((p) => p.accounts), this.deps.now());
        for (const page of pages) {
          if (page.assignedIds) {
            retainAccounts(db, page.assignedIds);
            // This console now holds exactly the listed accounts: the digest names its set.
            if (page.assignedDigest) writeMeta(db, ASSIGNED_DIGEST_KEY, page.assignedDigest);
            else deleteMeta(db, ASSIGNED_DIGEST_KEY);
          } else if (page.assignedDigest && page.assignedDigest !== readMeta(db, ASSIGNED_DIGEST_KEY, z.string())) {
            // The set changed: if this console now holds exactly it, the list need not come.
            if (localAssignedDigest(db) === page.assignedDigest) writeMeta(db, ASSIGNED_DIGEST_KEY, page.assignedDigest);
            else listWanted = true;
          }
        }
        writeMeta(db, CURSOR_KEY, pages.at(-1)!.cursor);
      })();
      written = pages.at(-1)!.cursor;
      for (const page of pages) {
        if (page.accounts.length > 0 || page.assignedIds) upkeep.add(page.accounts.map((b) => b.account.id), page.assignedIds);
      }
    };
    let next = ask(written);
    try {
      for (;;) {
        await upkeep.whileWaiting(next);
        const page = await next;
        if (storedCursor() !== written) {
          // Another agent signed in: the queue was rebuilt for them, and these pages were not theirs.
          upkeep.drop();
          group = [];
          grouped = 0;
          next = ask(written = storedCursor());
          continue;
        }
        // The next page is asked for before this one is applied: the server reads it meanwhile.
        if (page.hasMore) next = ask(page.cursor);
        group.push(page);
        grouped += page.accounts.length;
        if (!page.hasMore || grouped >= APPLY_GROUP_ACCOUNTS) apply();
        if (!page.hasMore && listWanted) {
          // Accounts taken away (or a set that differs otherwise): the list, and what changed since.
          listWanted = false;
          next = ask(written, true);
          continue;
        }
        if (!page.hasMore) return;
      }
    } finally {
      apply(); // pages already here are kept when a later one fails
      upkeep.flush();
    }
  }
}

/** The agent whose work this console holds (the last one signed in here). */
function lastUser(db: Database.Database): string | null {
  return readMeta(db, 'lastUserId', z.string()) ?? localSession(db)?.user.id ?? null;
}
