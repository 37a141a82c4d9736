// The queue keeps each account's answer (gate-verdicts.ts), not its facts: a fingerprint of the
// data, the answer, and until when the engine says it holds. Swept again and again over days
// (both packs, accounts in many zones, holds and wrap-ups that change, holds dated ahead, calls
// dated ahead of the clock, the clocks changing, instants on and next to the windows' edges, a
// clock set back, the organisation tightening its policy), every answer must be the one the full
// gate gives afresh at that instant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountFactsCache } from '../../electron/core/compliance/account-facts';
import { eligibility, eligibilityOf, gateAccount, packFor } from '../../electron/core/compliance/gate';
import { GateVerdicts } from '../../electron/core/compliance/gate-verdicts';
import { basePacks, type PackResolver } from '../../electron/core/compliance/org-packs';
import type { AccountDetail } from '../../shared/api/contract';
import { PACKS, tighten, type Pack } from '../../shared/compliance';

const START = Date.parse('2026-03-06T00:00:00Z'); // two days before the US clocks change
const HOURS = 5 * 24;
const US = [
  { province: 'NY', postalCode: '10001', timeZone: 'America/New_York', numbers: ['+12125550123', '+13105550123', '+17025550123'] },
  { province: 'AZ', postalCode: '85001', timeZone: 'America/Phoenix', numbers: ['+16025550123', '+18085550123', '+16175550123'] },
];
const CN = [{ province: '上海市', postalCode: '200000', timeZone: 'Asia/Shanghai', numbers: ['+8613800138000', '+862162345678', '+869912345678'] }];
const RESULTS = ['answered', 'no_answer', 'busy', 'voicemail'] as const;
const HOLDS = ['cease', 'dispute', 'do_not_call', 'attorney'] as const;
const iso = (ms: number) => new Date(ms).toISOString();

const account = fc.record({
  us: fc.boolean(),
  place: fc.nat(1),
  phones: fc.uniqueArray(fc.nat(2), { minLength: 0, maxLength: 3 }),
  third: fc.boolean(),
  holds: fc.array(fc.record({ kind: fc.constantFrom(...HOLDS), from: fc.integer({ min: -48, max: HOURS }), lifted: fc.option(fc.integer({ min: 0, max: HOURS }), { nil: undefined }), phone: fc.boolean() }), { maxLength: 2 }),
  calls: fc.array(fc.record({ minute: fc.integer({ min: -7 * 24 * 60, max: HOURS * 60 }), phone: fc.nat(2), result: fc.constantFrom(...RESULTS), local: fc.boolean() }), { maxLength: 8 }),
});
type Account = typeof account extends fc.Arbitrary<infer T> ? T : never;

function detailOf(a: Account, i: number): AccountDetail {
  const id = `acc-${i}`;
  const place = (a.us ? US : CN)[a.place % (a.us ? US.length : CN.length)]!;
  const debtor = `${id}-debtor`;
  const phones: AccountDetail['phones'] = a.phones.map((n, k) => ({ id: `${id}-p${k}`, accountId: id, partyId: debtor, number: place.numbers[n]!, type: k === 0 ? 'mobile' : 'home', consent: 'none', timeZone: null }));
  if (a.third) phones.push({ id: `${id}-tp`, accountId: id, partyId: `${id}-third`, number: place.numbers[2]!, type: 'mobile', consent: 'none', timeZone: null });
  return {
    account: { id, ref: `REF-${i}`, region: a.us ? 'US' : 'CN', currency: a.us ? 'USD' : 'CNY', debtorName: `Debtor ${i}`, address: `${i} Main St`, province: place.province, postalCode: place.postalCode, timeZone: place.timeZone, assignedTo: 'u1', teamId: 't1' },
    debts: [{ id: `${id}-d`, accountId: id, lender: 'Lender', product: 'Loan', principalMinor: 100_00, feesMinor: 0, balanceMinor: 100_00, dueDate: '2026-01-01', stage: 'late' }],
    parties: [
      { id: debtor, accountId: id, kind: 'debtor', relation: 'self', name: `Debtor ${i}` },
      ...(a.third ? [{ id: `${id}-third`, accountId: id, kind: 'third_party' as const, relation: 'relative' as const, name: 'Contact' }] : []),
    ],
    phones,
    holds: a.holds.map((h, k) => ({
      id: `${id}-h${k}`, accountId: id, partyId: null, phoneId: h.kind === 'do_not_call' && h.phone && phones.length > 0 ? phones[0]!.id : null, kind: h.kind, note: '',
      effectiveAt: iso(START + h.from * 3_600_000), liftedAt: h.lifted !== undefined && h.lifted > h.from ? iso(START + h.lifted * 3_600_000) : null,
    })),
    today: '2026-03-06',
    // Newest first, as the store lists it: central history, and calls logged here naming their phone.
    timeline: a.calls.map((c) => c.minute).map((m, k) => ({ m, c: a.calls[k]! })).sort((x, y) => y.m - x.m).map(({ m, c }, k) => ({
      id: `${id}-e${k}`, at: iso(START + m * 60_000), source: c.local ? 'local' as const : 'central' as const, kind: 'call', actor: 'agent', result: c.result,
      amountMinor: null, dueDate: null, note: '',
      call: c.local && phones.length > 0 ? { callId: `${id}-c${k}`, phoneId: phones[c.phone % phones.length]!.id, partyId: phones[c.phone % phones.length]!.partyId, contact: c.result === 'answered' ? 'conversation' : c.result, closes: false, recorded: false } : null,
    })),
  };
}

