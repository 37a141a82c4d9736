// The one interface the HTTP layer, the seed and the admin CLI use to reach storage. One
// implementation over Kysely (kysely-store.ts) runs on SQLite (sqlite.ts) and PostgreSQL
// (postgres.ts); open.ts picks one. The store keeps no clock: callers pass every timestamp,
// so tests control time.
import type { Account, AccountBundle, HistoryEntry, Hold, HoldKind } from '../../shared/domain/portfolio';
import type { ClientEvent } from '../../shared/domain/events';
import type { Readable } from 'node:stream';
import type { Role, User } from '../../shared/domain/users';
import type { BlobKind } from '../../shared/sync/protocol';
import type { CallFacts, CallListFilter, CallReviewRecord, CallRow, NewCallReview } from './review-store';
import type { MonitorStore } from './monitor-store';
import type { PresenceTimeStore } from './presence-time-store';
import type { SecurityStore } from './security-store';
import type { AuditStore } from './audit-store';
import type { RetentionStore } from './retention-store';
import type { MessagingStore } from '../messaging/store';
import type { ComplaintsStore } from './complaints-store';
import type { ReportsStore } from '../reports/store';
import type { IdentityStore } from './identity-store';
import type { LadderStore } from './ladder-store';

export interface Team { id: string; name: string }

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  passwordHash: string;
}

/** A user as found for sign-in: the public record plus the stored password hash. */
export interface UserWithSecret extends User { passwordHash: string; disabledAt: string | null }

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  deviceId: string;
  createdAt: string;
  expiresAt: string;
  /** The sign-in proved the device's secret (or the device has none bound); default true when created. */
  deviceBound?: boolean;
  /** The client address at sign-in. */
  address?: string | null;
}

export interface NewHold {
  id: string;
  accountId: string;
  kind: HoldKind;
  note: string;
  partyId?: string | null;
  phoneId?: string | null;
  effectiveAt: string;
}

/** Who is pulling: decides which accounts are visible. */
export interface Viewer {
  id: string;
  role: Role;
  /**
   * The device a pull is made from: the pull is refused (StoreError 'forbidden') when that device
   * was revoked or asked to wipe itself, checked within the pull's first statement (pull-gate.ts).
   */
  pullingDevice?: string;
}

export interface PullPage {
  accounts: AccountBundle[];
  /** The version of the last account on this page (or the cursor given when empty). */
  cursor: number;
  hasMore: boolean;
  /** Every account visible to the viewer, on the last page only. */
  assignedIds: string[] | null;
}

/** One page of the compliance bucket, as the store reads it (see CompliancePage in shared/sync/protocol.ts). */
export interface CompliancePageData {
  cursor: number;
  hasMore: boolean;
  reset: boolean;
  holds: { accountId: string; holds: Hold[] }[];
  policies: PolicyRecord[];
  removedPolicies: string[];
  keepPolicies: string[] | null;
}

export interface PolicyRecord { packId: string; overrides: unknown; version: number; updatedAt: string }

export interface TalkTrackRecord {
  id: string;
  version: number;
  locale: string;
  pack: string;
  kind: string;
  title: string;
  importedAt: string;
  opVersion: number;
}

export interface TalkTrackPageData {
  cursor: number;
  hasMore: boolean;
  reset: boolean;
  tracks: { id: string; version: number; track: unknown }[];
  keepTracks: string[] | null;
}

/** A field agent's visits for one of their days, in visiting order. */
export interface RouteRecord { agentId: string; date: string; accountIds: string[]; version: number; updatedAt: string }

/** One page of the routes bucket: the viewer's routes changed after `cursor`, whole. */
export interface RoutePageData { cursor: number; hasMore: boolean; reset: boolean; routes: RouteRecord[] }

/**
 * What the server holds of an uploaded file, named by the SHA-256 of its bytes (docs/sync.md
 * "Uploads"). `received` bytes from the start are on disk; `storedAt` is set once all `length`
 * of them hashed to the name.
 */
export interface BlobRecord {
  sha256: string;
  kind: BlobKind;
  length: number;
  received: number;
  storedAt: string | null;
  uploadedBy: string;
  createdAt: string;
}

/** One chunk of a blob: `data` goes at `offset` of a file of `length` bytes. */
export interface BlobChunk { sha256: string; kind: BlobKind; userId: string; offset: number; length: number; data: Buffer; at: string }

