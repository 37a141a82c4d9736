// Holds, workplace, named inconvenient times and third parties under us-regf.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/compliance/evaluate';
import { FactsDocument } from '../../../shared/compliance/facts';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { call, decide, iso, reasonFor, rules, usDoc } from './helpers';

const NOON = '2026-06-02T12:00:00-04:00';
const twoPhones = {
  phones: [
    { id: 'm', number: '+12125550123', type: 'mobile' as const },
    { id: 'w', number: '+12125550777', type: 'work' as const },
  ],
};

describe('holds', () => {
  it.each([
    ['cease', 'us.hold.cease', '12 CFR 1006.6(c)'],
    ['dispute', 'us.hold.dispute', '12 CFR 1006.38(d)(2)'],
    ['attorney', 'us.hold.attorney', '12 CFR 1006.6(b)(2); 1006.10(b)(5)'],
    ['bankruptcy', 'us.hold.bankruptcy', '11 U.S.C. 362(a)(6)'],
    ['deceased', 'us.hold.deceased', '12 CFR 1006.2(e), 1006.6(a)(4) (a deceased consumer’s debt is discussed only with the estate’s representative)'],
    ['do_not_call', 'us.hold.do_not_call', '12 CFR 1006.14(h)'],
  ] as const)('%s blocks the debtor with no time of its own', (kind, rule, source) => {
    const d = decide(usRegf, usDoc({}, { holds: [{ kind, effectiveAt: '2026-05-01T00:00:00Z' }] }), NOON);
    expect(d.decision).toBe('block');
    expect(rules(d)).toEqual([rule]);
    expect(d.allowedFrom).toBeNull();
    if (source) expect(reasonFor(d, rule)!.source).toBe(source);
  });

  it('a hold not yet effective, or already lifted, does not block', () => {
    const future = usDoc({}, { holds: [{ kind: 'cease', effectiveAt: '2026-06-03T00:00:00Z' }] });
    expect(decide(usRegf, future, NOON).decision).toBe('allow');
    const lifted = usDoc({}, { holds: [{ kind: 'dispute', effectiveAt: '2026-05-01T00:00:00Z', liftedAt: '2026-06-01T00:00:00Z' }] });
    expect(decide(usRegf, lifted, NOON).decision).toBe('allow');
  });

  it('a dispute blocks until verification is sent (its lift time) and only for its debts', () => {
    const hold = { kind: 'dispute' as const, effectiveAt: '2026-05-01T00:00:00Z', liftedAt: '2026-06-05T14:00:00Z', debtIds: ['d1'] };
    const d = decide(usRegf, usDoc({}, { holds: [hold] }), NOON);
    expect(d.allowedFrom).toBe('2026-06-05T14:00:00.000Z');
    const otherDebt = usDoc({ attempt: { channel: 'call', party: 'debtor', phoneId: 'm', debtIds: ['d2'] } }, { holds: [hold] });
    expect(decide(usRegf, otherDebt, NOON).decision).toBe('allow');
  });

  it('cease stops texts, emails and visits too', () => {
    const holds = [{ kind: 'cease' as const, effectiveAt: '2026-05-01T00:00:00Z' }];
    for (const channel of ['sms', 'email', 'visit'] as const)
      expect(decide(usRegf, usDoc({ attempt: { channel, party: 'debtor', phoneId: 'm', debtIds: ['d1'] } }, { holds }), NOON).decision).toBe('block');
  });

  it('do_not_call covers only its number, and only calls', () => {
    const holds = [{ kind: 'do_not_call' as const, effectiveAt: '2026-05-01T00:00:00Z', phoneId: 'w' }];
    expect(decide(usRegf, usDoc({ attempt: { channel: 'call', party: 'debtor', phoneId: 'w', debtIds: ['d1'] } }, { ...twoPhones, holds }), NOON).decision).toBe('block');
    expect(decide(usRegf, usDoc({}, { ...twoPhones, holds }), NOON).decision).toBe('allow');
    // The same number dialled without its id is still that number.
    expect(decide(usRegf, usDoc({ attempt: { channel: 'call', party: 'debtor', number: '+12125550777', debtIds: ['d1'] } }, { ...twoPhones, holds }), NOON).decision).toBe('block');
    expect(decide(usRegf, usDoc({ attempt: { channel: 'sms', party: 'debtor', phoneId: 'w', debtIds: ['d1'] } }, { ...twoPhones, holds }), NOON).decision).toBe('allow');
  });

  it('lists every reason, not just the first', () => {
    const doc = usDoc({ history: [call('2026-06-02T09:00:00-04:00', 'conversation')] }, {
      holds: [
        { kind: 'cease', effectiveAt: '2026-05-01T00:00:00Z' },
        { kind: 'bankruptcy', effectiveAt: '2026-05-01T00:00:00Z' },
      ],
    });
    expect(rules(decide(usRegf, doc, '2026-06-02T22:00:00-04:00'))).toEqual([
      'us.frequency.days_after_conversation',
      'us.hold.bankruptcy',
      'us.hold.cease',
      'us.time_of_day',
    ]);
  });
});

