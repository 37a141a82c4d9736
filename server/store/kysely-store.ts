// The ServerStore over Kysely, shared by both databases: the dialect, pragmas, type parsing and
// connection handling live in sqlite.ts and postgres.ts, and every query here runs unchanged on
// both (ON CONFLICT, RETURNING and isolation levels mean the same, or are harmless, on each).
//
// Concurrency (it matters on PostgreSQL, where requests really run in parallel; SQLite runs one
// transaction at a time on its single connection):
// - Account versions are handed out under one lock, the `counters` row, taken as the first
//   statement of every transaction that changes accounts. Versions therefore commit in the
//   order they were handed out, and a pull cursor can never pass a version that commits later.
//   Taking it first, always, also means no two such transactions can wait on each other.
// - A push locks its device's cursor row first, so pushes from one device run one after the
//   other and pushes from different devices never wait on each other.
import {
  type Expression, type ExpressionBuilder, type Kysely, PostgresAdapter, type Selectable, type SqlBool, type Transaction, sql,
} from 'kysely';
import type { Account, AccountBundle, HistoryEntry, Hold, HoldKind, PartyKind, PhoneType } from '../../shared/domain/portfolio';
import type { ClientEvent } from '../../shared/domain/events';
import type { User } from '../../shared/domain/users';
import { BlobStore, recordBlobRefs } from './blob-store';
import { type CallListFilter, type NewCallReview, ReviewStore, recordCallRefs } from './review-store';
import { MonitorStore } from './monitor-store';
import { PresenceTimeStore } from './presence-time-store';
import { HISTORY_EVENT_TYPES, historyFromEvent } from './event-history';
import { toAccount, toDebt, toHistory, toHold, toParty, toPhone, toUser } from './rows';
import type { AccountsTable, Database } from './schema';
import {
  type BoardAgent, type BoardEventRow, type CompliancePageData, type DeviceRecord, type NewHold, type NewUser, type PolicyRecord, type PullPage, type Scope,
  type RoutePageData, type RouteRecord, type ServerStore, type SessionRecord, type StoreCounts, StoreError, type TalkTrackPageData, type TalkTrackRecord, type Team,
  type UserWithSecret, type ViolationRecord, type Viewer,
} from './store';
import type { BlobChunk } from './store';

type Db = Kysely<Database> | Transaction<Database>;

// Keeps every statement well under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;
function* chunks<T>(rows: readonly T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/**
 * `events.type` as an expression no index serves (`type || ''`, the same text on both
 * databases), for queries that name accounts: SQLite plans without statistics and, given
 * events_type_time_idx, would read every event of those types on the server rather than the
 * named accounts' events through events_account_idx.
 */
const unindexedType = sql<string>`${sql.ref('events.type')} || ''`;

/** An import of at least this many accounts refreshes PostgreSQL's planner statistics. */
const ANALYZE_AFTER_ACCOUNTS = 1_000;

const partyRank: Record<PartyKind, number> = { debtor: 0, co_debtor: 1, third_party: 2 };
const phoneRank: Record<PhoneType, number> = { mobile: 0, home: 1, work: 2, other: 3 };

/**
 * Takes the version lock until commit (a no-op update locks the row on PostgreSQL, and starts
 * the write on SQLite so busy_timeout applies rather than a failed upgrade from read to write).
 */
async function lockVersions(trx: Transaction<Database>): Promise<void> {
  await trx.updateTable('counters').set((eb) => ({ value: eb.ref('value') })).where('name', '=', 'account_version').execute();
}

/** Hands out `n` consecutive change-counter values and returns the first. Only under lockVersions. */
async function nextVersions(trx: Transaction<Database>, n: number): Promise<number> {
  const row = await trx.updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', n) }))
    .where('name', '=', 'account_version')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - n + 1;
}

/** A new version for the account; a change to its holds also moves it in the compliance bucket. */
async function bumpAccount(trx: Transaction<Database>, accountId: string, at: string, holds = false): Promise<void> {
  const version = await nextVersions(trx, 1);
  await trx.updateTable('accounts').set(holds ? { version, holdsVersion: version, updatedAt: at } : { version, updatedAt: at })
    .where('id', '=', accountId).execute();
}

/** Contacts an active hold of these kinds forbids, whoever answers. */
const ACCOUNT_HOLDS = new Set<HoldKind>(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased']);

/** A transaction that changes accounts: the version lock is always its first statement. */
function changeAccounts<T>(db: Kysely<Database>, change: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await lockVersions(trx);
    return change(trx);
  });
}

/**
 * A read that must see one moment: the page, its children and the visible ids. SQLite's
 * transactions are serializable already and Kysely's SQLite driver ignores the level.
 */
function snapshot<T>(db: Kysely<Database>, read: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').execute(read);
}

function visibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'accounts'>): Expression<SqlBool> => {
    switch (viewer.role) {
      case 'admin':
        return sql<SqlBool>`1 = 1`;
      case 'team_lead':
        return eb.or([
          eb('accounts.assignedTo', '=', viewer.id),
          eb('accounts.teamId', 'in',
            eb.selectFrom('teamLeads').select('teamLeads.teamId').where('teamLeads.userId', '=', viewer.id)),
        ]);
      default:
        return eb('accounts.assignedTo', '=', viewer.id);
    }
  };
}

export class KyselyStore implements ServerStore {
  private readonly blobs: BlobStore;
  private readonly reviews: ReviewStore;
  /** Listen / whisper / barge: monitor-store.ts. */
  readonly monitor: MonitorStore;
  /** The live board's time in each state: presence-time-store.ts. */
  readonly presenceTimes: PresenceTimeStore;