/**
 * What became of a chunk. appended: written (and, when it completed the file, verified and
 * stored: `blob.storedAt`); already_stored: nothing to do; wrong_offset: not written, resume
 * from `blob.received`; wrong_length: the upload was started with another length (a chunk at
 * offset 0 starts it again); hash_mismatch: the complete file did not hash to its name and was
 * discarded.
 */
export type BlobAppendResult =
  | { outcome: 'appended' | 'already_stored' | 'wrong_offset' | 'wrong_length'; blob: BlobRecord }
  | { outcome: 'hash_mismatch'; actual: string };

export interface DeviceRecord {
  id: string; userId: string | null; firstSeenAt: string; lastSeenAt: string; lastSeq: number;
  /** A console's secret is bound to the id: only sessions that proved it push for it. */
  bound: boolean;
  revokedAt: string | null;
}

/** Who pushes, from where, and when the server received it. */
export interface PushContext {
  deviceId: string;
  user: Scope;
  /** The session proved the device's secret at sign-in (or the device had none then). */
  sessionBound: boolean;
  receivedAt: string;
}

/** A device time found outside what the server knows of when the event can have been made. */
export interface SkewFinding {
  /** The event furthest off, its device time, and by how much (ms; positive: ahead). */
  eventId: string;
  deviceTime: string;
  offMs: number;
  /** Events of the push judged at their receive time instead. */
  implausible: number;
}

export interface PushStored {
  lastSeq: number;
  /** Violations this push found (none for events already stored). */
  violations: ViolationRecord[];
  skew: SkewFinding | null;
  /** The device as it stood before the push; null when the server had never seen it. */
  device: { lastSeenAt: string; skewFlaggedAt: string | null } | null;
}

export type PushRefusal = { refused: 'revoked' | 'unproven' | 'other_user' } | { refused: 'outside'; accountIds: string[] };

export type PushOutcome = PushStored | PushRefusal;

export interface ViolationRecord {
  eventId: string;
  eventType: string;
  accountId: string;
  accountRef: string | null;
  teamId: string | null;
  userId: string;
  holdId: string;
  holdKind: HoldKind;
  rule: string;
  deviceTime: string;
  foundAt: string;
}

/** An agent as the live board lists them. */
export interface BoardAgent { id: string; displayName: string; teamId: string | null }

/** A pushed event read back for the board's figures, with its account's currency. */
export interface BoardEventRow { id: string; userId: string; accountId: string | null; deviceTime: string; type: string; body: string; currency: string | null }

/** Who is asking, with enough to decide which accounts are theirs. */
export interface Scope { id: string; role: Role; teamId: string | null }

export interface StoreCounts {
  teams: number;
  users: number;
  accounts: number;
  debts: number;
  parties: number;
  phones: number;
  holds: number;
  history: number;
  events: number;
  violations: number;
  talkTracks: number;
  policies: number;
  devices: number;
  deviceCursors: number;
  sessions: number;
}

export interface ServerStore {
  createTeam(team: Team, at: string): Promise<Team>;
  findTeamByName(name: string): Promise<Team | undefined>;
  createUser(user: NewUser, at: string): Promise<User>;
  findUserByUsername(username: string): Promise<UserWithSecret | undefined>;
  getUser(id: string): Promise<User | undefined>;
  addTeamLead(userId: string, teamId: string): Promise<void>;

  /** Sign-in on a device: binds it to the secret presented first, refuses another (users-store.ts signInDevice). */
  signInDevice(deviceId: string, userId: string, secretHash: string | undefined, at: string): Promise<'bound' | 'mismatch' | 'revoked' | 'legacy' | 'unproven'>;
  /** Records that a device was seen (signed in or pushed), remembering its last user. */
  touchDevice(deviceId: string, userId: string, at: string): Promise<void>;
  createSession(session: SessionRecord): Promise<void>;
  /** The session with its user (undefined when the user is gone). */
  findSession(tokenHash: string): Promise<(SessionRecord & { user: User | undefined }) | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(userId: string, now: string): Promise<number>;

