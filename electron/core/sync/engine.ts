// The sync loop: push the outbox, then pull the agent's accounts page by page, on a timer
// and on demand, backing off while the server is unreachable. One run at a time.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { SyncStatus } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { PullResponse, PushResponse } from '../../../shared/sync/protocol';
import { clearOutboxThrough, outboxBatch, pendingCount } from '../store/events';
import { readMeta, writeMeta } from '../store/meta';
import { applyBundles, retainAccounts } from '../store/portfolio';
import { currentSession, forgetSession } from '../session';
import { type Fetch, requestJson } from './http';

export interface SyncDeps {
  db: () => Database.Database;
  fetch: Fetch;
  serverUrl: () => string;
  deviceId: string;
  now: () => Date;
  /** Called after a pulled page changed the portfolio: the accounts it brought, and on the last page every account still assigned. */
  onPulled?: (accountIds: string[], assignedIds: string[] | null) => void;
}

const PUSH_BATCH = 500;
const PULL_PAGE = 500;
const CURSOR_KEY = 'sync.cursor';
const LAST_SYNC_KEY = 'sync.lastSyncedAt';

export class SyncEngine {
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private connected = false;
  private lastError: string | null = null;

  constructor(private readonly deps: SyncDeps, private readonly intervalMs = 30_000) {}

  status(): Omit<SyncStatus, 'queueVersion'> {
    const db = this.deps.db();
    return {
      connected: this.connected,
      lastSyncedAt: readMeta(db, LAST_SYNC_KEY, z.string()) ?? null,
      pendingEvents: pendingCount(db),
      lastError: this.lastError,
      syncing: this.running !== null,
    };
  }

  /** Runs a sync now (or joins the one under way) and reports the status after it. */
  async syncNow(): Promise<Omit<SyncStatus, 'queueVersion'>> {
    this.running ??= this.runOnce().finally(() => { this.running = null; });
    await this.running;
    return this.status();
  }

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Forget the cursor so the next pull brings everything again (a different agent signed in). */
  reset(): void {
    writeMeta(this.deps.db(), CURSOR_KEY, 0);
  }

  private schedule(delayMs: number): void {
    this.stop();
    this.timer = setTimeout(() => {
      void this.syncNow().finally(() => {
        const backoff = Math.min(60_000, 2_000 * 2 ** Math.max(0, this.failures - 1));
        this.schedule(this.failures > 0 ? backoff : this.intervalMs);
      });
    }, delayMs);
    this.timer.unref?.();
  }

  private async runOnce(): Promise<void> {
    const db = this.deps.db();
    const session = currentSession(db, this.deps.now());
    if (!session) return;
    try {
      await this.push(db, session.token);
      await this.pull(db, session.token);
      writeMeta(db, LAST_SYNC_KEY, this.deps.now().toISOString());
      this.connected = true;
      this.lastError = null;
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      this.connected = !(err instanceof ApiError && err.code === 'SERVER_UNREACHABLE');
      this.lastError = err instanceof Error ? err.message : String(err);
      if (err instanceof ApiError && err.code === 'UNAUTHORIZED') forgetSession(db);
    }
  }

  private async push(db: Database.Database, token: string): Promise<void> {
    for (;;) {
      const events = outboxBatch(db, this.deps.deviceId, PUSH_BATCH);
      if (events.length === 0) return;
      const res = await requestJson(this.deps.fetch, this.deps.serverUrl(), 'api/sync/push', {
        method: 'POST', token, body: { deviceId: this.deps.deviceId, events }, schema: PushResponse,
      });
      clearOutboxThrough(db, res.lastSeq);
      // The server stored less than we sent (a gap it is waiting to fill): try again next round.
      if (res.lastSeq < events[events.length - 1]!.seq) return;
    }
  }

  private async pull(db: Database.Database, token: string): Promise<void> {
    for (;;) {
      const cursor = readMeta(db, CURSOR_KEY, z.number()) ?? 0;
      const page = await requestJson(this.deps.fetch, this.deps.serverUrl(), `api/sync/pull?cursor=${cursor}&limit=${PULL_PAGE}`, {
        token, schema: PullResponse, timeoutMs: 60_000,
      });
      db.transaction(() => {
        applyBundles(db, page.accounts, this.deps.now());
        if (page.assignedIds) retainAccounts(db, page.assignedIds);
        writeMeta(db, CURSOR_KEY, page.cursor);
      })();
      if (page.accounts.length > 0 || page.assignedIds) this.deps.onPulled?.(page.accounts.map((b) => b.account.id), page.assignedIds);
      if (!page.hasMore) return;
    }
  }
}
