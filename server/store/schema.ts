// Row types as Kysely sees them. Column names are snake_case in the database; the store's
// CamelCasePlugin maps them to these camelCase keys. Integer columns declared `bigint` in the
// migrations (money, versions, seqs) come back as JS numbers: better-sqlite3 returns numbers,
// and the PostgreSQL pool has an INT8 parser that does the same (postgres.ts; values stay
// far below 2^53).
import type { Consent, Currency, HistoryKind, HoldKind, PartyKind, PhoneType, Region, Relation, Stage } from '../../shared/domain/portfolio';
import type { Role } from '../../shared/domain/users';

export interface TeamsTable { id: string; name: string; createdAt: string }

export interface UsersTable {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  passwordHash: string;
  createdAt: string;
  /** Set when an administrator disabled the user: no sign-in, no session. */
  disabledAt: string | null;
  /** The agent's SIP address of record: the only target a monitor grant names. */
  sipUri: string | null;
}

export interface TeamLeadsTable { userId: string; teamId: string }

export interface DevicesTable {
  id: string; userId: string | null; firstSeenAt: string; lastSeenAt: string;
  /** SHA-256 (hex) of the secret only the device's console holds; null until one was presented. */
  secretHash: string | null;
  revokedAt: string | null;
  skewMs: number | null;
  skewFlaggedAt: string | null;
  /** An administrator asked for the console to hand in what it holds and wipe itself (migration 0013). */
  wipeRequestedAt: string | null;
  /** 'device_revoked' or 'user_disabled'. */
  wipeReason: string | null;
  /** When the console said it had wiped. */
  wipedAt: string | null;
}

export interface SessionsTable {
  tokenHash: string; userId: string; deviceId: string; createdAt: string; expiresAt: string;
  /** 1 when the sign-in proved the device's secret: only such a session pushes for a bound device. */
  deviceBound: number;
  address: string | null;
}

export interface AccountsTable {
  id: string;
  ref: string;
  region: Region;
  currency: Currency;
  debtorName: string;
  address: string;
  province: string;
  postalCode: string;
  timeZone: string;
  assignedTo: string | null;
  teamId: string | null;
  version: number;
  /** The counter value of the last change to the account's holds (the compliance bucket). */
  holdsVersion: number;
  createdAt: string;
  updatedAt: string;
  /** When the account reached its current agent (null: before migration 0009, or unassigned). */
  assignedAt: string | null;
}

/** Identity checks on file (migration 0020): the values, and `onFile` as consoles get it (IdentityOnFile JSON). */
export interface AccountIdentityTable {
  accountId: string;
  dateOfBirth: string | null;
  idLast4: string | null;
  ssnLast4: string | null;
  onFile: string;
  updatedAt: string;
}

export interface DebtsTable {
  id: string;
  accountId: string;
  lender: string;
  product: string;
  principalMinor: number;
  feesMinor: number;
  balanceMinor: number;
  dueDate: string;
  stage: Stage;
}

export interface PartiesTable { id: string; accountId: string; kind: PartyKind; relation: Relation; name: string }

export interface PhonesTable {
  id: string;
  accountId: string;
  partyId: string;
  number: string;
  type: PhoneType;
  consent: Consent;
  timeZone: string | null;
}

export interface HoldsTable {
  id: string;
  accountId: string;
  partyId: string | null;
  phoneId: string | null;
  kind: HoldKind;
  note: string;
  effectiveAt: string;
  liftedAt: string | null;
}

export interface HistoryTable {
  id: string;
  accountId: string;
  at: string;
  kind: HistoryKind;
  actor: string;
  result: string;
  amountMinor: number | null;
  dueDate: string | null;
  note: string;
}

export interface EventsTable {
  id: string;
  deviceId: string;
  seq: number;
  userId: string;
  accountId: string | null;
  deviceTime: string;
  receivedAt: string;
  type: string;
  body: string; // the event body as JSON text
  /** The time arrival checks used: device time when plausible, else receivedAt (docs/sync.md). */
  checkedAt: string | null;
}

export interface DeviceCursorsTable { deviceId: string; lastSeq: number; pulledAt: string | null; pulledSeq: number | null }