  /** Inserts whole accounts with their children in one transaction, each with a fresh version. */
  insertAccounts(bundles: readonly AccountBundle[], at: string): Promise<void>;
  getAccount(id: string): Promise<AccountBundle | undefined>;
  findAccountByRef(ref: string): Promise<Account | undefined>;
  /** Changes who works an account; bumps its version so the next pull carries it. */
  assignAccount(accountId: string, to: { assignedTo: string | null; teamId: string | null }, at: string): Promise<void>;
  /** Places a hold; bumps the account's version. */
  setHold(hold: NewHold, at: string): Promise<Hold>;
  /** Lifts a hold (no-op if already lifted); bumps the account's version. undefined if unknown. */
  liftHold(holdId: string, at: string): Promise<Hold | undefined>;
  /** Records a payment the lender received (history kind payment); bumps the account so agents get it at their next pull. */
  recordPayment(payment: { id: string; accountId: string; amountMinor: number; paidAt: string; note: string }, at: string): Promise<HistoryEntry>;

  /**
   * A push, checked and stored as one (events-store.ts): refused with nothing written when the
   * device is revoked, bound to a secret this session did not prove, or registered to another
   * user, or when an event names an account outside the user's scope (`refused`). Otherwise the
   * events are stored once (a repeat of a known id at the same device seq is ignored) and the
   * answer is the device's highest contiguous stored seq, recorded in the same transaction. A
   * seq already stored under another event id (or an id stored at another seq) is a forged or
   * corrupted sequence: StoreError 'conflict', nothing written. Each event is stamped with the
   * time arrival checks use (arrival-time.ts); contacts (call.attempt, call.outcome) are checked
   * against the account's holds as of that time, and a breach becomes a violation, returned.
   */
  pushEvents(push: PushContext, events: readonly ClientEvent[]): Promise<PushOutcome>;
  /** A device pulled: its time and cursor bound how old its next events can be (arrival-time.ts). */
  notePull(deviceId: string, at: string): Promise<void>;
  /**
   * The database's epoch (it changes when the server is pointed at a restored database or a
   * promoted replica) and the device's cursor: what a console compares with what it was told
   * before, to notice the store went back in time (sync-state.ts).
   */
  syncState(deviceId: string): Promise<{ epoch: string; lastSeq: number }>;
  /** Accounts visible to the viewer changed after `cursor`, oldest change first. */
  pullAccounts(viewer: Viewer, cursor: number, limit: number): Promise<PullPage>;

  /** Compliance bucket: hold sets of visible accounts and the policies, changed after `cursor`. */
  pullCompliance(viewer: Viewer, cursor: number, limit: number): Promise<CompliancePageData>;
  /** Talk-track bucket: versions imported after `cursor`. */
  pullTalkTracks(cursor: number, limit: number): Promise<TalkTrackPageData>;

  /** Stores a validated talk-track version; a version not newer than the active one is a conflict. */
  addTalkTrack(track: { id: string; version: number; locale: string; pack: string; kind: string; title: string }, body: unknown, at: string): Promise<TalkTrackRecord>;
  /** The newest version of every track, then older ones (id, version descending). */
  listTalkTracks(): Promise<TalkTrackRecord[]>;
  /** The active (highest) version's body of a track, if any. */
  activeTalkTrack(id: string): Promise<unknown>;
  /** Replaces a pack's overrides (already validated with tighten). */
  setPolicy(packId: string, overrides: unknown, at: string): Promise<PolicyRecord>;
  /** Removes a pack's overrides (false if it had none); recorded as a removal in the compliance bucket. */
  clearPolicy(packId: string, at: string): Promise<boolean>;
  listPolicies(): Promise<PolicyRecord[]>;
  /** Drops removal records older than `before`; cursors older than them then get a reset snapshot. */
  compactSyncLog(before: string): Promise<{ removed: number; floors: Record<string, number> }>;

  /**
   * Replaces a field agent's route for a day (an empty list clears it). Accounts not yet assigned
   * to the agent are assigned to them and their team, so they reach the agent's console too.
   * StoreError 'not_found' for an unknown account.
   */
  setRoute(agentId: string, date: string, accountIds: readonly string[], at: string): Promise<RouteRecord>;
  /** The agent's routes, newest day first. */
  listRoutes(agentId: string): Promise<RouteRecord[]>;
  /** Routes bucket: the viewer's routes changed after `cursor`; a cursor from another database gets a reset. */
  pullRoutes(viewer: Viewer, cursor: number, limit: number): Promise<RoutePageData>;

  getDevice(id: string): Promise<DeviceRecord | undefined>;
  /** Of `accountIds`, those that do not exist or are outside the scope's accounts (own, own team, led teams; admin: all). */
  accountsOutOfScope(scope: Scope, accountIds: readonly string[]): Promise<string[]>;
  /** Violations found on arrival, newest first, for the accounts a team lead leads (admin: all). */
  listViolations(viewer: Viewer, limit: number): Promise<ViolationRecord[]>;