describe('workplace (1006.6(b)(1)(ii), (b)(3))', () => {
  const prohibited = { ...twoPhones, workplaceContactProhibited: true };
  const toWork = { attempt: { channel: 'call' as const, party: 'debtor' as const, phoneId: 'w', debtIds: ['d1'] } };

  it('blocks the work phone, not the mobile', () => {
    const d = decide(usRegf, usDoc(toWork, prohibited), NOON);
    expect(rules(d)).toEqual(['us.workplace']);
    expect(d.allowedFrom).toBeNull();
    expect(decide(usRegf, usDoc({}, prohibited), NOON).decision).toBe('allow');
  });

  it('prior consent to workplace contact lifts it while it lasts', () => {
    const consents = [{ scope: 'workplace' as const, givenTo: 'collector' as const, givenAt: '2026-06-01T00:00:00Z', revokedAt: '2026-06-03T00:00:00Z' }];
    expect(decide(usRegf, usDoc(toWork, { ...prohibited, consents }), NOON).decision).toBe('allow');
    expect(decide(usRegf, usDoc(toWork, { ...prohibited, consents }), '2026-06-03T12:00:00-04:00').decision).toBe('block');
  });
});

describe('times the person named inconvenient (1006.6(b)(1)(i))', () => {
  const weekdaysAfterSix = { inconvenientTimes: [{ weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[], from: '18:00', to: '21:00' }] };

  it('blocks inside the named range and gives the end of the range… or the next opening', () => {
    const d = decide(usRegf, usDoc({}, weekdaysAfterSix), '2026-06-02T18:00:00-04:00'); // Tuesday
    expect(rules(d)).toEqual(['us.inconvenient_time']);
    expect(reasonFor(d, 'us.inconvenient_time')!.allowedFrom).toBe(iso('2026-06-02T21:00:00-04:00'));
    // 21:00 is outside the federal window: next allowed is 08:00 Wednesday.
    expect(d.allowedFrom).toBe(iso('2026-06-03T08:00:00-04:00'));
    expect(decide(usRegf, usDoc({}, weekdaysAfterSix), '2026-06-02T17:59:00-04:00').decision).toBe('allow');
    expect(decide(usRegf, usDoc({}, weekdaysAfterSix), '2026-06-06T19:00:00-04:00').decision).toBe('allow'); // Saturday
  });

  it('a range across midnight blocks the early morning of the next day', () => {
    const nights = { inconvenientTimes: [{ weekdays: ['mon'] as 'mon'[], from: '20:00', to: '10:00' }] };
    const d = decide(usRegf, usDoc({}, nights), '2026-06-02T09:00:00-04:00'); // Tuesday morning
    expect(d.allowedFrom).toBe(iso('2026-06-02T10:00:00-04:00'));
  });

  it('binds only from when it was named', () => {
    const later = { inconvenientTimes: [{ weekdays: ['tue'] as 'tue'[], from: '09:00', to: '17:00', namedAt: '2026-06-03T00:00:00Z' }] };
    expect(decide(usRegf, usDoc({}, later), NOON).decision).toBe('allow');
    expect(decide(usRegf, usDoc({}, later), '2026-06-09T12:00:00-04:00').decision).toBe('block');
  });
});

