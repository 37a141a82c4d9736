// The pre-dial gate on accounts as the local store holds them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountFactsCache } from '../../electron/core/compliance/account-facts';
import { fingerprint } from '../../electron/core/compliance/account-hash';
import { matchesSignature, signatureOf, walk } from '../../electron/core/compliance/account-signature';
import { eligibility, eligibilityOf, gateAccount } from '../../electron/core/compliance/gate';
import type { AccountDetail } from '../../shared/api/contract';
import { openDatabase } from '../../electron/core/store/database';
import { accountDetail, applyBundles } from '../../electron/core/store/portfolio';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { bundle } from '../support/bundles';

function gate(b: AccountBundle, at: string) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-gate-')), 'a.db'));
  applyBundles(db, [b], new Date(at));
  return gateAccount(accountDetail(db, b.account.id, at.slice(0, 10))!, new Date(at));
}

function usAccount(): AccountBundle {
  const b = bundle(7, { region: 'US' });
  b.account.province = 'NY';
  b.account.postalCode = '10001';
  b.phones = [{ id: 'p1', accountId: b.account.id, partyId: b.parties[0]!.id, number: '+12125550101', type: 'mobile', consent: 'none', timeZone: null }];
  return b;
}

describe('the pre-dial gate', () => {
  it('allows a New York debtor at 10:00 local under us-regf', () => {
    const g = gate(usAccount(), '2026-11-23T15:00:00Z');
    expect(g.packId).toBe('us-regf');
    expect(g.phones[0]).toMatchObject({ phoneId: 'p1', decision: 'allow', allowedFrom: null });
  });

  it('blocks at 06:00 New York time and says it is allowed from 08:00', () => {
    const g = gate(usAccount(), '2026-11-23T11:00:00Z');
    expect(g.phones[0]!.decision).toBe('block');
    expect(g.phones[0]!.allowedFrom).toBe('2026-11-23T13:00:00.000Z');
    expect(g.phones[0]!.reasons[0]).toMatchObject({ severity: 'block', source: expect.stringContaining('1006.6(b)(1)(i)') });
  });

  it('blocks every phone of an account under a cease hold, with no time it lifts', () => {
    const b = usAccount();
    b.holds = [{ id: 'h', accountId: b.account.id, partyId: null, phoneId: null, kind: 'cease', note: '', effectiveAt: '2026-11-01T00:00:00Z', liftedAt: null }];
    const g = gate(b, '2026-11-23T15:00:00Z');
    expect(g.phones[0]).toMatchObject({ decision: 'block', allowedFrom: null });
    expect(g.phones[0]!.reasons.map((r) => r.source)).toContain('12 CFR 1006.6(c)');
  });

  it('blocks a Chinese debtor during quiet hours (23:00 Beijing) until 08:00', () => {
    const g = gate(bundle(8), '2026-11-23T15:00:00Z');
    expect(g.packId).toBe('cn');
    expect(g.phones[0]).toMatchObject({ decision: 'block', allowedFrom: '2026-11-24T00:00:00.000Z' });
    expect(g.phones[0]!.reasons[0]!.source).toContain('GB/T 45251');
  });

  it('blocks every phone of the account alike when its numbers are in different zones (12 CFR 1006.6(b)(1)(i))', () => {
    const b = usAccount();
    b.phones.push({ id: 'p2', accountId: b.account.id, partyId: b.parties[0]!.id, number: '+14155550102', type: 'home', consent: 'none', timeZone: null });
    // 10:30 in New York is 07:30 for the 415 number: neither number may be called.
    const g = gate(b, '2026-11-23T15:30:00Z');
    expect(g.phones.map((p) => [p.phoneId, p.decision, p.allowedFrom])).toEqual([
      ['p1', 'block', '2026-11-23T16:00:00.000Z'],
      ['p2', 'block', '2026-11-23T16:00:00.000Z'],
    ]);
  });

  it('refuses an account whose data the gate cannot read, naming the field', () => {
    const b = usAccount();
    b.phones[0]!.number = '2125550101';
    expect(() => gate(b, '2026-11-23T15:00:00Z')).toThrow(/facts\.debtor\.phones\.0\.number: expected an E\.164 number/);
  });
});


