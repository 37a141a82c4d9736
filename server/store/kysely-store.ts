// The ServerStore over Kysely, shared by both databases: the dialect, pragmas, type parsing and
// connection handling live in sqlite.ts and postgres.ts, and every query runs unchanged on
// both (ON CONFLICT, RETURNING and isolation levels mean the same, or are harmless, on each).
// This class only puts the parts together; each domain's queries live in their own file:
// users-store.ts (teams, users, devices, sessions), accounts-store.ts (accounts, holds, the
// assignments bucket), events-store.ts and arrival.ts (pushes, violations), compliance-store.ts,
// talktrack-store.ts, routes-store.ts, board-store.ts, blob-store.ts, review-store.ts,
// monitor-store.ts, presence-time-store.ts.
//
// Concurrency (it matters on PostgreSQL, where requests really run in parallel; SQLite runs one
// transaction at a time on its single connection):
// - Account versions are handed out under one lock, the `counters` row, taken as the first
//   statement of every transaction that changes accounts (kysely-helpers.ts changeAccounts).
//   Versions therefore commit in the order they were handed out, and a pull cursor can never
//   pass a version that commits later. Taking it first, always, also means no two such
//   transactions can wait on each other.
// - A push locks its device's cursor row first, so pushes from one device run one after the
//   other and pushes from different devices never wait on each other. On PostgreSQL the push
//   is one statement that takes the lock inside it, and falls back to lock-then-statement when
//   another push of the device committed while it waited (push-postgres.ts explains why).
import type { Kysely } from 'kysely';
import type { AccountBundle } from '../../shared/domain/portfolio';
import type { ClientEvent } from '../../shared/domain/events';
import { AccountStore } from './accounts-store';
import { AuditStore } from './audit-store';
import { RetentionStore } from './retention-store';
import { BlobStore } from './blob-store';
import { BoardStore } from './board-store';
import { ComplianceStore } from './compliance-store';
import { EventStore } from './events-store';
import { MonitorStore } from './monitor-store';
import { PresenceTimeStore } from './presence-time-store';
import { type CallListFilter, type NewCallReview, ReviewStore } from './review-store';
import { RouteStore } from './routes-store';
import { SecurityStore } from './security-store';
import { MessagingStore } from '../messaging/store';
import { ComplaintsStore } from './complaints-store';
import { ReportsStore } from '../reports/store';
import { IdentityStore } from './identity-store';
import { LadderStore } from './ladder-store';
import { databaseEpoch, deviceCursor } from './sync-state';
import type { Database } from './schema';
import type { BlobChunk, NewHold, NewUser, PushContext, Scope, ServerStore, SessionRecord, StoreCounts, Team, Viewer } from './store';
import { TalkTrackStore } from './talktrack-store';
import { UserStore } from './users-store';

/** How long a server trusts the epoch it read: a promoted replica behind the same address shows within this. */
const EPOCH_CACHE_MS = 5_000;

export class KyselyStore implements ServerStore {
  private readonly users: UserStore;
  private readonly accounts: AccountStore;
  private readonly events: EventStore;
  private readonly compliance: ComplianceStore;
  private readonly tracks: TalkTrackStore;
  private readonly routes: RouteStore;
  private readonly board: BoardStore;
  private readonly blobs: BlobStore;
  private readonly reviews: ReviewStore;
  /** Listen / whisper / barge: monitor-store.ts. */
  readonly monitor: MonitorStore;
  /** The live board's time in each state: presence-time-store.ts. */
  readonly presenceTimes: PresenceTimeStore;
  /** Security events and the administrator's levers on users, sessions, devices: security-store.ts. */
  readonly security: SecurityStore;
  /** Texts and emails: server/messaging/store.ts. */
  readonly messaging: MessagingStore;
  /** Complaints: complaints-store.ts. */
  readonly complaints: ComplaintsStore;
  /** Reports: server/reports/store.ts. */
  readonly reports: ReportsStore;
  /** Identity checks on file: identity-store.ts. */
  readonly identity: IdentityStore;
  /** The stage ladder: ladder-store.ts. */
  readonly ladder: LadderStore;
  /** The audit chain and the read-access log: audit-store.ts. */
  readonly audit: AuditStore;
  /** Retention per pack, legal holds, the purge: retention-store.ts. */
  readonly retention: RetentionStore;