  /** `blobDir`: where uploaded files are kept (blob-store.ts; open.ts picks it). */
  constructor(private readonly db: Kysely<Database>, blobDir: string) {
    this.blobs = new BlobStore(db, blobDir);
    this.reviews = new ReviewStore(db);
    this.monitor = new MonitorStore(db);
    this.presenceTimes = new PresenceTimeStore(db);
  }

  async createTeam(team: Team, at: string): Promise<Team> {
    if (await this.findTeamByName(team.name)) throw new StoreError('conflict', `Team "${team.name}" already exists`);
    await this.db.insertInto('teams').values({ id: team.id, name: team.name, createdAt: at }).execute();
    return { id: team.id, name: team.name };
  }

  async findTeamByName(name: string): Promise<Team | undefined> {
    return this.db.selectFrom('teams').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
  }

  async createUser(user: NewUser, at: string): Promise<User> {
    const taken = await this.db.selectFrom('users').select('id').where('username', '=', user.username).executeTakeFirst();
    if (taken) throw new StoreError('conflict', `Username "${user.username}" is taken`);
    await this.db.insertInto('users').values({ ...user, createdAt: at }).execute();
    return toUser({ ...user, createdAt: at });
  }

  async findUserByUsername(username: string): Promise<UserWithSecret | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && { ...toUser(row), passwordHash: row.passwordHash };
  }

  async getUser(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /**
   * The lead's view widens to accounts their consoles' cursors are already past: the team's
   * accounts (and their holds) take new versions, so every console that sees them, the lead's
   * included, gets them at its next pull. A team of 100k accounts is one statement.
   */
  async addTeamLead(userId: string, teamId: string): Promise<void> {
    await changeAccounts(this.db, async (trx) => {
      const added = await trx.insertInto('teamLeads').values({ userId, teamId }).onConflict((oc) => oc.doNothing()).returning('userId').execute();
      if (added.length === 0) return;
      const { n } = await trx.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('teamId', '=', teamId).executeTakeFirstOrThrow();
      if (Number(n) === 0) return;
      const base = await nextVersions(trx, Number(n)) - 1;
      await sql`UPDATE accounts SET version = r.n + ${base}, holds_version = r.n + ${base}
        FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM accounts WHERE team_id = ${teamId}) AS r
        WHERE accounts.id = r.id`.execute(trx);
    });
  }

  async touchDevice(deviceId: string, userId: string, at: string): Promise<void> {
    await this.db.insertInto('devices')
      .values({ id: deviceId, userId, firstSeenAt: at, lastSeenAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ userId, lastSeenAt: at }))
      .execute();
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  async findSession(tokenHash: string): Promise<SessionRecord | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(userId: string, now: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('userId', '=', userId).where('expiresAt', '<=', now)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async insertAccounts(bundles: readonly AccountBundle[], at: string): Promise<void> {
    if (bundles.length === 0) return;
    await changeAccounts(this.db, async (trx) => {
      const first = await nextVersions(trx, bundles.length);
      const accounts = bundles.map((b, i) => ({ ...b.account, version: first + i, holdsVersion: first + i, createdAt: at, updatedAt: at }));
      for (const rows of chunks(accounts)) await trx.insertInto('accounts').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.parties))) await trx.insertInto('parties').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.phones))) await trx.insertInto('phones').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.debts))) await trx.insertInto('debts').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.holds))) await trx.insertInto('holds').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.history))) await trx.insertInto('history').values(rows).execute();
    });
    // A bulk import can grow the tables many times over. Until autovacuum analyzes them (a minute
    // or more later) PostgreSQL plans with the old sizes: pulls read the child tables by
    // sequential scans, five times slower at 100k accounts. SQLite plans without statistics.
    if (bundles.length >= ANALYZE_AFTER_ACCOUNTS && this.db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`ANALYZE accounts, debts, parties, phones, holds, history`.execute(this.db);
    }
  }

  async getAccount(id: string): Promise<AccountBundle | undefined> {
    return snapshot(this.db, async (trx) => {
      const row = await trx.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (await loadBundles(trx, [row]))[0];
    });
  }

  async findAccountByRef(ref: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('ref', '=', ref).executeTakeFirst();
    return row && toAccount(row);
  }

  async assignAccount(accountId: string, to: { assignedTo: string | null; teamId: string | null }, at: string): Promise<void> {
    await changeAccounts(this.db, async (trx) => {
      await rememberAssignment(trx, accountId, at);
      const r = await trx.updateTable('accounts').set({ assignedTo: to.assignedTo, teamId: to.teamId })
        .where('id', '=', accountId).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new StoreError('not_found', `No account ${accountId}`);
      await bumpAccount(trx, accountId, at);
    });
  }

  async setHold(hold: NewHold, at: string): Promise<Hold> {
    return changeAccounts(this.db, async (trx) => {
      const account = await trx.selectFrom('accounts').select('id').where('id', '=', hold.accountId).executeTakeFirst();
      if (!account) throw new StoreError('not_found', `No account ${hold.accountId}`);
      if (hold.phoneId) {
        const phone = await trx.selectFrom('phones').select('id').where('id', '=', hold.phoneId)
          .where('accountId', '=', hold.accountId).executeTakeFirst();
        if (!phone) throw new StoreError('not_found', `No phone ${hold.phoneId} on account ${hold.accountId}`);
      }
      if (hold.partyId) {
        const party = await trx.selectFrom('parties').select('id').where('id', '=', hold.partyId)
          .where('accountId', '=', hold.accountId).executeTakeFirst();
        if (!party) throw new StoreError('not_found', `No party ${hold.partyId} on account ${hold.accountId}`);
      }
      const row = {
        id: hold.id, accountId: hold.accountId, partyId: hold.partyId ?? null, phoneId: hold.phoneId ?? null,
        kind: hold.kind, note: hold.note, effectiveAt: hold.effectiveAt, liftedAt: null,
      };
      await trx.insertInto('holds').values(row).execute();
      await bumpAccount(trx, hold.accountId, at, true);
      return toHold(row);
    });
  }

  async liftHold(holdId: string, at: string): Promise<Hold | undefined> {
    return changeAccounts(this.db, async (trx) => {
      const row = await trx.selectFrom('holds').selectAll().where('id', '=', holdId).executeTakeFirst();
      if (!row) return undefined;
      if (row.liftedAt !== null) return toHold(row);
      await trx.updateTable('holds').set({ liftedAt: at }).where('id', '=', holdId).execute();
      await bumpAccount(trx, row.accountId, at, true);
      return toHold({ ...row, liftedAt: at });
    });
  }

  async recordPayment(payment: { id: string; accountId: string; amountMinor: number; paidAt: string; note: string }, at: string): Promise<HistoryEntry> {
    return changeAccounts(this.db, async (trx) => {
      const account = await trx.selectFrom('accounts').select('id').where('id', '=', payment.accountId).executeTakeFirst();
      if (!account) throw new StoreError('not_found', `No account ${payment.accountId}`);
      const row = {
        id: payment.id, accountId: payment.accountId, at: payment.paidAt, kind: 'payment' as const, actor: 'Lender',
        result: 'received', amountMinor: payment.amountMinor, dueDate: null, note: payment.note,
      };
      await trx.insertInto('history').values(row).execute();
      await bumpAccount(trx, payment.accountId, at);
      return row;
    });
  }

  async pushEvents(deviceId: string, events: readonly ClientEvent[], receivedAt: string): Promise<number> {
    // Inside one batch: the same seq twice with different ids, or one id at two seqs, is forged.
    const bySeq = new Map<number, string>();
    const byId = new Map<string, number>();
    for (const e of events) {
      const seen = bySeq.get(e.seq);
      if ((seen !== undefined && seen !== e.id) || (byId.has(e.id) && byId.get(e.id) !== e.seq)) {
        throw new StoreError('conflict', `Device ${deviceId} sent seq ${e.seq} / event ${e.id} twice with different contents: the device sequence is forged or corrupted`);
      }
      bySeq.set(e.seq, e.id);
      byId.set(e.id, e.seq);
    }
    return this.db.transaction().execute(async (trx) => {
      // First, and in one statement: create or lock the device's cursor row and read it. A
      // second push from the same device waits here until this one commits, then reads the
      // cursor as this one left it; without the lock it could compute from a stale cursor and
      // move it backwards.
      const cursor = await trx.insertInto('deviceCursors').values({ deviceId, lastSeq: 0 })
        .onConflict((oc) => oc.column('deviceId').doUpdateSet((eb) => ({ lastSeq: eb.ref('deviceCursors.lastSeq') })))
        .returning('lastSeq')
        .executeTakeFirstOrThrow();
      const start = Number(cursor.lastSeq);

      const rows = events.map((e) => ({
        id: e.id, deviceId: e.deviceId, seq: e.seq, userId: e.userId, accountId: e.accountId,
        deviceTime: e.deviceTime, receivedAt, type: e.body.type, body: JSON.stringify(e.body),
      })).sort((a, b) => a.seq - b.seq);
      // A repeat (same id at the same device seq) is a retry of something already stored; the
      // same seq under another id, or the same id elsewhere, is not: refuse the whole batch.
      // Inserted first: when every row goes in (nearly always) nothing clashed. A row refused is
      // a repeat or a clash, told apart here; a clash throws, and the transaction rolls back.
      for (const chunk of chunks(rows)) {
        const inserted = new Set((await trx.insertInto('events').values(chunk).onConflict((oc) => oc.doNothing()).returning('id').execute())
          .map((r) => r.id));
        const refused = chunk.filter((r) => !inserted.has(r.id));
        if (refused.length === 0) continue;
        const clash = await trx.selectFrom('events').select(['id', 'deviceId', 'seq'])
          .where((eb) => eb.or([
            eb.and([eb('deviceId', '=', deviceId), eb('seq', 'in', refused.map((r) => r.seq))]),
            eb('id', 'in', refused.map((r) => r.id)),
          ]))
          .execute();
        for (const stored of clash) {
          const mine = chunk.find((r) => r.id === stored.id);
          if (stored.deviceId === deviceId && mine && Number(stored.seq) === mine.seq) continue;
          const seq = Number(stored.seq);
          throw new StoreError('conflict', stored.deviceId === deviceId && !mine
            ? `Device ${deviceId} already stored seq ${seq} as event ${stored.id}; a different event cannot take that seq (forged or corrupted device sequence)`
            : `Event ${stored.id} is already stored as seq ${seq} of device ${stored.deviceId}; it cannot be sent again under another device or seq`);
        }
      }
      await findViolations(trx, events, receivedAt);
      await recordBlobRefs(trx, events);
      await recordCallRefs(trx, events);

      let last = start;
      // Advance over the stored seqs while they are contiguous; a gap stops it until filled.
      for (;;) {
        const next = await trx.selectFrom('events').select('seq').where('deviceId', '=', deviceId)
          .where('seq', '>', last).orderBy('seq').limit(1000).execute();
        let advanced = 0;
        for (const { seq } of next) {
          if (Number(seq) !== last + 1) break;
          last += 1;
          advanced += 1;
        }
        if (advanced < 1000) break;
      }
      if (last !== start) await trx.updateTable('deviceCursors').set({ lastSeq: last }).where('deviceId', '=', deviceId).execute();
      return last;
    });
  }

  async pullAccounts(viewer: Viewer, cursor: number, limit: number): Promise<PullPage> {
    if (cursor > 0) {
      // Most pulls find nothing changed: then one statement (so one moment) answers, the visible
      // ids, which it finds only if the counter is still at the cursor.
      const unchanged = await this.db.selectFrom('accounts').select('id').where(visibleTo(viewer))
        .where((eb) => eb(eb.selectFrom('counters').select('value').where('name', '=', 'account_version'), '=', cursor))
        .orderBy('id').execute();
      if (unchanged.length > 0) return { accounts: [], cursor, hasMore: false, assignedIds: unchanged.map((r) => r.id) };
    }
    return snapshot(this.db, async (trx) => {
      // A cursor beyond anything handed out comes from another (reset) database: start over.
      const counter = await trx.selectFrom('counters').select('value').where('name', '=', 'account_version')
        .executeTakeFirstOrThrow();
      const version = Number(counter.value);
      // A cursor beyond anything handed out comes from another (reset) database: start over.
      const from = cursor > version ? 0 : cursor;
      const rows = await trx.selectFrom('accounts').selectAll()
        .where(visibleTo(viewer))
        .where('version', '>', from)
        .orderBy('version')
        .limit(limit + 1)
        .execute();
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      const accounts = await loadBundles(trx, page);
      const assignedIds = hasMore ? null
        : (await trx.selectFrom('accounts').select('id').where(visibleTo(viewer)).orderBy('id').execute()).map((r) => r.id);
      // The last page moves the cursor up to the counter: in this snapshot every change up to it
      // has committed and was looked at, so the next pull starts at the counter.
      return { accounts, cursor: hasMore ? Number(page.at(-1)!.version) : version, hasMore, assignedIds };
    });
  }


  async pullCompliance(viewer: Viewer, cursor: number, limit: number): Promise<CompliancePageData> {
    if (cursor > 0) {
      // At the counter nothing has changed since (most pulls): nothing to look for.
      const counter = await this.db.selectFrom('counters').select('value').where('name', '=', 'account_version').executeTakeFirst();
      if (Number(counter?.value) === cursor) return { cursor, hasMore: false, reset: false, holds: [], policies: [], removedPolicies: [], keepPolicies: null };
    }
    return snapshot(this.db, async (trx) => {
      const { counter, floor } = await bucketState(trx, 'compliance');
      // A cursor from another database, or older than compacted removals: a reset. The client
      // drops the policies not in keepPolicies and pulls again from 0 (a full snapshot).
      if (cursor > counter || (cursor > 0 && cursor < floor)) {
        const keep = await trx.selectFrom('policies').select('packId').orderBy('packId').execute();
        return { cursor: 0, hasMore: true, reset: true, holds: [], policies: [], removedPolicies: [], keepPolicies: keep.map((r) => r.packId) };
      }
      const [accounts, policies, removals] = await Promise.all([
        trx.selectFrom('accounts').select(['id', 'holdsVersion']).where(visibleTo(viewer)).where('holdsVersion', '>', cursor)
          .orderBy('holdsVersion').limit(limit + 1).execute(),
        trx.selectFrom('policies').selectAll().where('version', '>', cursor).orderBy('version').limit(limit + 1).execute(),
        trx.selectFrom('syncRemovals').selectAll().where('bucket', '=', 'compliance').where('opVersion', '>', cursor)
          .orderBy('opVersion').limit(limit + 1).execute(),
      ]);
      type Entry = { v: number; account?: string; policy?: (typeof policies)[number]; removed?: string };
      const merged: Entry[] = [
        ...accounts.map((a) => ({ v: Number(a.holdsVersion), account: a.id })),
        ...policies.map((p) => ({ v: Number(p.version), policy: p })),
        ...removals.map((r) => ({ v: Number(r.opVersion), removed: r.entityKey })),
      ].sort((x, y) => x.v - y.v);
      const hasMore = merged.length > limit;
      const page = merged.slice(0, limit);
      const ids = page.flatMap((e) => (e.account ? [e.account] : []));
      const holds = ids.length === 0 ? []
        : await trx.selectFrom('holds').selectAll().where('accountId', 'in', ids).orderBy('effectiveAt').orderBy('id').execute();
      const byAccount = new Map<string, Hold[]>(ids.map((id) => [id, []]));
      for (const h of holds) byAccount.get(h.accountId)!.push(toHold(h));
      // A pack cleared and set again: its row is newer than the removal, so only the row is sent.
      const current = new Map((await trx.selectFrom('policies').select(['packId', 'version']).execute()).map((p) => [p.packId, Number(p.version)]));
      return {
        // The last page moves the cursor up to the counter (see pullAccounts).
        cursor: hasMore ? page.at(-1)!.v : counter,
        hasMore,
        reset: false,
        holds: [...byAccount].map(([accountId, list]) => ({ accountId, holds: list })),
        policies: page.flatMap((e) => (e.policy ? [toPolicy(e.policy)] : [])),
        removedPolicies: page.flatMap((e) => (e.removed && !((current.get(e.removed) ?? -1) > e.v) ? [e.removed] : [])),
        keepPolicies: null,
      };
    });
  }

  async pullTalkTracks(cursor: number, limit: number): Promise<TalkTrackPageData> {
    return snapshot(this.db, async (trx) => {
      const { counter, floor } = await bucketState(trx, 'talktracks');
      if (cursor > counter || (cursor > 0 && cursor < floor)) {
        const keep = await trx.selectFrom('talkTracks').select(['id', 'version']).orderBy('id').orderBy('version').execute();
        return { cursor: 0, hasMore: true, reset: true, tracks: [], keepTracks: keep.map((r) => `${r.id}@${r.version}`) };
      }
      const rows = await trx.selectFrom('talkTracks').select(['id', 'version', 'body', 'opVersion']).where('opVersion', '>', cursor)
        .orderBy('opVersion').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      return {
        cursor: page.length > 0 ? Number(page.at(-1)!.opVersion) : cursor,
        hasMore: rows.length > limit,
        reset: false,
        tracks: page.map((r) => ({ id: r.id, version: Number(r.version), track: JSON.parse(r.body) as unknown })),
        keepTracks: null,
      };
    });
  }

  async addTalkTrack(track: { id: string; version: number; locale: string; pack: string; kind: string; title: string }, body: unknown, at: string): Promise<TalkTrackRecord> {
    return changeAccounts(this.db, async (trx) => {
      const active = await trx.selectFrom('talkTracks').select('version').where('id', '=', track.id).orderBy('version', 'desc').limit(1).executeTakeFirst();
      if (active && Number(active.version) >= track.version) {
        throw new StoreError('conflict', `Talk track ${track.id} version ${track.version} is not newer than the active version ${Number(active.version)}`);
      }
      const opVersion = await nextVersions(trx, 1);
      const row = {
        id: track.id, version: track.version, locale: track.locale, pack: track.pack, kind: track.kind, title: track.title,
        body: JSON.stringify(body), opVersion, importedAt: at,
      };
      await trx.insertInto('talkTracks').values(row).execute();
      const { body: _body, ...record } = row;
      return record;
    });
  }

  async listTalkTracks(): Promise<TalkTrackRecord[]> {
    const rows = await this.db.selectFrom('talkTracks').select(['id', 'version', 'locale', 'pack', 'kind', 'title', 'importedAt', 'opVersion'])
      .orderBy('id').orderBy('version', 'desc').execute();
    return rows.map((r) => ({ ...r, version: Number(r.version), opVersion: Number(r.opVersion) }));
  }

  async activeTalkTrack(id: string): Promise<unknown> {
    const row = await this.db.selectFrom('talkTracks').select('body').where('id', '=', id).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row ? JSON.parse(row.body) as unknown : undefined;
  }

  async setPolicy(packId: string, overrides: unknown, at: string): Promise<PolicyRecord> {
    return changeAccounts(this.db, async (trx) => {
      const version = await nextVersions(trx, 1);
      const row = { packId, overrides: JSON.stringify(overrides), version, updatedAt: at };
      await trx.insertInto('policies').values(row)
        .onConflict((oc) => oc.column('packId').doUpdateSet({ overrides: row.overrides, version, updatedAt: at })).execute();
      return toPolicy(row);
    });
  }

  async clearPolicy(packId: string, at: string): Promise<boolean> {
    return changeAccounts(this.db, async (trx) => {
      const r = await trx.deleteFrom('policies').where('packId', '=', packId).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) return false;
      const opVersion = await nextVersions(trx, 1);
      await trx.insertInto('syncRemovals').values({ opVersion, bucket: 'compliance', entityKey: packId, removedAt: at }).execute();
      return true;
    });
  }

  async listPolicies(): Promise<PolicyRecord[]> {
    return (await this.db.selectFrom('policies').selectAll().orderBy('packId').execute()).map(toPolicy);
  }

  async compactSyncLog(before: string): Promise<{ removed: number; floors: Record<string, number> }> {
    return changeAccounts(this.db, async (trx) => {
      const old = await trx.selectFrom('syncRemovals').select(['bucket', (eb) => eb.fn.max('opVersion').as('top'), (eb) => eb.fn.countAll().as('n')])
        .where('removedAt', '<', before).groupBy('bucket').execute();
      let removed = 0;
      for (const { bucket, top, n } of old) {
        await trx.updateTable('counters').set({ value: Number(top) }).where('name', '=', `floor.${bucket}`)
          .where('value', '<', Number(top)).execute();
        removed += Number(n);
      }
      await trx.deleteFrom('syncRemovals').where('removedAt', '<', before).execute();
      const floors = await trx.selectFrom('counters').selectAll().where('name', 'like', 'floor.%').execute();
      return { removed, floors: Object.fromEntries(floors.map((f) => [f.name.slice('floor.'.length), Number(f.value)])) };
    });
  }

  async setRoute(agentId: string, date: string, accountIds: readonly string[], at: string): Promise<RouteRecord> {
    return changeAccounts(this.db, async (trx) => {
      const agent = await trx.selectFrom('users').select(['id', 'teamId']).where('id', '=', agentId).executeTakeFirst();
      if (!agent) throw new StoreError('not_found', `No user ${agentId}`);
      const found = new Map<string, string | null>();
      for (const ids of chunks([...new Set(accountIds)])) {
        const rows = await trx.selectFrom('accounts').select(['id', 'assignedTo']).where('id', 'in', ids).execute();
        for (const r of rows) found.set(r.id, r.assignedTo);
      }
      const missing = accountIds.filter((id) => !found.has(id));
      if (missing.length > 0) throw new StoreError('not_found', `No account ${missing.slice(0, 5).join(', ')}`);
      for (const [id, assignedTo] of found) {
        if (assignedTo === agentId) continue;
        await rememberAssignment(trx, id, at);
        await trx.updateTable('accounts').set({ assignedTo: agentId, teamId: agent.teamId }).where('id', '=', id).execute();
        await bumpAccount(trx, id, at);
      }
      const version = await nextVersions(trx, 1);
      const row = { agentId, routeDate: date, accountIds: JSON.stringify(accountIds), opVersion: version, updatedAt: at };
      await trx.insertInto('visitRoutes').values(row)
        .onConflict((oc) => oc.columns(['agentId', 'routeDate']).doUpdateSet({ accountIds: row.accountIds, opVersion: version, updatedAt: at }))
        .execute();
      return { agentId, date, accountIds: [...accountIds], version, updatedAt: at };
    });
  }

  async listRoutes(agentId: string): Promise<RouteRecord[]> {
    const rows = await this.db.selectFrom('visitRoutes').selectAll().where('agentId', '=', agentId).orderBy('routeDate', 'desc').execute();
    return rows.map(toRoute);
  }

  async pullRoutes(viewer: Viewer, cursor: number, limit: number): Promise<RoutePageData> {
    return snapshot(this.db, async (trx) => {
      const { counter } = await bucketState(trx, 'routes');
      // Routes are replaced, never removed, so only a cursor from another database needs a reset.
      if (cursor > counter) return { cursor: 0, hasMore: true, reset: true, routes: [] };
      const rows = await trx.selectFrom('visitRoutes').selectAll().where('agentId', '=', viewer.id).where('opVersion', '>', cursor)
        .orderBy('opVersion').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      return { cursor: page.length > 0 ? Number(page.at(-1)!.opVersion) : cursor, hasMore: rows.length > limit, reset: false, routes: page.map(toRoute) };
    });
  }

  async getDevice(id: string): Promise<DeviceRecord | undefined> {
    const row = await this.db.selectFrom('devices').leftJoin('deviceCursors', 'deviceCursors.deviceId', 'devices.id')
      .select(['devices.id', 'devices.userId', 'devices.firstSeenAt', 'devices.lastSeenAt', 'deviceCursors.lastSeq'])
      .where('devices.id', '=', id).executeTakeFirst();
    return row && { id: row.id, userId: row.userId, firstSeenAt: row.firstSeenAt, lastSeenAt: row.lastSeenAt, lastSeq: Number(row.lastSeq ?? 0) };
  }

  async accountsOutOfScope(scope: Scope, accountIds: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(accountIds)];
    if (wanted.length === 0) return [];
    const found = new Set<string>();
    for (const ids of chunks(wanted)) {
      const rows = await this.db.selectFrom('accounts').select('id').where('id', 'in', ids)
        .where((eb) => {
          if (scope.role === 'admin') return sql<SqlBool>`1 = 1`;
          const mine = [
            eb('accounts.assignedTo', '=', scope.id),
            eb('accounts.teamId', 'in', eb.selectFrom('teamLeads').select('teamLeads.teamId').where('teamLeads.userId', '=', scope.id)),
          ];
          if (scope.teamId) mine.push(eb('accounts.teamId', '=', scope.teamId));
          // Or theirs (or their team's) before a reassignment: what they did then is still pushed.
          mine.push(eb.exists(eb.selectFrom('pastAssignments').select('pastAssignments.accountId')
            .whereRef('pastAssignments.accountId', '=', 'accounts.id')
            .where((p) => p.or([
              p('pastAssignments.userId', '=', scope.id),
              ...(scope.teamId ? [p('pastAssignments.teamId', '=', scope.teamId)] : []),
            ]))));
          return eb.or(mine);
        })
        .execute();
      for (const r of rows) found.add(r.id);
    }
    return wanted.filter((id) => !found.has(id));
  }

  async listViolations(viewer: Viewer, limit: number): Promise<ViolationRecord[]> {
    let q = this.db.selectFrom('violations')
      .innerJoin('holds', 'holds.id', 'violations.holdId')
      .innerJoin('events', 'events.id', 'violations.eventId')
      .leftJoin('accounts', 'accounts.id', 'violations.accountId')
      .select(['violations.eventId', 'events.type as eventType', 'violations.accountId', 'accounts.ref as accountRef', 'accounts.teamId',
        'violations.userId', 'violations.holdId', 'holds.kind as holdKind', 'violations.rule', 'violations.deviceTime', 'violations.foundAt']);
    if (viewer.role !== 'admin') {
      q = q.where('accounts.teamId', 'in', (eb) => eb.selectFrom('teamLeads').select('teamLeads.teamId').where('teamLeads.userId', '=', viewer.id));
    }
    return q.orderBy('violations.foundAt', 'desc').orderBy('violations.eventId').orderBy('violations.holdId').limit(limit).execute();
  }

  // The live board (server/presence).
  async boardRoster(viewer: Viewer): Promise<{ teams: Team[]; agents: BoardAgent[] }> {
    let teams = this.db.selectFrom('teams').select(['teams.id', 'teams.name']);
    if (viewer.role !== 'admin') {
      teams = teams.where('teams.id', 'in', (eb) => eb.selectFrom('teamLeads').select('teamLeads.teamId').where('teamLeads.userId', '=', viewer.id));
    }
    const found = await teams.orderBy('teams.name').execute();
    if (viewer.role !== 'admin' && found.length === 0) return { teams: [], agents: [] };
    let agents = this.db.selectFrom('users').select(['id', 'displayName', 'teamId']).where('role', 'in', ['collector', 'field_agent']);
    if (viewer.role !== 'admin') agents = agents.where('teamId', 'in', found.map((t) => t.id));
    return { teams: found, agents: await agents.orderBy('displayName').orderBy('id').execute() };
  }

  async boardEvents(userIds: readonly string[], types: readonly string[], from: string, to: string): Promise<BoardEventRow[]> {
    if (userIds.length === 0 || types.length === 0) return [];
    const rows: BoardEventRow[] = [];
    for (const ids of chunks([...new Set(userIds)])) {
      rows.push(...await this.db.selectFrom('events').leftJoin('accounts', 'accounts.id', 'events.accountId')
        .select(['events.id', 'events.userId', 'events.accountId', 'events.deviceTime', 'events.type', 'events.body', 'accounts.currency'])
        .where('events.userId', 'in', ids).where('events.type', 'in', [...types])
        .where('events.deviceTime', '>=', from).where('events.deviceTime', '<', to)
        .execute());
    }
    return rows;
  }

  async violationsForEvents(eventIds: readonly string[]): Promise<ViolationRecord[]> {
    const out: ViolationRecord[] = [];
    for (const chunk of chunks([...new Set(eventIds)])) {
      out.push(...await this.db.selectFrom('violations')
        .innerJoin('holds', 'holds.id', 'violations.holdId')
        .innerJoin('events', 'events.id', 'violations.eventId')
        .leftJoin('accounts', 'accounts.id', 'violations.accountId')
        .select(['violations.eventId', 'events.type as eventType', 'violations.accountId', 'accounts.ref as accountRef', 'accounts.teamId',
          'violations.userId', 'violations.holdId', 'holds.kind as holdKind', 'violations.rule', 'violations.deviceTime', 'violations.foundAt'])
        .where('violations.eventId', 'in', chunk)
        .orderBy('violations.eventId').orderBy('violations.holdId')
        .execute());
    }
    return out;
  }

  // Uploaded files: blob-store.ts.
  blobReference(sha256: string, userId: string) { return this.blobs.reference(sha256, userId); }
  getBlob(sha256: string) { return this.blobs.get(sha256); }
  appendBlob(chunk: BlobChunk) { return this.blobs.append(chunk); }
  readBlob(sha256: string, range?: { start: number; end: number }) { return this.blobs.read(sha256, range); }

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
    await this.db.destroy(); // also closes the underlying connection
  }
}