// Instants on the hour (where windows open and close), a millisecond either side, and between.
const instant = fc.record({ hour: fc.nat(HOURS), offset: fc.constantFrom(0, -1, 1, 17 * 60_000 + 3) });
const change = fc.record({ account: fc.nat(), hold: fc.boolean(), hour: fc.integer({ min: -2, max: HOURS }) });

const tightened = (pack: Pack): Pack => tighten(pack, {
  organisation: 'prop', windows: { [pack.windows[0]!.id]: { mon: [['09:00', '12:00']], tue: [['13:00', '17:00']], sun: [] } },
  blockedDates: [{ date: '2026-03-09' }],
});
const TIGHT: PackResolver = (() => {
  const packs = { 'us-regf': tightened(PACKS['us-regf']), cn: tightened(PACKS.cn) } as Record<string, Pack>;
  return (id) => packs[id] ?? PACKS[id];
})();

describe("the queue's kept answers", () => {
  it('are, at every sweep, the answer the full gate gives afresh', () => {
    let asked = 0;
    fc.assert(
      fc.property(
        fc.array(account, { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ at: instant, changes: fc.array(change, { maxLength: 2 }), tight: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        (accounts, sweeps) => {
          const verdicts = new GateVerdicts();
          const details = accounts.map(detailOf);
          // Mostly forward in time, as sweeps go; a clock set back now and then.
          const order = [...sweeps].sort((x, y) => x.at.hour - y.at.hour);
          if (order.length > 3) order.push(order[1]!);
          for (const sweep of order) {
            const now = new Date(START + sweep.at.hour * 3_600_000 + sweep.at.offset);
            for (const c of sweep.changes) {
              const d = details[c.account % details.length]!;
              if (c.hold) d.holds.push({ id: `${d.account.id}-x${d.holds.length}`, accountId: d.account.id, partyId: null, phoneId: null, kind: 'cease', note: '', effectiveAt: iso(START + c.hour * 3_600_000), liftedAt: null });
              else d.timeline.unshift({ id: `${d.account.id}-n${d.timeline.length}`, at: iso(START + c.hour * 3_600_000), source: 'central', kind: 'call', actor: 'agent', result: 'answered', amountMinor: null, dueDate: null, note: '' });
            }
            const packs = sweep.tight ? TIGHT : basePacks;
            for (const d of details) {
              // A fresh copy, as the store gives it at every sweep.
              const copy = structuredClone(d);
              const kept = eligibilityOf(copy, now, packs, verdicts);
              const fresh = eligibilityOf(structuredClone(d), now, packs, null);
              expect({ account: d.account.id, at: now.toISOString(), answer: kept }).toEqual({ account: d.account.id, at: now.toISOString(), answer: fresh });
              expect(fresh).toEqual(eligibility(gateAccount(structuredClone(d), now, packs, new AccountFactsCache())));
              asked++;
            }
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(asked).toBeGreaterThan(1000);
  }, 300_000);

  it('decides afresh when the data, the policy or the clock says the kept answer no longer holds', () => {
    const verdicts = new GateVerdicts();
    const a: Account = { us: true, place: 0, phones: [0], third: false, holds: [], calls: [] };
    const d = detailOf(a, 1);
    const pack = packFor(d, basePacks);
    // 10:00 in New York: open until 21:00 (02:00Z).
    const tenAm = new Date('2026-03-06T15:00:00Z');
    expect(verdicts.eligibility(d, pack, tenAm)).toBeNull();
    // A cease filed: the same account, other data.
    const ceased = structuredClone(d);
    ceased.holds.push({ id: 'h', accountId: d.account.id, partyId: null, phoneId: null, kind: 'cease', note: '', effectiveAt: '2026-03-06T14:00:00Z', liftedAt: null });
    expect(verdicts.eligibility(ceased, pack, tenAm)).toEqual({ until: 'never', reason: 'us.hold.cease' });
    // Lifted again: open, as before.
    expect(verdicts.eligibility(d, pack, tenAm)).toBeNull();
    // The window closes at 21:00 New York time: a millisecond before, open; at 21:00, blocked until 08:00.
    expect(verdicts.eligibility(d, pack, new Date('2026-03-07T01:59:59.999Z'))).toBeNull();
    expect(verdicts.eligibility(d, pack, new Date('2026-03-07T02:00:00Z'))).toEqual({ until: '2026-03-07T13:00:00.000Z', reason: 'us.time_of_day' });
    // A tightened policy is another pack: its own answer.
    expect(verdicts.eligibility(d, tightened(pack), tenAm)).toEqual(eligibilityOf(d, tenAm, () => tightened(pack), null));
  });
});
