// Accounts and their children (debts, parties, phones, holds, history): imports, assignment,
// holds, payments and the assignments bucket. Every change takes the version lock first
// (kysely-helpers.ts changeAccounts). Part of the ServerStore: kysely-store.ts delegates here.
import { type CompiledQuery, type Kysely, PostgresAdapter, type Selectable, type SqlBool, sql } from 'kysely';
import type { Account, AccountBundle, HistoryEntry, Hold, PartyKind, PhoneType } from '../../shared/domain/portfolio';
import { HISTORY_EVENT_TYPES, historyFromEvent } from './event-history';
import { identitiesOnFile } from './identity-store';
import { type Db, bumpAccount, changeAccounts, chunks, nextVersions, precompiled, rememberAssignment, snapshot, unindexedType, visibleTo } from './kysely-helpers';
import { DEVICE_STAND_IN, checkMayPull, refusedDevice } from './pull-gate';
import { toAccount, toDebt, toHistory, toHold, toParty, toPhone } from './rows';
import type { AccountsTable, Database } from './schema';
import { type NewHold, type PullPage, type Scope, StoreError, type Viewer } from './store';

/** An import of at least this many accounts refreshes PostgreSQL's planner statistics. */
const ANALYZE_AFTER_ACCOUNTS = 1_000;

const partyRank: Record<PartyKind, number> = { debtor: 0, co_debtor: 1, third_party: 2 };
const phoneRank: Record<PhoneType, number> = { mobile: 0, home: 1, work: 2, other: 3 };

/** Stand-ins for the parameters of the steady pull's statement (kysely-helpers.ts precompiled). */
const VIEWER = '$fairline:viewer';
const CURSOR = '$fairline:cursor';

export class AccountStore {
  private readonly unchangedQueries = new Map<string, (viewerId: string, cursor: number, deviceId: string) => CompiledQuery<{ id: string }>>();

  constructor(private readonly db: Kysely<Database>) {}

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

  /**
   * A steady pull's one statement, built once per role (kysely-helpers.ts precompiled):
   * the visible ids, found only while the counter is at the cursor and the device (none: the
   * empty id, which no device has) may pull.
   */
  private unchanged(role: Viewer['role']) {
    let query = this.unchangedQueries.get(role);
    if (!query) {
      const q = this.db.selectFrom('accounts').select('id').where(visibleTo({ id: VIEWER, role }))
        .where((eb) => eb(eb.selectFrom('counters').select('value').where('name', '=', 'account_version'), '=', CURSOR as unknown as number))
        .where((eb) => eb.not(eb.exists(refusedDevice(this.db, DEVICE_STAND_IN))))
        .orderBy('id');
      query = precompiled<{ id: string }, [string, number, string]>(q, VIEWER, CURSOR, DEVICE_STAND_IN);
      this.unchangedQueries.set(role, query);
    }
    return query;
  }

  async pullAccounts(viewer: Viewer, cursor: number, limit: number): Promise<PullPage> {
    const device = viewer.pullingDevice;
    if (cursor > 0) {
      // Most pulls find nothing changed: then one statement (so one moment) answers, the visible
      // ids, which it finds only if the counter is still at the cursor (and the pulling device
      // may pull: pull-gate.ts). Finding none, the device is checked on its own below.
      const { rows: ids } = await this.db.executeQuery(this.unchanged(viewer.role)(viewer.id, cursor, device ?? ''));
      if (ids.length > 0) return { accounts: [], cursor, hasMore: false, assignedIds: ids.map((r) => r.id) };
    }
    if (device !== undefined) await checkMayPull(this.db, device);
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
}

/** Children for a page of accounts: one query per child table, never one per account. */
async function loadBundles(trx: Db, accounts: readonly Selectable<AccountsTable>[]): Promise<AccountBundle[]> {
  if (accounts.length === 0) return [];
  const ids = accounts.map((a) => a.id);
  const [debts, parties, phones, holds, history, identities] = await Promise.all([
    trx.selectFrom('debts').selectAll().where('accountId', 'in', ids).orderBy('dueDate').orderBy('id').execute(),
    trx.selectFrom('parties').selectAll().where('accountId', 'in', ids).orderBy('name').execute(),
    trx.selectFrom('phones').selectAll().where('accountId', 'in', ids).orderBy('number').execute(),
    trx.selectFrom('holds').selectAll().where('accountId', 'in', ids).orderBy('effectiveAt').orderBy('id').execute(),
    trx.selectFrom('history').selectAll().where('accountId', 'in', ids).orderBy('at').orderBy('id').execute(),
    identitiesOnFile(trx, ids),
  ]);
  const logged = await trx.selectFrom('events').innerJoin('users', 'users.id', 'events.userId')
    .select(['events.id', 'events.accountId', 'events.deviceTime', 'events.body', 'users.displayName'])
    .where('events.accountId', 'in', ids).where(unindexedType, 'in', [...HISTORY_EVENT_TYPES])
    .orderBy('events.deviceTime').orderBy('events.id').execute();
  const bundles = new Map<string, AccountBundle>(accounts.map((a) => [a.id, {
    account: toAccount(a), debts: [], parties: [], phones: [], holds: [], history: [], identity: identities.get(a.id) ?? null,
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