/** Children for a page of accounts: one query per child table, never one per account. */
async function loadBundles(trx: Db, accounts: readonly Selectable<AccountsTable>[]): Promise<AccountBundle[]> {
  if (accounts.length === 0) return [];
  const ids = accounts.map((a) => a.id);
  const [debts, parties, phones, holds, history] = await Promise.all([
    trx.selectFrom('debts').selectAll().where('accountId', 'in', ids).orderBy('dueDate').orderBy('id').execute(),
    trx.selectFrom('parties').selectAll().where('accountId', 'in', ids).orderBy('name').execute(),
    trx.selectFrom('phones').selectAll().where('accountId', 'in', ids).orderBy('number').execute(),
    trx.selectFrom('holds').selectAll().where('accountId', 'in', ids).orderBy('effectiveAt').orderBy('id').execute(),
    trx.selectFrom('history').selectAll().where('accountId', 'in', ids).orderBy('at').orderBy('id').execute(),
  ]);
  const logged = await trx.selectFrom('events').innerJoin('users', 'users.id', 'events.userId')
    .select(['events.id', 'events.accountId', 'events.deviceTime', 'events.body', 'users.displayName'])
    .where('events.accountId', 'in', ids).where(unindexedType, 'in', [...HISTORY_EVENT_TYPES])
    .orderBy('events.deviceTime').orderBy('events.id').execute();
  const bundles = new Map<string, AccountBundle>(accounts.map((a) => [a.id, {
    account: toAccount(a), debts: [], parties: [], phones: [], holds: [], history: [],
  }]));
  const into = (accountId: string) => bundles.get(accountId)!;
  for (const r of debts) into(r.accountId).debts.push(toDebt(r));
  for (const r of parties) into(r.accountId).parties.push(toParty(r));
  for (const r of phones) into(r.accountId).phones.push(toPhone(r));
  for (const r of holds) into(r.accountId).holds.push(toHold(r));
  for (const r of history) into(r.accountId).history.push(toHistory(r));
  for (const r of logged) into(r.accountId!).history.push(...historyFromEvent({ ...r, accountId: r.accountId! }, r.displayName));
  for (const b of bundles.values()) {
    // Debtor first, then co-debtors, then third parties; each party's phones in that order.
    b.parties.sort((x, y) => partyRank[x.kind] - partyRank[y.kind]);
    const partyOrder = new Map(b.parties.map((p, i) => [p.id, i]));
    b.phones.sort((x, y) => (partyOrder.get(x.partyId)! - partyOrder.get(y.partyId)!) || (phoneRank[x.type] - phoneRank[y.type]));
  }
  return [...bundles.values()];
}

