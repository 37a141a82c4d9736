// Row → domain mapping. Integer columns go through Number() because PostgreSQL drivers may
// hand INT8 back as strings; the domain always sees plain numbers.
import type { Selectable } from 'kysely';
import type { Account, Debt, HistoryEntry, Hold, Party, Phone } from '../../shared/domain/portfolio';
import type { User } from '../../shared/domain/users';
import type { AccountsTable, DebtsTable, HistoryTable, HoldsTable, PartiesTable, PhonesTable, UsersTable } from './schema';

export const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id, username: r.username, displayName: r.displayName, role: r.role, teamId: r.teamId,
});

export const toAccount = (r: Selectable<AccountsTable>): Account => ({
  id: r.id, ref: r.ref, region: r.region, currency: r.currency, debtorName: r.debtorName, address: r.address,
  province: r.province, postalCode: r.postalCode, timeZone: r.timeZone, assignedTo: r.assignedTo, teamId: r.teamId,
});

export const toDebt = (r: Selectable<DebtsTable>): Debt => ({
  id: r.id, accountId: r.accountId, lender: r.lender, product: r.product, principalMinor: Number(r.principalMinor),
  feesMinor: Number(r.feesMinor), balanceMinor: Number(r.balanceMinor), dueDate: r.dueDate, stage: r.stage,
});

export const toParty = (r: Selectable<PartiesTable>): Party => ({
  id: r.id, accountId: r.accountId, kind: r.kind, relation: r.relation, name: r.name,
});

export const toPhone = (r: Selectable<PhonesTable>): Phone => ({
  id: r.id, accountId: r.accountId, partyId: r.partyId, number: r.number, type: r.type, consent: r.consent,
  timeZone: r.timeZone,
});

export const toHold = (r: Selectable<HoldsTable>): Hold => ({
  id: r.id, accountId: r.accountId, partyId: r.partyId, phoneId: r.phoneId, kind: r.kind, note: r.note,
  effectiveAt: r.effectiveAt, liftedAt: r.liftedAt,
});

export const toHistory = (r: Selectable<HistoryTable>): HistoryEntry => ({
  id: r.id, accountId: r.accountId, at: r.at, kind: r.kind, actor: r.actor, result: r.result,
  amountMinor: r.amountMinor === null ? null : Number(r.amountMinor), dueDate: r.dueDate, note: r.note,
});
