// Small, explicit account bundles for core tests (the demo portfolio lives on the server).
import type { AccountBundle, Region, Stage } from '../../shared/domain/portfolio';

export function bundle(n: number, o: { region?: Region; dueDate?: string; stage?: Stage; balance?: number; name?: string; holds?: AccountBundle['holds'] } = {}): AccountBundle {
  const id = `acc-${n}`;
  const region = o.region ?? 'CN';
  return {
    account: {
      id, ref: `REF${String(n).padStart(6, '0')}`, region, currency: region === 'CN' ? 'CNY' : 'USD',
      debtorName: o.name ?? `Debtor ${n}`, address: `${n} Main St`, province: region === 'CN' ? '上海' : 'NY',
      postalCode: '200000', timeZone: region === 'CN' ? 'Asia/Shanghai' : 'America/New_York', assignedTo: 'u1', teamId: 't1',
    },
    debts: [{
      id: `debt-${n}`, accountId: id, lender: 'Lender A', product: 'Instalment loan', principalMinor: o.balance ?? 100_00,
      feesMinor: 0, balanceMinor: o.balance ?? 100_00, dueDate: o.dueDate ?? '2026-10-01', stage: o.stage ?? 'late',
    }],
    parties: [{ id: `party-${n}`, accountId: id, kind: 'debtor', relation: 'self', name: o.name ?? `Debtor ${n}` }],
    phones: [{ id: `phone-${n}`, accountId: id, partyId: `party-${n}`, number: `+8613800${String(n).padStart(6, '0')}`, type: 'mobile', consent: 'none', timeZone: null }],
    holds: o.holds ?? [],
    history: [],
  };
}