// The gate keeps each account's checked facts and compares the next detail with what they were
// built from, value by value (account-signature.ts): any value the facts read must make it build
// them again, and nothing else may.
describe("the gate's cache of account facts", () => {
  function detail(): AccountDetail {
    const b = usAccount();
    b.parties.push({ id: 'tp', accountId: b.account.id, kind: 'third_party', relation: 'relative', name: 'Aunt' });
    b.phones.push({ id: 'p2', accountId: b.account.id, partyId: 'tp', number: '+13105550102', type: 'home', consent: 'none', timeZone: null });
    b.holds = [{ id: 'h', accountId: b.account.id, partyId: null, phoneId: 'p1', kind: 'do_not_call', note: '', effectiveAt: '2026-11-01T00:00:00Z', liftedAt: null }];
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-gate-')), 'a.db'));
    applyBundles(db, [b], new Date('2026-11-20T00:00:00Z'));
    const d = accountDetail(db, b.account.id, '2026-11-23')!;
    d.timeline = [
      { id: 'e2', at: '2026-11-22T15:00:00Z', source: 'local', kind: 'call', actor: 'me', result: 'voicemail', amountMinor: null, dueDate: null, note: '',
        call: { callId: 'c1', phoneId: 'p1', partyId: d.parties[0]!.id, contact: 'voicemail', closes: true, recorded: false } },
      { id: 'e1', at: '2026-11-22T14:59:00Z', source: 'local', kind: 'call', actor: 'me', result: 'answered', amountMinor: null, dueDate: null, note: '',
        call: { callId: 'c1', phoneId: 'p1', partyId: d.parties[0]!.id, contact: 'conversation', closes: false, recorded: true } },
      { id: 'c0', at: '2026-11-20T15:00:00Z', source: 'central', kind: 'call', actor: 'other', result: 'no_answer', amountMinor: null, dueDate: null, note: '' },
    ];
    return d;
  }

  /** Every change to a value the facts are built from, and changes to values they are not. */
  const CHANGES: [string, (d: AccountDetail) => void, boolean][] = [
    ['the region', (d) => { d.account.province = 'CA'; }, true],
    ['the postal code', (d) => { d.account.postalCode = '94103'; }, true],
    ['the zone', (d) => { d.account.timeZone = 'America/Chicago'; }, true],
    ['a party becoming a third party', (d) => { d.parties[1]!.kind = 'debtor'; }, true],
    ["a third party's relation", (d) => { d.parties[1]!.relation = 'friend'; }, true],
    ['a party added', (d) => { d.parties.push({ id: 'x', accountId: d.account.id, kind: 'third_party', relation: 'friend', name: 'X' }); }, true],
    ['a number', (d) => { d.phones[0]!.number = '+12125550199'; }, true],
    ["a phone's type", (d) => { d.phones[0]!.type = 'work'; }, true],
    ["a phone's zone", (d) => { d.phones[0]!.timeZone = 'America/Denver'; }, true],
    ['a phone moved to another party', (d) => { d.phones[1]!.partyId = d.parties[0]!.id; }, true],
    ['a hold lifted', (d) => { d.holds[0]!.liftedAt = '2026-11-22T00:00:00Z'; }, true],
    ["a hold's start", (d) => { d.holds[0]!.effectiveAt = '2026-11-02T00:00:00Z'; }, true],
    ["a hold's phone", (d) => { d.holds[0]!.phoneId = null; }, true],
    ["a hold's kind", (d) => { d.holds[0]!.kind = 'cease'; }, true],
    ["a hold's party", (d) => { d.holds[0]!.partyId = 'tp'; }, true],
    ['a hold added', (d) => { d.holds.push({ ...d.holds[0]!, id: 'h2', kind: 'dispute' }); }, true],
    ["a call's time", (d) => { d.timeline[1]!.at = '2026-11-22T14:58:00Z'; }, true],
    ["a central call's result", (d) => { d.timeline[2]!.result = 'answered'; }, true],
    ["a call's phone", (d) => { d.timeline[1]!.call!.phoneId = 'p2'; }, true],
    ["a wrap-up's call", (d) => { d.timeline[0]!.call!.callId = 'c9'; }, true],
    ["a wrap-up's contact", (d) => { d.timeline[0]!.call!.contact = 'no_answer'; }, true],
    ['a wrap-up no longer closing', (d) => { d.timeline[0]!.call!.closes = false; }, true],
    ['an item with a call taking its place', (d) => { d.timeline[2]!.call = { callId: null, phoneId: 'p1', partyId: d.parties[0]!.id, contact: 'no_answer', closes: false, recorded: false }; }, true],
    ['a timeline item added', (d) => { d.timeline.unshift({ ...d.timeline[2]!, id: 'c1', at: '2026-11-23T10:00:00Z' }); }, true],
    ['the debtor name', (d) => { d.account.debtorName = 'Someone'; }, false],
    ['a balance', (d) => { d.debts[0]!.balanceMinor = 1; }, false],
    ['a note', (d) => { d.timeline[1]!.note = 'promised on Friday'; }, false],
    ["a phone's consent", (d) => { d.phones[0]!.consent = 'express'; }, false],
  ];

  it.each(CHANGES)('tells %s apart, or not, as the facts read it', (_name, change, matters) => {
    const before = detail();
    const after = detail();
    change(after);
    expect(matchesSignature(signatureOf(before), before)).toBe(true);
    expect(matchesSignature(signatureOf(before), after)).toBe(!matters);
    // The written-out comparison agrees with the walk that defines the order.
    const sig = signatureOf(before);
    let i = 0;
    expect(walk(after, (v) => sig[i++] === v) && i === sig.length).toBe(!matters);
    // The queue's 64-bit fingerprint of the same values tells the same changes apart.
    const [a, b] = [new Int32Array(2), new Int32Array(2)];
    fingerprint(before, 0, a);
    fingerprint(after, 0, b);
    expect(a[0] === b[0] && a[1] === b[1]).toBe(!matters);
  });

  it('builds the facts again only when the account changed, and decides on the new ones', () => {
    const cache = new AccountFactsCache();
    const first = cache.inputOf(detail());
    expect(cache.inputOf(detail())).toBe(first); // a fresh copy of the same data: kept
    const ceased = detail();
    ceased.holds.push({ ...ceased.holds[0]!, id: 'h2', kind: 'cease', phoneId: null });
    expect(cache.inputOf(ceased)).not.toBe(first);
    // 13:00 in New York, 10:00 in Los Angeles (the third party's number).
    const g = gateAccount(ceased, new Date('2026-11-23T18:00:00Z'), undefined, cache);
    expect(g.phones.map((p) => [p.phoneId, p.decision, p.reasons.map((r) => r.rule)])).toEqual([
      ['p1', 'block', ['us.hold.do_not_call', 'us.hold.cease']],
      ['p2', 'allow', []],
    ]);
    expect(gateAccount(detail(), new Date('2026-11-23T18:00:00Z'), undefined, cache).phones.map((p) => p.decision)).toEqual(['block', 'allow']);
    // The history as the facts read it: the wrap-up refined the answered call to a voicemail.
    expect(cache.inputOf(ceased).facts.history.map((c) => [c.at, c.result])).toEqual([['2026-11-22T14:59:00Z', 'voicemail'], ['2026-11-20T15:00:00Z', 'no_answer']]);
  });
});

