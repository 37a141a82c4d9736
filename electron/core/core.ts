// The console's core: the local store, session, settings and sync behind the typed API.
// Plain Node with no Electron import, so it runs inside Electron's main process, inside the
// browser shell, and inside tests.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { WrapUpDraft, type AppInfo, type Handlers } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { EventBody } from '../../shared/domain/events';
import type { BlockInput } from '../../shared/queue';
import type { CoreConfig } from './config';
import { localDate } from './config';
import { LoginResponse } from '../../shared/sync/protocol';
import { dialHandlers } from './compliance/dial-handlers';
import { eligibilityOf } from './compliance/gate';
import { GateSweep } from './queue/gate-sweep';
import { QueuePages } from './queue/queue-page';
import { callScript } from './wrapup/call-script';
import { brokenPromises } from './wrapup/promise-watch';
import { missedCallbacks } from './day/missed-callbacks';
import { teamDayFromServer } from './day/team-day';
import { submitWrapUp } from './wrapup/wrapup-service';
import { loggedAnswer } from './wrapup/call-steps';
import { RankingService } from './queue/ranking-service';
import { localAccountEvents } from './store/local-account';
import { transferDirectory } from './calls/directory';
import { openDatabase, StoreOpenError } from './store/database';
import { appendEvent, latestEvent } from './store/events';
import { MonitorService } from './monitor/monitor-service';
import { MonitorKeyResponse } from '../../shared/monitor/protocol';
import { UsedGrantList } from './monitor/used-grants';
import { readMeta, writeMeta } from './store/meta';
import { accountDetail, accountDetails, phoneMatches, retainAccounts } from './store/portfolio';
import { Recordings } from './calls/recordings';
import {
  currentSession, deviceSecret, forgetSession, localSession, login, publicSession, requireSession, signIn, type StoredSession, storeSession,
} from './session';
import { effectiveServerUrl, readSettings, type SecretBox, sipAccount, updateSettings, withEffectiveUrl } from './settings';
import { complianceSyncedAt, SyncEngine } from './sync/engine';
import { queueUpload } from './sync/uploads';
import { VisitService } from './visits/visit-service';
import { readPolicy, readTalkTracks } from './store/central-data';
import { onceEach, orgPacks } from './compliance/org-packs';
import { type Fetch, requestJson } from './sync/http';
import { PresenceService } from './presence/presence';
import { StagedUploads } from './files/staged-uploads';
import { MAX_PHOTO_BYTES } from '../../shared/api/limits';
import { ReviewService } from './review/review-service';
import { queueSummary } from './queue/queue-summary';
import { myCallbacks } from './day/my-callbacks';
import { myDay } from './day/my-day';
import { BoardFiguresResponse } from '../../shared/presence/protocol';
import { stepTitlesOf } from '../../shared/talktrack/step-title';
import { ensurePrivateDir, restrictTree } from './files/private-files';
import type { KeyWrapper } from './store/device-key';
import type { Language } from '../../shared/i18n/languages';
import { createSecurity } from './security/security-wiring';
import { openForSignIn, type Opened } from './security/start-unlock';
import { reportWiped, type WipeOrder } from './security/revocation';
import { wipeLocalData } from './security/wipe';
import { MessagingService } from './messaging/messaging-service';
import { ComplaintsService } from './complaints/complaints-service';
import { fetchReport } from './reports/reports';
import { fetchLadderPreview } from './ladder/ladder';
import { AccountViews } from './access/account-views';

export interface CoreDeps {
  now?: () => Date;
  fetch?: Fetch;
  systemLocale?: string;
  syncIntervalMs?: number;
  /** The OS keychain for the SIP password (Electron's safeStorage). Absent or null: the browser
   *  shell, which has none, so the password is kept in the local database as typed. */
  secretBox?: SecretBox | null;
  /** With no screen open this long, an agent shows offline on the board (PresenceService; default 20 s). */
  screenGraceMs?: number;
  /** The OS keychain that wraps the device key (Electron's safeStorage). Absent or null: the agents'
   *  passwords protect it (the browser shell), and the data opens at their sign-in (security/vault.ts). */
  keychain?: KeyWrapper | null;
  /** scrypt's cost for password slots and verifiers (tests lower it; the default is OWASP's). */
  kdf?: { N: number; r: number; p: number };
}

export interface Core {
  handlers: Handlers;
  info(): AppInfo;
  /** The host says whether any screen is open (the browser shell's tabs); see PresenceService.screensOpen. */
  screensOpen(open: boolean): void;
  /** The host locks the screen (the OS locked or went to sleep): unlocked with the agent's password. */
  lock(reason: 'system'): void;
  close(): void;
}