export interface CountersTable { name: string; value: number }

export interface PoliciesTable { packId: string; overrides: string; version: number; updatedAt: string }

export interface TalkTracksTable {
  id: string;
  version: number;
  locale: string;
  pack: string;
  kind: string;
  title: string;
  body: string;
  opVersion: number;
  importedAt: string;
}

export interface SyncRemovalsTable { opVersion: number; bucket: string; entityKey: string; removedAt: string }

export interface ViolationsTable {
  eventId: string;
  holdId: string;
  accountId: string;
  userId: string;
  rule: string;
  deviceTime: string;
  foundAt: string;
  reviewedAt: string | null;
}

/** An uploaded file (call recording, visit photo) named by its SHA-256; `storedAt` is set once the bytes matched the name. */
export interface BlobsTable {
  sha256: string;
  kind: 'recording' | 'photo';
  length: number;
  received: number;
  storedAt: string | null;
  uploadedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Which pushed event names which blob: only its user may upload it. */
export interface BlobRefsTable { sha256: string; eventId: string; userId: string; kind: 'recording' | 'photo' }

export interface VisitRoutesTable { agentId: string; routeDate: string; accountIds: string; opVersion: number; updatedAt: string }

export interface PastAssignmentsTable { accountId: string; userId: string | null; teamId: string | null; until: string }

export interface MonitorKeysTable { id: string; privateJwk: string; publicJwk: string; createdAt: string }

export interface MonitorSessionsTable {
  id: string; leadId: string; agentId: string; callId: string; accountId: string | null; mode: string; issuedAt: string; expiresAt: string; usedAt: string | null;
  /** Where the grant sent the lead's call (migration 0011; null for older grants). */
  target: string | null;
  /** The device whose console admitted the grant (migration 0011). */
  usedDeviceId: string | null;
}

/** The SIP address of record an agent's console registered with, once per sign-in (migration 0011). */
export interface MonitorAddressesTable { tokenHash: string; userId: string; deviceId: string; sipUri: string; reportedAt: string }

/** The device that first pushed an event naming a call id: only its events join that call. */
export interface CallOwnersTable { callId: string; deviceId: string; userId: string }

/** Lockouts, refused devices, skewed clocks and admin changes, for leads and admins (migration 0009). */
export interface SecurityEventsTable {
  id: string; at: string; kind: string; actor: string | null; userId: string | null; username: string | null; deviceId: string | null; address: string | null; detail: string;
}

/** Which pushed event names which call (its body's `callId`): the attempt, its wrap-up, monitoring. */
export interface CallEventsTable { callId: string; eventId: string; type: string }

/** A lead's review of a call; appended, never edited. */
export interface CallReviewsTable { id: string; callId: string; eventId: string; reviewerId: string; score: number; comment: string; createdAt: string }

/** Time an agent spent in a presence state within one slice (migration 0008; server/store/presence-time-store.ts). */
export interface PresenceStateTimesTable { agentId: string; sliceStart: string; state: string; ms: number }

export interface Database {
  teams: TeamsTable;
  users: UsersTable;
  teamLeads: TeamLeadsTable;
  devices: DevicesTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  accountIdentity: AccountIdentityTable;
  debts: DebtsTable;
  parties: PartiesTable;
  phones: PhonesTable;
  holds: HoldsTable;
  history: HistoryTable;
  events: EventsTable;
  deviceCursors: DeviceCursorsTable;
  counters: CountersTable;
  policies: PoliciesTable;
  talkTracks: TalkTracksTable;
  syncRemovals: SyncRemovalsTable;
  violations: ViolationsTable;
  blobs: BlobsTable;
  blobRefs: BlobRefsTable;
  visitRoutes: VisitRoutesTable;
  pastAssignments: PastAssignmentsTable;
  callEvents: CallEventsTable;
  callReviews: CallReviewsTable;
  monitorKeys: MonitorKeysTable;
  monitorSessions: MonitorSessionsTable;
  monitorAddresses: MonitorAddressesTable;
  presenceStateTimes: PresenceStateTimesTable;
  callOwners: CallOwnersTable;
  securityEvents: SecurityEventsTable;
}