  /** `blobDir`: where uploaded files are kept (blob-store.ts; open.ts picks it). */
  constructor(private readonly db: Kysely<Database>, blobDir: string) {
    this.users = new UserStore(db);
    this.accounts = new AccountStore(db);
    this.events = new EventStore(db, (scope, ids) => this.accounts.accountsOutOfScope(scope, ids));
    this.compliance = new ComplianceStore(db);
    this.tracks = new TalkTrackStore(db);
    this.routes = new RouteStore(db);
    this.board = new BoardStore(db);
    this.blobs = new BlobStore(db, blobDir);
    this.reviews = new ReviewStore(db);
    this.monitor = new MonitorStore(db);
    this.presenceTimes = new PresenceTimeStore(db);
    this.security = new SecurityStore(db);
    this.messaging = new MessagingStore(db);
    this.complaints = new ComplaintsStore(db);
    this.reports = new ReportsStore(db);
    this.identity = new IdentityStore(db);
    this.ladder = new LadderStore(db);
    this.audit = new AuditStore(db);
    this.retention = new RetentionStore(db, blobDir);
  }

  // Teams, users, devices, sessions: users-store.ts.
  createTeam(team: Team, at: string) { return this.users.createTeam(team, at); }
  findTeamByName(name: string) { return this.users.findTeamByName(name); }
  createUser(user: NewUser, at: string) { return this.users.createUser(user, at); }
  findUserByUsername(username: string) { return this.users.findUserByUsername(username); }
  getUser(id: string) { return this.users.getUser(id); }
  addTeamLead(userId: string, teamId: string) { return this.users.addTeamLead(userId, teamId); }
  signInDevice(deviceId: string, userId: string, secretHash: string | undefined, at: string) { return this.users.signInDevice(deviceId, userId, secretHash, at); }
  touchDevice(deviceId: string, userId: string, at: string) { return this.users.touchDevice(deviceId, userId, at); }
  getDevice(id: string) { return this.users.getDevice(id); }
  createSession(session: SessionRecord) { return this.users.createSession(session); }
  findSession(tokenHash: string) { return this.users.findSession(tokenHash); }
  deleteSession(tokenHash: string) { return this.users.deleteSession(tokenHash); }
  deleteExpiredSessions(userId: string, now: string) { return this.users.deleteExpiredSessions(userId, now); }

  // Accounts: accounts-store.ts.
  insertAccounts(bundles: readonly AccountBundle[], at: string) { return this.accounts.insertAccounts(bundles, at); }
  getAccount(id: string) { return this.accounts.getAccount(id); }
  findAccountByRef(ref: string) { return this.accounts.findAccountByRef(ref); }
  assignAccount(accountId: string, to: { assignedTo: string | null; teamId: string | null }, at: string) { return this.accounts.assignAccount(accountId, to, at); }
  setHold(hold: NewHold, at: string) { return this.accounts.setHold(hold, at); }
  liftHold(holdId: string, at: string) { return this.accounts.liftHold(holdId, at); }
  recordPayment(payment: { id: string; accountId: string; amountMinor: number; paidAt: string; note: string }, at: string) { return this.accounts.recordPayment(payment, at); }
  pullAccounts(viewer: Viewer, cursor: number, limit: number) { return this.accounts.pullAccounts(viewer, cursor, limit); }
  accountsOutOfScope(scope: Scope, accountIds: readonly string[]) { return this.accounts.accountsOutOfScope(scope, accountIds); }