const DEFAULT_DB = 'fairline.db';
/** Dialling waits for fresh holds and rules when the last compliance pull is older than this. */
const COMPLIANCE_MAX_AGE_MS = 15 * 60_000;
/**
 * How far V8 lets the old generation grow past what its last full collection kept before it
 * collects again (a factor of 1 + this/100). V8 picks up to 4x by itself when garbage arrives
 * fast; a first pull turns over several times its portfolio in short-lived pages and gate
 * facts, so the console's heap swelled to hundreds of MB that were mostly garbage. Read by V8
 * at every full collection, so it takes effect when set at run time (Electron's main process
 * runs with V8's flags unfrozen, as Node does). First-pull bench, 100k accounts, two runs side by
 * side: peak RSS 632 MB without it, 358 MB with it, for about 8% more console CPU.
 */
const HEAP_GROWING_PERCENT = 30;
/** Accounts whose details the queue's gate reads at a time (gateForQueue). */
const GATE_DETAIL_SLICE = 100;
/** How many accounts one "next account" may ask the gate about before saying none is ready. */
const NEXT_ACCOUNT_GATE_CHECKS = 200;
const POINTER = 'database.json';
/** The wrap-up in progress (one at a time: no next call before it is logged). */
const DRAFT_KEY = 'wrapup.draft';
/** Which draft the last logged wrap-up came from: a late save of it is not a new draft. */
const SUBMITTED_KEY = 'wrapup.submitted';
const SubmittedDraft = z.object({ accountId: z.string(), startedAt: z.string() });
/** The central server's public key for monitor grants (docs/monitor.md). */
const MONITOR_KEY_META = 'monitor.key';
/** The monitor grants this console admitted, with how long each is kept (docs/monitor.md). */
const MONITOR_USED_META = 'monitor.used';
const Pointer = z.object({ file: z.string() });