const toPolicy = (r: { packId: string; overrides: string; version: number; updatedAt: string }): PolicyRecord => ({
  packId: r.packId, overrides: JSON.parse(r.overrides) as unknown, version: Number(r.version), updatedAt: r.updatedAt,
});

/** The op counter and the bucket's compaction floor. */
function toRoute(r: Selectable<Database['visitRoutes']>): RouteRecord {
  return { agentId: r.agentId, date: r.routeDate, accountIds: JSON.parse(r.accountIds) as string[], version: Number(r.opVersion), updatedAt: r.updatedAt };
}

/** Keeps the account's current assignment as a past one, before it changes. */
async function rememberAssignment(trx: Transaction<Database>, accountId: string, at: string): Promise<void> {
  const current = await trx.selectFrom('accounts').select(['assignedTo', 'teamId']).where('id', '=', accountId).executeTakeFirst();
  if (!current || (current.assignedTo === null && current.teamId === null)) return;
  await trx.insertInto('pastAssignments').values({ accountId, userId: current.assignedTo, teamId: current.teamId, until: at }).execute();
}

async function bucketState(trx: Db, bucket: string): Promise<{ counter: number; floor: number }> {
  const rows = await trx.selectFrom('counters').selectAll().where('name', 'in', ['account_version', `floor.${bucket}`]).execute();
  const value = (name: string) => Number(rows.find((r) => r.name === name)?.value ?? 0);
  return { counter: value('account_version'), floor: value(`floor.${bucket}`) };
}