// The sweep asks every account whether the queue may offer it (eligibilityOf): the answer must be
// the one the full gate gives, at every time of a day and a night.
describe("the sweep's question", () => {
  it('gets the answer the full gate gives, open or blocked until when and by which rule', () => {
    const accounts: AccountBundle[] = [usAccount(), bundle(8), bundle(9, { region: 'US' })];
    // New York with a second number in California, the first on do-not-call.
    const two = bundle(12, { region: 'US' });
    two.phones = [
      { id: 'two-1', accountId: two.account.id, partyId: two.parties[0]!.id, number: '+12125550111', type: 'mobile', consent: 'none', timeZone: null },
      { id: 'two-2', accountId: two.account.id, partyId: two.parties[0]!.id, number: '+14155550102', type: 'home', consent: 'none', timeZone: null },
    ];
    two.holds = [{ id: 'h', accountId: two.account.id, partyId: null, phoneId: 'two-1', kind: 'do_not_call', note: '', effectiveAt: '2026-11-01T00:00:00Z', liftedAt: null }];
    const ceased = bundle(10);
    ceased.holds = [{ id: 'hc', accountId: ceased.account.id, partyId: null, phoneId: null, kind: 'cease', note: '', effectiveAt: '2026-11-01T00:00:00Z', liftedAt: null }];
    const none = bundle(11);
    none.phones = [];
    accounts.push(two, ceased, none);
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-gate-')), 'a.db'));
    applyBundles(db, accounts, new Date('2026-11-20T00:00:00Z'));
    const seen = new Set<string>();
    for (let h = 0; h < 48; h++) {
      const now = new Date(Date.parse('2026-11-23T00:00:00Z') + h * 30 * 60_000);
      for (const b of accounts) {
        const d = accountDetail(db, b.account.id, now.toISOString().slice(0, 10))!;
        const answer = eligibilityOf(d, now);
        expect(answer).toEqual(eligibility(gateAccount(d, now)));
        seen.add(answer ? answer.reason : 'open');
      }
    }
    // The day and night gave every kind of answer.
    expect([...seen].sort()).toEqual(['cn.hold.cease', 'cn.quiet_hours', 'no_phone', 'open', 'us.time_of_day']);
  });
});