export function createCore(config: CoreConfig, deps: CoreDeps = {}): Core {
  const now = deps.now ?? (() => new Date());
  const fetchImpl = deps.fetch ?? fetch;
  const locale = deps.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale;
  const secretBox = deps.secretBox ?? null;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`); // the whole process: this is its main work
  ensurePrivateDir(config.dataDir);
  restrictTree(config.dataDir); // a data directory from before files were kept owner-only

  let databaseFile = currentDatabaseFile(config.dataDir);
  let db: Database.Database | null = null;
  let storeError: StoreOpenError | null = null;
  let sync: SyncEngine | null = null;
  /** The language chosen on the sign-in screen while the data is closed (password protection). */
  let languageWhileClosed: Language | null = null;

  const serverUrl = () => effectiveServerUrl(readSettings(db, locale), config.pinnedServerUrl, config.defaultServerUrl);

  function open(): void {
    try {
      if (security.wiped()) return; // a wiped console never opens again (security/wipe.ts)
      const key = security.openKey(databaseFile);
      if (!key) return; // the agents' passwords protect the key: it opens at sign-in (session.signIn)
      db = openDatabase(databaseFile, key);
      storeError = null;
      if (languageWhileClosed) updateSettings(db, locale, { language: languageWhileClosed });
      languageWhileClosed = null;
      let deviceId = readMeta(db, 'deviceId', z.string());
      if (!deviceId) {
        deviceId = randomUUID();
        writeMeta(db, 'deviceId', deviceId);
      }
      sync = new SyncEngine({
        db: store, fetch: fetchImpl, serverUrl, deviceId, now, onPulled: pulled, sealer: security.sealer,
        deviceSecret: () => deviceSecret(store()), onWipe: wipeConsole,
      }, deps.syncIntervalMs);
      if (localSession(db)) startServices();
    } catch (err) {
      if (!(err instanceof StoreOpenError)) throw err;
      db = null;
      storeError = err;
    }
  }

  function isOpen(): boolean {
    return db !== null;
  }

  function openStore(): Database.Database | null {
    return db;
  }

  /** Revoked, with everything handed in (SyncEngine.checkRevoked): the console's data goes, and it says why. */
  async function wipeConsole(order: WipeOrder): Promise<void> {
    const secret = deviceSecret(store());
    const proof = { fetch: fetchImpl, serverUrl, deviceId: deviceId(), deviceSecret: () => secret };
    sweep.stop();
    await presence.stop(false);
    recordings.closeAll();
    await reportWiped(proof);
    db?.close();
    db = null;
    wipeLocalData(config.dataDir, databaseFile, security.vault, { reason: order.reason, at: now().toISOString() });
    console.warn(`Fairline: this console was ${order.reason === 'user_disabled' ? 'wiped: its agent was disabled' : 'revoked and wiped'} by the central server, after handing in what it had not sent`);
  }

  function startServices(): void {
    engine().start();
    void sweep.start();
    presence.start();
  }

  const security = createSecurity({
    dataDir: config.dataDir, keychain: deps.keychain ?? null, kdf: deps.kdf, now,
    db: () => db, session: () => (db ? localSession(db) : undefined),
    lastSyncedAt: () => (db && sync ? sync.status().lastSyncedAt : null),
    log: (body) => void logEvent(null, body),
    verifyOnline: async (username, password) => {
      try {
        await login({ fetch: fetchImpl, serverUrl: serverUrl(), deviceId: deviceId() }, { username, password }, deviceSecret(store()));
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'UNAUTHORIZED') return false;
        throw err;
      }
    },
  });

  // The live board's socket (docs/presence.md): agents report, leads watch.
  const presence = new PresenceService({
    serverUrl: () => serverUrl(),
    session: () => (db ? currentSession(db, now()) ?? null : null),
    now,
    sipUri: () => (db ? readSettings(db, locale).sip.uri || null : null),
    screenGraceMs: deps.screenGraceMs,
  });

  // Listen / whisper / barge (docs/monitor.md): leads get grants, agents' consoles check them.
  const monitor = new MonitorService({
    fetch: fetchImpl,
    serverUrl: () => serverUrl(),
    session: () => (db ? currentSession(db, now()) ?? null : null),
    localUser: () => (db ? localSession(db)?.user ?? null : null),
    now,
    readKey: () => readMeta(store(), MONITOR_KEY_META, MonitorKeyResponse),
    writeKey: (key) => writeMeta(store(), MONITOR_KEY_META, key),
    usedGrants: {
      read: () => readMeta(store(), MONITOR_USED_META, UsedGrantList),
      write: (entries) => writeMeta(store(), MONITOR_USED_META, entries),
    },
    sipUri: () => (db ? readSettings(db, locale).sip.uri || null : null),
    log: (accountId, body) => void logEvent(accountId, body),
  });

  function store(): Database.Database {
    if (!db) throw storeError ? new ApiError('STORE_UNAVAILABLE', storeError.message) : security.closedError();
    return db;
  }

  function engine(): SyncEngine {
    store();
    return sync!;
  }

  function deviceId(): string {
    return readMeta(store(), 'deviceId', z.string())!;
  }

  function info(): AppInfo {
    return {
      version: config.version,
      host: config.host,
      dataDir: config.dataDir,
      databaseFile,
      pinnedByEnv: [...(config.pinnedServerUrl ? (['serverUrl'] as const) : []), ...(process.env.FAIRLINE_DATA_DIR ? (['dataDir'] as const) : [])],
      storeError: storeError ? { file: storeError.file, message: storeError.message } : null,
      clockOffsetMs: Math.round(now().getTime() - Date.now()),
    };
  }

  /** Names the agent on their own events; the session is read once per call, not once per event. */
  function actorNames(): (userId: string) => string {
    const session = db ? localSession(db) : null;
    return (userId) => (session && session.user.id === userId ? session.user.displayName : userId);
  }

  function detailOf(accountId: string) {
    const detail = accountDetail(store(), accountId, localDate(now()), localAccountEvents(store(), [accountId], actorNames()).get(accountId));
    if (!detail) throw new ApiError('NOT_FOUND', `Account ${accountId} is not in this console's portfolio`);
    return detail;
  }

  const packs = orgPacks(() => readPolicy(store()), (message) => console.warn(message));

  /** The reason every dial is blocked while the compliance data is too old, or null when fresh. */
  function staleCompliance(when: Date = now()) {
    const at = complianceSyncedAt(store());
    if (at && when.getTime() - Date.parse(at) <= COMPLIANCE_MAX_AGE_MS) return null;
    return {
      rule: 'console.compliance_stale', severity: 'block' as const, messageKey: 'complianceStale',
      params: { at: at ?? '—' }, source: 'Fairline: compliance data older than 15 minutes', allowedFrom: null,
    };
  }

  const queue = new RankingService(store, now);
  const recordings = new Recordings(join(config.dataDir, 'recordings'), security.sealer);
  const staging = new StagedUploads(join(config.dataDir, 'staging'), MAX_PHOTO_BYTES, security.sealer);
  staging.sweep(new Date()); // uploads abandoned in an earlier run (file times are real, whatever the training clock)
  const queuePages = new QueuePages(store, queue);
  function explanation(accountId: string) {
    const e = queue.explain(accountId);
    return e ? { accountId, score: e.score, parts: e.parts, blockedUntil: e.blockedUntil, blockReason: e.blockReason } : null;
  }

  /** The gate's verdict on each account for the queue: blocked until when, or workable. */
  function gateForQueue(accountIds: string[]): Map<string, BlockInput | null> {
    const answers = new Map<string, BlockInput | null>();
    if (!db) return answers;
    const today = localDate(now());
    const batchPacks = onceEach(packs); // the policy is read once per batch, not once per account
    // A few accounts' details at a time: each slice's facts are dropped before the next is read,
    // so they die in the young generation instead of swelling the old one (a pulled page is 500).
    for (let i = 0; i < accountIds.length; i += GATE_DETAIL_SLICE) {
      const ids = accountIds.length <= GATE_DETAIL_SLICE ? accountIds : accountIds.slice(i, i + GATE_DETAIL_SLICE);
      const details = accountDetails(db, ids, today, localAccountEvents(db, ids, actorNames()));
      for (const id of ids) {
        const detail = details.get(id);
        if (!detail) continue;
        try {
          // Only what the queue needs: phones in order until one may be called, no messages (gate.ts).
          answers.set(id, eligibilityOf(detail, now(), batchPacks));
        } catch (err) {
          // Data the gate cannot read: no call until it is fixed, and the agent sees why.
          if (!(err instanceof ApiError)) throw err;
          answers.set(id, { until: 'never', reason: 'unreadable_data' });
        }
      }
    }
    return answers;
  }
  const sweep = new GateSweep({
    accountIds: () => queue.accountIds(),
    gate: gateForQueue,
    apply: (answers) => queue.setGateBlocks(answers),
    // Each sweep also logs the promises whose day has ended unpaid, and the callbacks not made in time (an alert for the lead).
    beforeSweep: () => {
      const session = db ? localSession(db) : null;
      if (!db || !session) return;
      for (const b of brokenPromises(db, now())) logEvent(b.accountId, b.body);
      for (const m of missedCallbacks(db, session.user.id, now())) logEvent(m.accountId, m.body);
    },
  });

  /** Accounts changed here or by a pull: re-rank them and ask the gate about them again. */
  function accountsChanged(accountIds: string[]): void {
    queue.refresh(accountIds);
    queue.setGateBlocks(gateForQueue(accountIds));
  }

  function pulled(accountIds: string[], assignedIds: string[] | null): void {
    if (!db) return; // closed (locked, signed out) since the page was applied: ranked anew when it opens
    const keep = new Set(assignedIds ?? []); // built once: per account it made a 100k pull quadratic
    const removed = assignedIds ? queue.accountIds().filter((id) => !keep.has(id)) : [];
    accountsChanged([...accountIds, ...removed]);
  }

  /** Logs an event; `queueLater`: the queue takes it in after the answer goes out (a dial's decision, on the call's critical path). */
  function logEvent(accountId: string | null, body: EventBody, queueLater = false): { id: string } {
    const session = requireSession(store(), now());
    const event = appendEvent(store(), { deviceId: deviceId(), userId: session.user.id, accountId, body, now: now() });
    // Deferred: the data may be closed by then (locked, signed out); it is ranked anew when it opens.
    if (accountId && queueLater) setImmediate(() => { if (db) accountsChanged([accountId]); });
    else if (accountId) accountsChanged([accountId]);
    return event;
  }

  const visits = new VisitService({
    db: store, now, detailOf, packs, log: (accountId, body) => logEvent(accountId, body),
    hasAccount: (accountId) => store().prepare('SELECT 1 FROM accounts WHERE id = ?').get(accountId) !== undefined,
    language: () => readSettings(db, locale).language,
    lastSyncedAt: () => engine().status().lastSyncedAt,
    self: () => {
      const { user } = requireSession(store(), now());
      return { name: user.displayName, staffId: user.username };
    },
    photosDir: join(config.dataDir, 'photos'),
    staging,
    sealer: security.sealer,
  });

  // Call review (docs/server.md "Call review"): the server's, with recordings cached here.
  const review = new ReviewService({
    fetch: fetchImpl, serverUrl, session: () => requireSession(store(), now()), cacheDir: join(config.dataDir, 'review-cache'), sealer: security.sealer,
  });

  // Texts and emails, sent by the central server at the agent's request (docs/messaging.md).
  // Complaints, kept by the central server (docs/complaints.md); a hold one places comes down with a pull at once.
  const complaints = new ComplaintsService({
    fetch: fetchImpl, serverUrl, db: store, detailOf, log: (accountId, body) => logEvent(accountId, body),
    token: () => requireSession(store(), now()).token,
    syncNow: () => void engine().syncNow().catch(() => undefined),
  });

  const messaging = new MessagingService({
    fetch: fetchImpl, serverUrl, db: store, now, detailOf, log: (accountId, body) => logEvent(accountId, body),
    token: () => {
      const s = currentSession(store(), now());
      if (!s) throw new ApiError('UNAUTHORIZED', 'Sign in again to send messages: the session has expired');
      return s.token;
    },
  });

  // Who opened which account and why (docs/security.md "Who read what"): logged without
  // re-ranking the queue, which an opening does not change.
  const accountViews = new AccountViews({
    log: (accountId, body) => appendEvent(store(), { deviceId: deviceId(), userId: requireSession(store(), now()).user.id, accountId, body, now: now() }),
    hasAccount: (accountId) => store().prepare('SELECT 1 FROM accounts WHERE id = ?').get(accountId) !== undefined,
  });

  function requireLead() {
    const s = requireSession(store(), now());
    if (s.user.role !== 'team_lead' && s.user.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only team leads and admins see the board');
    return s;
  }

  const handlers: Handlers = {
    'app.info': async () => info(),
    'app.startFresh': async () => {
      if (!storeError) throw new ApiError('VALIDATION', 'The current database opened fine; there is nothing to replace');
      databaseFile = join(config.dataDir, `fairline-${now().toISOString().replace(/[:.]/g, '-')}.db`);
      writeFileSync(join(config.dataDir, POINTER), JSON.stringify({ file: databaseFile }), { mode: 0o600 });
      // The broken file is left behind: where the agents' passwords protect the key, the fresh
      // database opens at the next sign-in, which the old file's error must not stand in front of.
      storeError = null;
      open();
      return info();
    },
    'session.current': async () => {
      if (!db && !storeError) return null; // the data opens at sign-in (password protection)
      const s = localSession(store());
      return s ? publicSession(s) : null;
    },
    'session.signIn': async (input) => {
      if (security.wiped()) throw security.closedError(); // never again on this data directory
      const opened: Opened | null = isOpen() || storeError ? null : await openForSignIn({
        vault: security.vault, databaseFile: () => databaseFile, open, db: openStore, fetch: fetchImpl, serverUrl,
      }, input);
      const db = store();
      const previous = readMeta(db, 'lastUserId', z.string());
      const before = localSession(db);
      let s: StoredSession;
      try {
        s = opened?.by === 'server' ? opened.session : await signIn(db, { fetch: fetchImpl, serverUrl: serverUrl(), deviceId: deviceId() }, input);
      } catch (err) {
        // Refused: perhaps revoked. The console then hands in what waits and wipes itself.
        if (err instanceof ApiError && err.code === 'FORBIDDEN' && await engine().checkRevoked().catch(() => false)) throw security.closedError();
        // Opened by the agent's own slot with the server out of reach: they work offline, as before the restart.
        if (opened?.by === 'slot' && err instanceof ApiError && err.code === 'SERVER_UNREACHABLE' && before?.user.username === input.username) {
          startServices();
          return publicSession(before);
        }
        throw err;
      }
      security.signedIn(s.user, input.password);
      // The server takes a user's events only with that user's session: another agent signing in
      // here would leave them (and then their own, queued behind them) stuck in the outbox.
      const stuck = db.prepare('SELECT e.user_id AS userId, count(*) AS n FROM outbox o JOIN events e ON e.seq = o.seq WHERE e.user_id <> ? GROUP BY e.user_id').get(s.user.id) as { userId: string; n: number } | undefined;
      if (stuck) {
        if (before) storeSession(db, before);
        else forgetSession(db);
        const name = before?.user.id === stuck.userId ? before.user.username : 'the previous agent';
        throw new ApiError('FORBIDDEN', `${stuck.n} events logged by ${name} on this console have not reached the central server yet: ${name} must sign in and sync before anyone else signs in here`);
      }
      if (previous !== s.user.id) {
        // Another agent's portfolio must never show, not even until the first pull lands.
        db.transaction(() => retainAccounts(db, []))();
        queue.invalidate();
        engine().reset();
        writeMeta(db, 'lastUserId', s.user.id);
      }
      engine().start();
      void sweep.start();
      await presence.stop(false); // another user's socket, if any, closes first
      presence.start();
      return publicSession(s);
    },
    ...security.handlers,
    ...dialHandlers({
      requireSession: () => void requireSession(store(), now()),
      detailOf, packs, now, staleAt: staleCompliance,
      // Written before the answer; the queue's re-ranking of the account follows it (the INVITE may wait for the answer).
      log: (accountId, body) => void logEvent(accountId, body, true),
      verifyApprover: async (username, password) => {
        const res = await requestJson(fetchImpl, serverUrl(), 'api/auth/login', {
          method: 'POST', body: { username, password, deviceId: deviceId() }, schema: LoginResponse,
        });
        // The approval needed only the check; the lead's session ends here.
        await requestJson(fetchImpl, serverUrl(), 'api/auth/logout', { method: 'POST', token: res.token, body: {}, schema: z.unknown() }).catch(() => undefined);
        return res.user;
      },
    }),
    'session.signOut': async () => {
      const s = currentSession(store(), now());
      await presence.stop(true); // the board shows the agent signed out, while the token still works
      if (s) {
        await engine().syncNow(); // best effort: leave nothing of this agent's unsent
        await requestJson(fetchImpl, serverUrl(), 'api/auth/logout', { method: 'POST', token: s.token, body: {}, schema: z.unknown() }).catch(() => undefined);
      }
      engine().stop();
      sweep.stop();
      forgetSession(store());
      return null;
    },
    'settings.get': async () => withEffectiveUrl(readSettings(db, db ? locale : languageWhileClosed ?? locale), serverUrl(), secretBox),
    'settings.update': async (patch) => {
      // The sign-in screen's language, before an agent's password opens the data: kept until it does.
      if (!db && !storeError && patch.language && Object.keys(patch).length === 1) {
        languageWhileClosed = patch.language;
        return withEffectiveUrl(readSettings(null, patch.language), serverUrl(), secretBox);
      }
      if (patch.serverUrl !== undefined && config.pinnedServerUrl) {
        throw new ApiError('VALIDATION', 'The central server URL is set by FAIRLINE_SERVER_URL and cannot be changed here', [
          { path: 'serverUrl', message: 'Set by FAIRLINE_SERVER_URL' },
        ]);
      }
      updateSettings(store(), locale, patch, secretBox);
      return withEffectiveUrl(readSettings(db, locale), serverUrl(), secretBox);
    },
    'sip.account': async () => sipAccount(db, locale, secretBox),
    'agent.status': async () => {
      const s = requireSession(store(), now());
      return latestEvent(store(), s.user.id, 'agent.status')?.status ?? { state: 'available' };
    },
    'agent.setStatus': async (status) => {
      logEvent(null, { type: 'agent.status', status });
      presence.statusChanged(status);
      return status;
    },
    'sync.status': async () => ({ ...engine().status(), queueVersion: queue.version }),
    'sync.now': async () => {
      requireSession(store(), now());
      return { ...(await engine().syncNow()), queueVersion: queue.version };
    },
    'queue.page': async ({ filter, offset, limit }) => {
      requireSession(store(), now());
      return queuePages.page(filter, offset, limit, localDate(now()));
    },
    'account.get': async ({ accountId }) => {
      requireSession(store(), now());
      return messaging.withMessages(detailOf(accountId));
    },
    'queue.next': async ({ skip }) => {
      requireSession(store(), now());
      // The sweep keeps calling windows and caps in the ranking, but the gate has the final say
      // on the account handed over: one refused since the sweep leaves the list until it opens,
      // and one request checks a bounded number so a night-time queue never hangs the console.
      const tried = new Set(skip);
      for (let checked = 0; checked < NEXT_ACCOUNT_GATE_CHECKS; checked++) {
        const best = queue.next(tried);
        if (!best) return null;
        const answer = gateForQueue([best.accountId]);
        if (!answer.get(best.accountId)) return explanation(best.accountId);
        queue.setGateBlocks(answer);
        tried.add(best.accountId);
      }
      return null;
    },
    'call.logAttempt': async (input) => {
      requireSession(store(), now());
      const recorded = input.recordingDurationMs === null ? null : await recordings.finish(input.callId);
      const { accountId, recordingDurationMs, ...call } = input;
      // A pull may have taken the account away during the call: the call is still logged, with what is known.
      const local = accountId && call.phoneId && store().prepare('SELECT 1 FROM accounts WHERE id = ?').get(accountId) !== undefined;
      const phone = local ? detailOf(accountId).phones.find((p) => p.id === call.phoneId) : undefined;
      // The recording is queued for upload in the event's transaction: never one without the other.
      const event = store().transaction(() => {
        const logged = logEvent(accountId, {
          type: 'call.attempt', ...call, partyId: phone?.partyId ?? null,
          recording: recorded ? { file: recorded.file, sha256: recorded.sha256, durationMs: recordingDurationMs ?? 0 } : null,
        });
        if (recorded) queueUpload(store(), { sha256: recorded.sha256, kind: 'recording', file: recorded.file, bytes: recorded.bytes, eventId: logged.id });
        return logged;
      })();
      return { eventId: event.id, recording: recorded ? { sha256: recorded.sha256, bytes: recorded.bytes } : null };
    },
    'recording.append': async ({ callId, seq, data }) => {
      requireSession(store(), now());
      recordings.append(callId, seq, Buffer.from(data, 'base64'));
      return null;
    },
    'recording.get': async ({ callId }) => {
      requireSession(store(), now());
      const done = await recordings.hash(callId);
      return { data: recordings.read(callId).toString('base64'), sha256: done.sha256 };
    },
    'phone.lookup': async ({ number }) => {
      requireSession(store(), now());
      return phoneMatches(store(), number);
    },
    'script.forAccount': async ({ accountId }) => {
      const session = requireSession(store(), now());
      const tracks = readTalkTracks(store());
      // Before the first pull brings the organisation's talk tracks, the shipped ones serve.
      return callScript(detailOf(accountId), { name: session.user.displayName, staffId: session.user.username }, tracks.length > 0 ? tracks : undefined, packs);
    },
    'wrapup.draft': async () => {
      requireSession(store(), now());
      return readMeta(store(), DRAFT_KEY, WrapUpDraft) ?? null;
    },
    'wrapup.saveDraft': async ({ draft }) => {
      requireSession(store(), now());
      // A save the screen sent late (its debounce) for a wrap-up already logged would bring the
      // draft back after a restart, and the agent could log the same call twice.
      const submitted = readMeta(store(), SUBMITTED_KEY, SubmittedDraft);
      if (draft && submitted && submitted.accountId === draft.accountId && submitted.startedAt === draft.startedAt) return null;
      writeMeta(store(), DRAFT_KEY, draft);
      return null;
    },
    'wrapup.submit': async ({ accountId, form }) => {
      requireSession(store(), now());
      const draft = readMeta(store(), DRAFT_KEY, WrapUpDraft);
      const flaggedBefore = draft?.accountId === accountId ? draft.flaggedPhrases : [];
      try {
        return submitWrapUp(form, {
          detail: detailOf(accountId), now: now(), language: readSettings(db, locale).language, flaggedBefore, packs,
          // Steps count only from the answer this core logged for the call (call-steps.ts).
          answerOf: (callId) => loggedAnswer(store(), accountId, callId),
          trackStartedAt: draft?.accountId === accountId && draft.form.callId === form.callId ? draft.startedAt : null,
          // The outcome and the end of its draft are one transaction: a crash never leaves both.
          log: (body) => store().transaction(() => {
            const event = logEvent(accountId, body);
            if (body.type === 'call.outcome') {
              writeMeta(store(), DRAFT_KEY, null);
              if (draft?.accountId === accountId) writeMeta(store(), SUBMITTED_KEY, { accountId, startedAt: draft.startedAt });
            }
            return event;
          })(),
        });
      } catch (err) {
        // A refused note stays refused: the phrases are remembered with the draft and go with the outcome.
        if (err instanceof ApiError && draft?.accountId === accountId && err.issues?.some((i) => i.path === 'note.phrases')) {
          const phrases = err.issues.find((i) => i.path === 'note.phrases')!.message.split(', ');
          writeMeta(store(), DRAFT_KEY, { ...draft, form, flaggedPhrases: [...new Set([...draft.flaggedPhrases, ...phrases])] });
        }
        throw err;
      }
    },
    'queue.explain': async ({ accountId }) => {
      requireSession(store(), now());
      return explanation(accountId);
    },
    'queue.summary': async () => {
      requireSession(store(), now());
      return queueSummary(store(), queue, packs);
    },
    'callbacks.mine': async () => myCallbacks(store(), requireSession(store(), now()).user.id, now()),
    'day.mine': async ({ tz }) => {
      const session = requireSession(store(), now());
      const mine = myDay(store(), session.user.id, now(), tz);
      return { ...mine, team: await teamDayFromServer({ fetch: fetchImpl, serverUrl, token: session.token }, tz) };
    },
    'visits.route': async ({ date }) => {
      requireSession(store(), now());
      return visits.route(date);
    },
    'visits.checkIn': async (input) => {
      requireSession(store(), now());
      return visits.checkIn(input);
    },
    'files.stage': async ({ uploadId, offset, data }) => {
      requireSession(store(), now());
      return staging.append({ uploadId, offset, data: Buffer.from(data, 'base64') });
    },
    'visits.attachPhoto': async (input) => {
      requireSession(store(), now());
      return visits.attachPhoto(input);
    },
    'visits.checkOut': async (input) => {
      requireSession(store(), now());
      return visits.checkOut(input);
    },
    'presence.report': async (report) => {
      requireSession(store(), now());
      presence.setReport(report); // ignored unless the user is a collector or field agent
      // On a softphone call the phone is registered: if its address has not reached the server
      // in this sign-in (offline at registration), it goes now.
      if (report.callId && !monitor.addressReported()) void monitor.reportAddress().catch(() => undefined);
      return null;
    },
    'transfer.directory': async () => {
      const s = requireSession(store(), now());
      return transferDirectory({ fetch: fetchImpl, serverUrl, token: () => s.token });
    },
    'board.snapshot': async () => {
      requireLead();
      return presence.snapshot();
    },
    'monitor.start': async ({ agentId, mode }) => {
      requireLead();
      return monitor.start(agentId, mode);
    },
    'monitor.admit': async (req) => {
      requireSession(store(), now());
      return monitor.admit(req);
    },
    'monitor.registered': async () => {
      requireSession(store(), now());
      return monitor.reportAddress();
    },
    'monitor.mode': async ({ sessionId, mode }) => {
      requireSession(store(), now());
      monitor.mode(sessionId, mode);
      return null;
    },
    'monitor.end': async ({ sessionId }) => {
      requireSession(store(), now());
      monitor.end(sessionId);
      return null;
    },
    'board.figures': async ({ date, tz }) => {
      const s = requireLead();
      const query = new URLSearchParams({ tz, ...(date ? { date } : {}) });
      return requestJson(fetchImpl, serverUrl(), `api/board/figures?${query}`, { token: s.token, schema: BoardFiguresResponse, timeoutMs: 30_000 });
    },
    'reports.get': async (req) => fetchReport({ fetch: fetchImpl, serverUrl, token: requireLead().token }, req),
    'ladder.preview': async (req) => fetchLadderPreview({ fetch: fetchImpl, serverUrl, token: requireLead().token }, req),
    'board.stepTitles': async ({ trackIds }) => {
      requireLead();
      return stepTitlesOf(readTalkTracks(store()), trackIds);
    },
    'review.calls': async (filter) => review.calls(filter),
    'review.call': async ({ callId }) => review.call(callId),
    'review.submit': async ({ callId, score, comment }) => review.submit(callId, { score, comment }),
    'review.recording': async ({ sha256 }) => review.recording(sha256),
    'messages.catalogue': async ({ accountId }) => messaging.catalogue(accountId),
    'messages.preview': async (draft) => messaging.preview(draft),
    'messages.send': async (req) => messaging.send(req),
    'messages.account': async ({ accountId }) => messaging.account(accountId),
    'letters.issue': async (req) => messaging.letters.issue(req),
    'letters.account': async ({ accountId }) => messaging.letters.account(accountId),
    'letters.pdf': async ({ letterId }) => messaging.letters.pdf(letterId),
    'complaints.raise': async (req) => complaints.raise(req),
    'complaints.list': async (query) => complaints.list(query),
    'complaints.escalate': async (req) => complaints.escalate(req),
    'complaints.resolve': async (req) => complaints.resolve(req),
    'account.opened': async (opening) => {
      requireSession(store(), now());
      return { logged: accountViews.opened(opening) };
    },
  };

  open();
  return {
    // Debtor data is refused while the console is locked or offline too long (security/console-lock.ts).
    handlers: security.guard(handlers),
    info,
    screensOpen: (open) => presence.screensOpen(open),
    lock: (reason) => security.lock.lock(reason),
    close() {
      void presence.stop(false);
      sync?.stop();
      sweep.stop();
      recordings.closeAll();
      security.vault.close();
      db?.close();
      db = null;
    },
  };
}

/** The database file in use: the default, unless the agent chose to start a fresh one. */
function currentDatabaseFile(dataDir: string): string {
  const pointer = join(dataDir, POINTER);
  if (existsSync(pointer)) {
    try {
      const parsed = Pointer.safeParse(JSON.parse(readFileSync(pointer, 'utf8')));
      if (parsed.success) return parsed.data.file;
    } catch {
      // An unreadable pointer falls back to the default file.
    }
  }
  return join(dataDir, DEFAULT_DB);
}
