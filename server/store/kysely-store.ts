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
  type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool, type Transaction, sql,
} from 'kysely';
import type { Account, AccountBundle, Hold, PartyKind, PhoneType } from '../../shared/domain/portfolio';
import type { ClientEvent } from '../../shared/domain/events';
import type { User } from '../../shared/domain/users';
import { toAccount, toDebt, toHistory, toHold, toParty, toPhone, toUser } from './rows';
import type { AccountsTable, Database } from './schema';
import {
  type NewHold, type NewUser, type PullPage, type ServerStore, type SessionRecord, type StoreCounts, StoreError,
  type Team, type UserWithSecret, type Viewer,
} from './store';

type Db = Kysely<Database> | Transaction<Database>;

// Keeps every statement well under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;
function* chunks<T>(rows: readonly T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

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

async function bumpAccount(trx: Transaction<Database>, accountId: string, at: string): Promise<void> {
  const version = await nextVersions(trx, 1);
  await trx.updateTable('accounts').set({ version, updatedAt: at }).where('id', '=', accountId).execute();
}

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
  constructor(private readonly db: Kysely<Database>) {}

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

  async addTeamLead(userId: string, teamId: string): Promise<void> {
    await this.db.insertInto('teamLeads').values({ userId, teamId }).onConflict((oc) => oc.doNothing()).execute();
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
      const accounts = bundles.map((b, i) => ({ ...b.account, version: first + i, createdAt: at, updatedAt: at }));
      for (const rows of chunks(accounts)) await trx.insertInto('accounts').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.parties))) await trx.insertInto('parties').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.phones))) await trx.insertInto('phones').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.debts))) await trx.insertInto('debts').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.holds))) await trx.insertInto('holds').values(rows).execute();
      for (const rows of chunks(bundles.flatMap((b) => b.history))) await trx.insertInto('history').values(rows).execute();
    });
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
      await bumpAccount(trx, hold.accountId, at);
      return toHold(row);
    });
  }

  async liftHold(holdId: string, at: string): Promise<Hold | undefined> {
    return changeAccounts(this.db, async (trx) => {
      const row = await trx.selectFrom('holds').selectAll().where('id', '=', holdId).executeTakeFirst();
      if (!row) return undefined;
      if (row.liftedAt !== null) return toHold(row);
      await trx.updateTable('holds').set({ liftedAt: at }).where('id', '=', holdId).execute();
      await bumpAccount(trx, row.accountId, at);
      return toHold({ ...row, liftedAt: at });
    });
  }

  async pushEvents(deviceId: string, events: readonly ClientEvent[], receivedAt: string): Promise<number> {
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
      // A repeat (same id, or same device+seq) is a retry of something already stored.
      for (const chunk of chunks(rows)) await trx.insertInto('events').values(chunk).onConflict((oc) => oc.doNothing()).execute();

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
    return snapshot(this.db, async (trx) => {
      // A cursor beyond anything handed out comes from another (reset) database: start over.
      const counter = await trx.selectFrom('counters').select('value').where('name', '=', 'account_version')
        .executeTakeFirstOrThrow();
      const from = cursor > Number(counter.value) ? 0 : cursor;
      const rows = await trx.selectFrom('accounts').selectAll()
        .where(visibleTo(viewer))
        .where('version', '>', from)
        .orderBy('version')
        .limit(limit + 1)
        .execute();
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      const accounts = await loadBundles(trx, page);
      const last = page.at(-1);
      const assignedIds = hasMore ? null
        : (await trx.selectFrom('accounts').select('id').where(visibleTo(viewer)).orderBy('id').execute()).map((r) => r.id);
      return { accounts, cursor: last ? Number(last.version) : from, hasMore, assignedIds };
    });
  }

  async counts(): Promise<StoreCounts> {
    const tables = ['teams', 'users', 'accounts', 'debts', 'parties', 'phones', 'holds', 'history', 'events'] as const;
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
  const bundles = new Map<string, AccountBundle>(accounts.map((a) => [a.id, {
    account: toAccount(a), debts: [], parties: [], phones: [], holds: [], history: [],
  }]));
  const into = (accountId: string) => bundles.get(accountId)!;
  for (const r of debts) into(r.accountId).debts.push(toDebt(r));
  for (const r of parties) into(r.accountId).parties.push(toParty(r));
  for (const r of phones) into(r.accountId).phones.push(toPhone(r));
  for (const r of holds) into(r.accountId).holds.push(toHold(r));
  for (const r of history) into(r.accountId).history.push(toHistory(r));
  for (const b of bundles.values()) {
    // Debtor first, then co-debtors, then third parties; each party's phones in that order.
    b.parties.sort((x, y) => partyRank[x.kind] - partyRank[y.kind]);
    const partyOrder = new Map(b.parties.map((p, i) => [p.id, i]));
    b.phones.sort((x, y) => (partyOrder.get(x.partyId)! - partyOrder.get(y.partyId)!) || (phoneRank[x.type] - phoneRank[y.type]));
  }
  return [...bundles.values()];
}
