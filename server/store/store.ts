// The one interface the HTTP layer, the seed and the admin CLI use to reach storage. One
// implementation over Kysely (kysely-store.ts) runs on SQLite (sqlite.ts) and PostgreSQL
// (postgres.ts); open.ts picks one. The store keeps no clock: callers pass every timestamp,
// so tests control time.
import type { Account, AccountBundle, Hold, HoldKind } from '../../shared/domain/portfolio';
import type { ClientEvent } from '../../shared/domain/events';
import type { Role, User } from '../../shared/domain/users';

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
export interface UserWithSecret extends User { passwordHash: string }

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  deviceId: string;
  createdAt: string;
  expiresAt: string;
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
export interface Viewer { id: string; role: Role }

export interface PullPage {
  accounts: AccountBundle[];
  /** The version of the last account on this page (or the cursor given when empty). */
  cursor: number;
  hasMore: boolean;
  /** Every account visible to the viewer, on the last page only. */
  assignedIds: string[] | null;
}

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
}

export interface ServerStore {
  createTeam(team: Team, at: string): Promise<Team>;
  findTeamByName(name: string): Promise<Team | undefined>;
  createUser(user: NewUser, at: string): Promise<User>;
  findUserByUsername(username: string): Promise<UserWithSecret | undefined>;
  getUser(id: string): Promise<User | undefined>;
  addTeamLead(userId: string, teamId: string): Promise<void>;

  /** Records that a device was seen (signed in or pushed), remembering its last user. */
  touchDevice(deviceId: string, userId: string, at: string): Promise<void>;
  createSession(session: SessionRecord): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | undefined>;
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

  /**
   * Stores events once (a repeat of a known id or device seq is ignored) and returns the
   * device's highest contiguous stored seq, recorded in the same transaction.
   */
  pushEvents(deviceId: string, events: readonly ClientEvent[], receivedAt: string): Promise<number>;
  /** Accounts visible to the viewer changed after `cursor`, oldest change first. */
  pullAccounts(viewer: Viewer, cursor: number, limit: number): Promise<PullPage>;

  counts(): Promise<StoreCounts>;
  close(): Promise<void>;
}

/** A store call that failed because the request named something that does not exist or clashes. */
export class StoreError extends Error {
  constructor(readonly reason: 'not_found' | 'conflict', message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