describe('third parties (1006.10)', () => {
  const tp = { id: 'tp', relation: 'relative' as const, phones: [{ id: 'tp-m', number: '+12125550999', type: 'mobile' as const }] };
  const toThirdParty = (purpose: 'collection' | 'location_information' | null = 'location_information') => ({
    attempt: { channel: 'call' as const, party: 'third_party' as const, partyId: 'tp', phoneId: 'tp-m', ...(purpose ? { purpose } : {}) },
    thirdParties: [tp],
  });

  it('location information only', () => {
    expect(decide(usRegf, usDoc(toThirdParty('location_information')), NOON).decision).toBe('allow');
    expect(rules(decide(usRegf, usDoc(toThirdParty('collection')), NOON))).toEqual(['us.third_party.purpose']);
  });

  it('a proposed third-party attempt must give its purpose (the facts are refused without one)', () => {
    expect(FactsDocument.safeParse(usDoc(toThirdParty(null))).error?.issues).toEqual([
      expect.objectContaining({ path: ['attempt', 'purpose'], message: expect.stringContaining('required when party is third_party') }),
    ]);
  });

  it('a third-party attempt without a purpose (a past contact audited) is judged as the strictest purpose, collection', () => {
    const { attempt, ...facts } = FactsDocument.parse(usDoc(toThirdParty('location_information')));
    const { purpose: _dropped, ...bare } = attempt;
    expect(rules(evaluate(usRegf, facts, bare, new Date(NOON)))).toEqual(['us.third_party.purpose']);
    expect(rules(evaluate(cn, { ...facts, debtor: { ...facts.debtor, phones: [] } }, bare, new Date('2026-06-02T12:00:00+08:00')))).toEqual(['cn.third_party.purpose']);
  });

  it('once, unless they ask to be contacted again', () => {
    const history = [call('2026-05-20T12:00:00-04:00', 'conversation', { party: 'third_party', partyId: 'tp', phoneId: 'tp-m', debtIds: [] })];
    const again = decide(usRegf, usDoc({ ...toThirdParty(), history }), NOON);
    expect(rules(again)).toEqual(['us.third_party.once']);
    expect(again.allowedFrom).toBeNull();
    const asked = { ...toThirdParty(), history, thirdParties: [{ ...tp, requestedFurtherContact: true }] };
    expect(decide(usRegf, usDoc(asked), NOON).decision).toBe('allow');
    // An unanswered call was no communication.
    const unanswered = [call('2026-05-20T12:00:00-04:00', 'no_answer', { party: 'third_party', partyId: 'tp', phoneId: 'tp-m' })];
    expect(decide(usRegf, usDoc({ ...toThirdParty(), history: unanswered }), NOON).decision).toBe('allow');
  });

  it('never after they asked not to be contacted', () => {
    const doc = usDoc({ ...toThirdParty(), thirdParties: [{ ...tp, askedNoContact: true }] });
    expect(rules(decide(usRegf, doc, NOON))).toEqual(['us.third_party.declined']);
  });

  it('calls to a third party do not count toward the debtor’s cap, and an attorney hold stops them', () => {
    const holds = [{ kind: 'attorney' as const, effectiveAt: '2026-05-01T00:00:00Z' }];
    expect(rules(decide(usRegf, usDoc(toThirdParty(), { holds }), NOON))).toEqual(['us.hold.attorney']);
  });

  it('is held to the window at the third party’s own number', () => {
    const la = { ...tp, phones: [{ id: 'tp-m', number: '+13105550999', type: 'mobile' as const }] };
    const d = decide(usRegf, usDoc({ ...toThirdParty(), thirdParties: [la] }), '2026-06-02T10:30:00-04:00');
    expect(d.allowedFrom).toBe(iso('2026-06-02T08:00:00-07:00'));
  });
});
