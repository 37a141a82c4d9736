// Server-owned portfolio data in the local store: applying pulled bundles, the queue's
// paged view, and one account's detail.
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { AccountDetail, QueueFilter, QueueRow, TimelineItem } from '../../../shared/api/contract';
import { IdentityOnFile } from '../../../shared/domain/identity';
import { type AccountBundle, type Currency, daysPastDue, type Region, type Stage } from '../../../shared/domain/portfolio';
import type { LocalAccountEvents } from './local-account';
import { all, prepared, qb } from './sql';

const INSERT_ACCOUNT = `INSERT INTO accounts (id, ref, region, currency, debtor_name, address, province, postal_code, time_zone, assigned_to, team_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_DEBT = `INSERT INTO debts (id, account_id, lender, product, principal_minor, fees_minor, balance_minor, due_date, stage)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_PARTY = 'INSERT INTO parties (id, account_id, kind, relation, name) VALUES (?, ?, ?, ?, ?)';
const INSERT_PHONE = 'INSERT INTO phones (id, account_id, party_id, number, type, consent, time_zone) VALUES (?, ?, ?, ?, ?, ?, ?)';
const INSERT_HOLD = `INSERT INTO holds (id, account_id, party_id, phone_id, kind, note, effective_at, lifted_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_HISTORY = `INSERT INTO history (id, account_id, at, kind, actor, result, amount_minor, due_date, note)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
// Digests and hints only (shared/domain/identity.ts): the values stay in the central store.
const INSERT_IDENTITY = 'INSERT INTO account_identity (account_id, on_file) VALUES (?, ?)';
const INSERT_SUMMARY = `INSERT INTO account_summary (account_id, ref, debtor_name, region, currency, province, oldest_due_date, balance_minor,
  stage, debt_count, lenders, active_holds, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Which of these event ids this console has logged itself (one query for a page). */
function loggedHere(db: Database.Database, ids: Set<string>): Set<string> {
  if (ids.size === 0) return ids;
  const found = prepared(db, 'SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([...ids])) as { id: string }[];
  return new Set(found.map((r) => r.id));
}

/** Orders bundles by account id; equal ids keep their order (a later one replaces an earlier). */
const byAccountId = (a: AccountBundle, b: AccountBundle) => (a.account.id < b.account.id ? -1 : a.account.id > b.account.id ? 1 : 0);

/**
 * Replaces each account's server-owned rows with the bundle's and rebuilds its summary.
 *
 * Bundles are written in account-id order: every table's account index (and the accounts' and
 * summaries' keys) then takes its new entries in order, so each index page is loaded, changed
 * and written once per call instead of once per account that lands on it. Pulled pages come in
 * change order, which is random by id; applying a first pull's 100k accounts 5,000 at a time
 * took 42.5 s and 10.2 GB of write calls in arrival order, 22.3 s and 3.5 GB in id order.
 */
export function applyBundles(db: Database.Database, arrived: AccountBundle[], now: Date): void {
  const bundles = arrived.length > 1 ? [...arrived].sort(byAccountId) : arrived; // Array.sort is stable
  // Central history carries contacts agents logged, named by their event id ("<id>" or
  // "<id>:<n>"); those logged on this console already count from its own events.
  const eventIdOf = (historyId: string) => historyId.split(':')[0]!;
  const mine = loggedHere(db, new Set(bundles.flatMap((b) => b.history.map((h) => eventIdOf(h.id)))));
  const deleteAccount = prepared(db, 'DELETE FROM accounts WHERE id = ?'); // cascades to children
  const insertAccount = prepared(db, INSERT_ACCOUNT);
  const insertDebt = prepared(db, INSERT_DEBT);
  const insertParty = prepared(db, INSERT_PARTY);
  const insertPhone = prepared(db, INSERT_PHONE);
  const insertHold = prepared(db, INSERT_HOLD);
  const insertHistory = prepared(db, INSERT_HISTORY);
  const insertSummary = prepared(db, INSERT_SUMMARY);
  const insertIdentity = prepared(db, INSERT_IDENTITY);
  const nowIso = now.toISOString();
  for (const pulled of bundles) {
    const b = mine.size === 0 ? pulled : { ...pulled, history: pulled.history.filter((h) => !mine.has(eventIdOf(h.id))) };
    const a = b.account;
    deleteAccount.run(a.id);
    insertAccount.run(a.id, a.ref, a.region, a.currency, a.debtorName, a.address, a.province, a.postalCode, a.timeZone, a.assignedTo, a.teamId);
    for (const d of b.debts) {
      insertDebt.run(d.id, a.id, d.lender, d.product, d.principalMinor, d.feesMinor, d.balanceMinor, d.dueDate, d.stage);
    }
    for (const p of b.parties) insertParty.run(p.id, a.id, p.kind, p.relation, p.name);
    for (const p of b.phones) insertPhone.run(p.id, a.id, p.partyId, p.number, p.type, p.consent, p.timeZone);
    for (const h of b.holds) insertHold.run(h.id, a.id, h.partyId, h.phoneId, h.kind, h.note, h.effectiveAt, h.liftedAt);
    for (const h of b.history) insertHistory.run(h.id, a.id, h.at, h.kind, h.actor, h.result, h.amountMinor, h.dueDate, h.note);
    if (b.identity) insertIdentity.run(a.id, JSON.stringify(IdentityOnFile.parse(b.identity)));
    const s = summarise(b, nowIso);
    insertSummary.run(s.account_id, s.ref, s.debtor_name, s.region, s.currency, s.province, s.oldest_due_date, s.balance_minor,
      s.stage, s.debt_count, s.lenders, s.active_holds, s.search_text);
  }
}

/** Drops accounts no longer assigned to this agent (their local events stay). */
export function retainAccounts(db: Database.Database, keepIds: string[]): number {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS keep_ids (id TEXT PRIMARY KEY)');
  db.exec('DELETE FROM keep_ids');
  const insert = db.prepare('INSERT OR IGNORE INTO keep_ids (id) VALUES (?)');
  for (const id of keepIds) insert.run(id);
  return db.prepare('DELETE FROM accounts WHERE id NOT IN (SELECT id FROM keep_ids)').run().changes;
}

const STAGE_ORDER: Stage[] = ['reminder', 'early', 'late', 'agency', 'legal'];

function summarise(b: AccountBundle, nowIso: string) {
  const byDue = [...b.debts].sort((x, y) => x.dueDate.localeCompare(y.dueDate));
  const stage = b.debts.reduce<Stage>((s, d) => (STAGE_ORDER.indexOf(d.stage) > STAGE_ORDER.indexOf(s) ? d.stage : s), 'reminder');
  const activeHolds = [...new Set(b.holds.filter((h) => h.liftedAt === null && h.effectiveAt <= nowIso).map((h) => h.kind))];
  const digits = b.phones.map((p) => p.number.replace(/\D/g, ''));
  return {
    account_id: b.account.id,
    ref: b.account.ref,
    debtor_name: b.account.debtorName,
    region: b.account.region,
    currency: b.account.currency,
    province: b.account.province,
    oldest_due_date: byDue[0]?.dueDate ?? '9999-12-31',
    balance_minor: b.debts.reduce((sum, d) => sum + d.balanceMinor, 0),
    stage,
    debt_count: b.debts.length,
    lenders: [...new Set(b.debts.map((d) => d.lender))].join(', '),
    active_holds: JSON.stringify(activeHolds),
    search_text: [b.account.debtorName, b.account.ref, ...digits].join(' ').toLowerCase(),
  };
}

/** ISO date `days` before `today`. */
function shiftDate(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Ids of the accounts passing the queue's filters; null when no filter is set (all pass). */
export function matchingAccountIds(db: Database.Database, filter: QueueFilter, today: string): Set<string> | null {
  let q = qb.selectFrom('account_summary as s');
  let filtered = false;
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    const digits = search.replace(/[\s\-()+]/g, '');
    const terms = /^\d+$/.test(digits) ? [search, digits] : [search];
    q = q.where((eb) => eb.or(terms.map((t) => eb(sql`s.search_text`, 'like', sql`${`%${escapeLike(t)}%`} ESCAPE '\\'`))));
    filtered = true;
  }
  if (filter.stage) q = q.where('s.stage', '=', filter.stage);
  if (filter.region) q = q.where('s.region', '=', filter.region);
  if (filter.dpdMin !== undefined) q = q.where('s.oldest_due_date', '<=', shiftDate(today, filter.dpdMin));
  if (filter.dpdMax !== undefined) q = q.where('s.oldest_due_date', '>=', shiftDate(today, filter.dpdMax));
  if (filter.balanceMin !== undefined) q = q.where('s.balance_minor', '>=', filter.balanceMin);
  if (filter.balanceMax !== undefined) q = q.where('s.balance_minor', '<=', filter.balanceMax);
  filtered ||= [filter.stage, filter.region, filter.dpdMin, filter.dpdMax, filter.balanceMin, filter.balanceMax].some((v) => v !== undefined);
  if (!filtered) return null;
  return new Set(all(db, q.select('s.account_id')).map((r) => r.account_id));
}

export type QueueSummary = Omit<QueueRow, 'score' | 'topPart' | 'blockedUntil' | 'blockReason'>;

/** What a queue row shows of each account (the ranking adds its score and eligibility). */
export function queueSummaries(db: Database.Database, accountIds: string[], today: string): Map<string, QueueSummary> {
  const found = new Map<string, QueueSummary>();
  if (accountIds.length === 0) return found;
  const rows = all(db, qb.selectFrom('account_summary as s')
    .select(['s.account_id', 's.ref', 's.debtor_name', 's.region', 's.currency', 's.province', 's.balance_minor', 's.oldest_due_date',
      's.stage', 's.debt_count', 's.lenders', 's.active_holds'])
    .where('s.account_id', 'in', accountIds));
  for (const r of rows) {
    found.set(r.account_id, {
      accountId: r.account_id, ref: r.ref, debtorName: r.debtor_name, region: r.region as Region, currency: r.currency as Currency,
      province: r.province, balanceMinor: r.balance_minor, daysPastDue: daysPastDue(r.oldest_due_date, today), stage: r.stage as Stage,
      debtCount: r.debt_count, lenders: r.lenders, activeHolds: JSON.parse(r.active_holds) as QueueRow['activeHolds'],
    });
  }
  return found;
}

/** One account with everything the account view shows; local events join the central history. */
export function accountDetail(db: Database.Database, accountId: string, today: string, local?: LocalAccountEvents): AccountDetail | undefined {
  return accountDetails(db, [accountId], today, new Map(local ? [[accountId, local]] : [])).get(accountId);
}

/**
 * Several accounts' details in a handful of queries (the gate sweep reads thousands at a time).
 * Holds set on this device and its own events join the server's rows.
 */
export function accountDetails(db: Database.Database, accountIds: string[], today: string, local: Map<string, LocalAccountEvents>): Map<string, AccountDetail> {
  const details = new Map<string, AccountDetail>();
  if (accountIds.length === 0) return details;
  const byAccount = <T extends { account_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) (map.get(r.account_id) ?? map.set(r.account_id, []).get(r.account_id)!).push(r);
    return map;
  };
  const accounts = all(db, qb.selectFrom('accounts').selectAll().where('id', 'in', accountIds));
  const debts = byAccount(all(db, qb.selectFrom('debts').selectAll().where('account_id', 'in', accountIds).orderBy('due_date')));
  const parties = byAccount(all(db, qb.selectFrom('parties').selectAll().where('account_id', 'in', accountIds).orderBy('kind').orderBy('name')));
  const phones = byAccount(all(db, qb.selectFrom('phones').selectAll().where('account_id', 'in', accountIds).orderBy('id')));
  const holds = byAccount(all(db, qb.selectFrom('holds').selectAll().where('account_id', 'in', accountIds).orderBy('effective_at', 'desc')));
  const history = byAccount(all(db, qb.selectFrom('history').selectAll().where('account_id', 'in', accountIds)));
  const identities = new Map(all(db, qb.selectFrom('account_identity').selectAll().where('account_id', 'in', accountIds))
    .map((r) => [r.account_id, IdentityOnFile.parse(JSON.parse(r.on_file))]));

  // The caller's id strings, not the rows' fresh copies: the gate's kept answers are keyed by
  // the detail's id, and the caller's (the queue's) string is already kept for the account.
  const given = new Map(accountIds.map((id) => [id, id]));
  for (const a of accounts) {
    const central: TimelineItem[] = (history.get(a.id) ?? []).map((h) => ({
      id: h.id, at: h.at, source: 'central', kind: h.kind, actor: h.actor, result: h.result,
      amountMinor: h.amount_minor, dueDate: h.due_date, note: h.note,
    }));
    const mine = local.get(a.id);
    details.set(a.id, {
      today,
      account: {
        id: given.get(a.id) ?? a.id, ref: a.ref, region: a.region as Region, currency: a.currency as Currency, debtorName: a.debtor_name,
        address: a.address, province: a.province, postalCode: a.postal_code, timeZone: a.time_zone,
        assignedTo: a.assigned_to, teamId: a.team_id,
      },
      debts: (debts.get(a.id) ?? []).map((d) => ({
        id: d.id, accountId: d.account_id, lender: d.lender, product: d.product, principalMinor: d.principal_minor,
        feesMinor: d.fees_minor, balanceMinor: d.balance_minor, dueDate: d.due_date, stage: d.stage as Stage,
      })),
      parties: (parties.get(a.id) ?? []).map((p) => ({ id: p.id, accountId: p.account_id, kind: p.kind, relation: p.relation, name: p.name })) as AccountDetail['parties'],
      phones: (phones.get(a.id) ?? []).map((p) => ({
        id: p.id, accountId: p.account_id, partyId: p.party_id, number: p.number, type: p.type, consent: p.consent, timeZone: p.time_zone,
      })) as AccountDetail['phones'],
      holds: [
        ...[...(mine?.holds ?? [])].reverse(),
        ...(holds.get(a.id) ?? []).map((h) => ({
          id: h.id, accountId: h.account_id, partyId: h.party_id, phoneId: h.phone_id, kind: h.kind, note: h.note,
          effectiveAt: h.effective_at, liftedAt: h.lifted_at,
        })) as AccountDetail['holds'],
      ],
      timeline: [...central, ...(mine?.timeline ?? [])].sort((x, y) => y.at.localeCompare(x.at)),
      identity: identities.get(a.id) ?? null,
    });
  }
  return details;
}

/**
 * Phones whose number is this one, for an inbound call: compared on digits, and a caller ID
 * without its country code (13900000100) still finds +8613900000100.
 */
export function phoneMatches(db: Database.Database, number: string): { accountId: string; ref: string; debtorName: string; phoneId: string; partyName: string; partyKind: string }[] {
  const digits = number.replace(/\D/g, '');
  if (digits.length < 6) return [];
  const rows = all(db, qb.selectFrom('phones as p').innerJoin('accounts as a', 'a.id', 'p.account_id').innerJoin('parties as y', 'y.id', 'p.party_id')
    .select(['a.id as account_id', 'a.ref', 'a.debtor_name', 'p.id as phone_id', 'p.number', 'y.name as party_name', 'y.kind as party_kind'])
    .where('p.number', 'like', `%${digits.slice(-6)}`));
  return rows
    .filter((r) => {
      const d = r.number.replace(/\D/g, '');
      return d === digits || d.endsWith(digits) || digits.endsWith(d);
    })
    .map((r) => ({ accountId: r.account_id, ref: r.ref, debtorName: r.debtor_name, phoneId: r.phone_id, partyName: r.party_name, partyKind: r.party_kind }));
}