  // Pushed events and violations: events-store.ts.
  pushEvents(push: PushContext, events: readonly ClientEvent[]) { return this.events.pushEvents(push, events); }
  notePull(deviceId: string, at: string) { return this.events.notePull(deviceId, at); }
  async syncState(deviceId: string) {
    // The epoch is asked for by every console every sync run; it only changes when the database does.
    if (!this.epoch || this.epoch.until < Date.now()) this.epoch = { value: await databaseEpoch(this.db), until: Date.now() + EPOCH_CACHE_MS };
    return { epoch: this.epoch.value, lastSeq: await deviceCursor(this.db, deviceId) };
  }
  private epoch: { value: string; until: number } | null = null;
  listViolations(viewer: Viewer, limit: number) { return this.events.listViolations(viewer, limit); }
  violationsForEvents(eventIds: readonly string[]) { return this.events.violationsForEvents(eventIds); }

  // Compliance bucket and policies: compliance-store.ts.
  pullCompliance(viewer: Viewer, cursor: number, limit: number) { return this.compliance.pullCompliance(viewer, cursor, limit); }
  setPolicy(packId: string, overrides: unknown, at: string) { return this.compliance.setPolicy(packId, overrides, at); }
  clearPolicy(packId: string, at: string) { return this.compliance.clearPolicy(packId, at); }
  listPolicies() { return this.compliance.listPolicies(); }
  compactSyncLog(before: string) { return this.compliance.compactSyncLog(before); }

  // Talk tracks: talktrack-store.ts.
  pullTalkTracks(cursor: number, limit: number) { return this.tracks.pullTalkTracks(cursor, limit); }
  addTalkTrack(track: { id: string; version: number; locale: string; pack: string; kind: string; title: string }, body: unknown, at: string) {
    return this.tracks.addTalkTrack(track, body, at);
  }
  listTalkTracks() { return this.tracks.listTalkTracks(); }
  activeTalkTrack(id: string) { return this.tracks.activeTalkTrack(id); }

  // Visit routes: routes-store.ts.
  setRoute(agentId: string, date: string, accountIds: readonly string[], at: string) { return this.routes.setRoute(agentId, date, accountIds, at); }
  listRoutes(agentId: string) { return this.routes.listRoutes(agentId); }
  pullRoutes(viewer: Viewer, cursor: number, limit: number) { return this.routes.pullRoutes(viewer, cursor, limit); }

  // The live board: board-store.ts.
  boardRoster(viewer: Viewer) { return this.board.boardRoster(viewer); }
  colleagues() { return this.board.colleagues(); }
  boardEvents(userIds: readonly string[], types: readonly string[], from: string, to: string) { return this.board.boardEvents(userIds, types, from, to); }

  // Uploaded files: blob-store.ts.
  blobReference(sha256: string, userId: string) { return this.blobs.reference(sha256, userId); }
  getBlob(sha256: string) { return this.blobs.get(sha256); }
  appendBlob(chunk: BlobChunk) { return this.blobs.append(chunk); }
  readBlob(sha256: string, range?: { start: number; end: number }) { return this.blobs.read(sha256, range); }
  removeAbandonedUploads(before: string) { return this.blobs.removeAbandoned(before); }

  // Call review: review-store.ts.
  listCalls(viewer: Viewer, filter: CallListFilter) { return this.reviews.listCalls(viewer, filter); }
  getCall(viewer: Viewer, callId: string) { return this.reviews.getCall(viewer, callId); }
  addCallReview(review: NewCallReview) { return this.reviews.addReview(review); }
  blobAccess(sha256: string, viewer: Viewer) { return this.reviews.blobAccess(sha256, viewer); }
  talkTrackVersion(id: string, version: number) { return this.reviews.talkTrackVersion(id, version); }

  async counts(): Promise<StoreCounts> {
    const tables = ['teams', 'users', 'accounts', 'debts', 'parties', 'phones', 'holds', 'history', 'events', 'violations',
      'talkTracks', 'policies', 'devices', 'deviceCursors', 'sessions'] as const;
    const entries = await Promise.all(tables.map(async (t) => {
      const r = await this.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return [t, Number(r.n)] as const;
    }));
    return Object.fromEntries(entries) as unknown as StoreCounts;
  }

  async close(): Promise<void> {
    await this.audit.close(); // reads logged but not yet written
    await this.db.destroy(); // also closes the underlying connection
  }
}