  // The live board (server/presence, docs/presence.md).
  /** The teams a lead leads and their agents (collectors and field agents); admin: every team and every agent. */
  boardRoster(viewer: Viewer): Promise<{ teams: Team[]; agents: BoardAgent[] }>;
  /** Every enabled user who takes calls (collectors, field agents, team leads), by name: the transfer directory. */
  colleagues(): Promise<(BoardAgent & { role: Role })[]>;
  /** The users' events of `types` whose deviceTime text is in [from, to); device times carry their own offsets, so callers pad the window. */
  boardEvents(userIds: readonly string[], types: readonly string[], from: string, to: string): Promise<BoardEventRow[]>;
  /** The violations recorded for these events. */
  violationsForEvents(eventIds: readonly string[]): Promise<ViolationRecord[]>;

  /** The kind of blob `sha256` is, when an event pushed by `userId` names it (only then may they upload it). */
  blobReference(sha256: string, userId: string): Promise<BlobKind | undefined>;

  /** Listen / whisper / barge: the grant signing key and the log of grants (monitor-store.ts). */
  readonly monitor: MonitorStore;
  /** The live board's time in each presence state, per agent (presence-time-store.ts, docs/presence.md). */
  readonly presenceTimes: PresenceTimeStore;
  /** Security events and the administrator's levers on users, sessions and devices (security-store.ts). */
  readonly security: SecurityStore;
  /** Texts and emails: templates, messages, their events, opt-outs (server/messaging/store.ts). */
  readonly messaging: MessagingStore;
  /** Complaints, their links and events, the SLA (complaints-store.ts, docs/complaints.md). */
  readonly complaints: ComplaintsStore;
  /** Reports' aggregate queries (server/reports/store.ts, docs/reports.md). */
  readonly reports: ReportsStore;
  /** The debtors' identity checks on file (identity-store.ts, shared/domain/identity.ts). */
  readonly identity: IdentityStore;
  /** The stage ladder: policies, stages, moves, treatments (ladder-store.ts, docs/ladder.md). */
  readonly ladder: LadderStore;
  /** The audit chain (verify, head) and the read-access log (audit-store.ts, docs/security.md). */
  readonly audit: AuditStore;
  /** Retention per compliance pack, legal holds and the purge (retention-store.ts, docs/security.md). */
  readonly retention: RetentionStore;
  /** How much of a blob the server holds; undefined when none of it. */
  getBlob(sha256: string): Promise<BlobRecord | undefined>;
  /** Writes a chunk at its offset, one chunk of a blob at a time; verifies and stores the blob when it completes it. */
  appendBlob(chunk: BlobChunk): Promise<BlobAppendResult>;
  /** Forgets uploads not finished and untouched since `before` (ISO time); answers how many (server/jobs/abandoned-uploads.ts). */
  removeAbandonedUploads(before: string): Promise<number>;
  /** A stored (verified) blob's bytes, or bytes `start` to `end` of them (inclusive); undefined until then. */
  readBlob(sha256: string, range?: { start: number; end: number }): Promise<Readable | undefined>;

  // Call review (review-store.ts, docs/server.md "Call review").
  /** Softphone calls of the teams a lead leads (admin: all), newest first; a page of `limit`. */
  listCalls(viewer: Viewer, filter: CallListFilter): Promise<{ calls: CallRow[]; hasMore: boolean }>;
  /** A call and the events its timeline is built from; 'forbidden' when outside the viewer's teams, undefined when no attempt names it. */
  getCall(viewer: Viewer, callId: string): Promise<CallFacts | 'forbidden' | undefined>;
  /** Appends a review (the caller checked the call and the reviewer). */
  addCallReview(review: NewCallReview): Promise<CallReviewRecord>;
  /** Whether `viewer` may download a blob (admin, its uploader, a user whose event names it, a lead of that agent's or account's team). */
  blobAccess(sha256: string, viewer: Viewer): Promise<'allowed' | 'forbidden' | 'unknown'>;
  /** A talk-track version's body as imported; undefined when the server has none. */
  talkTrackVersion(id: string, version: number): Promise<unknown>;

  counts(): Promise<StoreCounts>;
  close(): Promise<void>;
}

/** A store call that failed because the request named something that does not exist or clashes. */
export class StoreError extends Error {
  constructor(readonly reason: 'not_found' | 'conflict' | 'forbidden', message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