interface Contact { event: ClientEvent; phoneId: string | null; partyId: string | null; number: string | null }

/** The contacts in a batch: outbound call attempts, and call outcomes not closing an inbound call. */
function contactsOf(events: readonly ClientEvent[], inboundCalls: ReadonlySet<string>): Contact[] {
  const contacts: Contact[] = [];
  for (const event of events) {
    if (!event.accountId) continue;
    const b = event.body;
    if (b.type === 'call.attempt' && b.direction === 'outbound') contacts.push({ event, phoneId: b.phoneId, partyId: b.partyId, number: b.number });
    if (b.type === 'call.outcome' && !(b.callId && inboundCalls.has(b.callId))) contacts.push({ event, phoneId: b.phoneId, partyId: b.partyId, number: null });
  }
  return contacts;
}

/**
 * Re-checks each contact against the account's holds as they stood at the event's device time,
 * and records a violation per breached hold. Idempotent: a violation is keyed by (event, hold).
 */
async function findViolations(trx: Transaction<Database>, events: readonly ClientEvent[], foundAt: string): Promise<void> {
  const calls = events.filter((e) => e.accountId && (e.body.type === 'call.attempt' || e.body.type === 'call.outcome'));
  if (calls.length === 0) return;
  const inbound = new Set(calls.flatMap((e) => (e.body.type === 'call.attempt' && e.body.direction === 'inbound' ? [e.body.callId] : [])));
  const accountIds = [...new Set(calls.map((e) => e.accountId!))];
  // Outcomes of calls whose attempt is not in this batch: an outcome closing an inbound call is
  // not a contact we made, so look for that attempt among those pushed earlier. (Usually the
  // attempt comes with its outcome, and nothing is read.)
  const attempted = new Set(calls.flatMap((e) => (e.body.type === 'call.attempt' ? [e.body.callId] : [])));
  const unmatched = calls.filter((e) => e.body.type === 'call.outcome' && e.body.callId && !attempted.has(e.body.callId));
  if (unmatched.length > 0) {
    const earlier = await trx.selectFrom('events').select('body').where('accountId', 'in', [...new Set(unmatched.map((e) => e.accountId!))])
      .where(unindexedType, '=', 'call.attempt').execute();
    for (const { body } of earlier) {
      const b = JSON.parse(body) as { callId?: string; direction?: string };
      if (b.direction === 'inbound' && b.callId) inbound.add(b.callId);
    }
  }
  const contacts = contactsOf(calls, inbound);
  if (contacts.length === 0) return;
  const holds = await trx.selectFrom('holds').leftJoin('phones', 'phones.id', 'holds.phoneId')
    .select(['holds.id', 'holds.accountId', 'holds.partyId', 'holds.phoneId', 'holds.kind', 'holds.effectiveAt', 'holds.liftedAt', 'phones.number'])
    .where('holds.accountId', 'in', accountIds).execute();
  const rows: { eventId: string; holdId: string; accountId: string; userId: string; rule: string; deviceTime: string; foundAt: string }[] = [];
  for (const c of contacts) {
    const at = Date.parse(c.event.deviceTime);
    for (const h of holds) {
      if (h.accountId !== c.event.accountId) continue;
      const active = Date.parse(h.effectiveAt) <= at && (h.liftedAt === null || Date.parse(h.liftedAt) > at);
      if (!active) continue;
      let breached = false;
      if (ACCOUNT_HOLDS.has(h.kind)) breached = h.partyId === null || c.partyId === null || h.partyId === c.partyId;
      else if (h.kind === 'do_not_call') breached = (h.phoneId !== null && h.phoneId === c.phoneId) || (h.number !== null && h.number === c.number);
      if (!breached) continue;
      rows.push({ eventId: c.event.id, holdId: h.id, accountId: h.accountId, userId: c.event.userId, rule: `hold.${h.kind}`, deviceTime: c.event.deviceTime, foundAt });
    }
  }
  for (const chunk of chunks(rows)) await trx.insertInto('violations').values(chunk).onConflict((oc) => oc.doNothing()).execute();
}
