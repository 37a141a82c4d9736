// evaluateEach decides several phones at once and keeps what it derived between calls (the
// person-level rule families run once per person and places, a prepared history, each window's
// open and closed stretches per set of places, the call-frequency answer per calendar day). None
// of that may change a decision: for any facts, phones and sequence of times, including times
// that go back, other packs on the same facts and holds that start later, every decision must
// equal evaluate() on a fresh copy of the facts, one phone at a time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTEMPT_FIELDS, evaluate, evaluateEach, prepareHistory, untilOpen, type Decision } from '../../../shared/compliance/evaluate';
import { Facts, type Attempt, type FactsInput } from '../../../shared/compliance/facts';
import type { Pack } from '../../../shared/compliance/pack';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { tighten } from '../../../shared/compliance/tighten';

const START = Date.parse('2026-03-02T00:00:00Z'); // a week before the US clocks change
const RESULTS = ['conversation', 'no_answer', 'voicemail', 'limited_content_message', 'busy', 'not_in_service', 'failed'] as const;

// Numbers in places whose windows, overlays and zones differ: New York, Los Angeles, Las Vegas
// (Nevada window), Philadelphia (Pennsylvania Sunday), Boston (Massachusetts caps), Honolulu.
const US_NUMBERS = ['+12125550123', '+13105550123', '+17025550123', '+12155550123', '+16175550123', '+18085550123'];
const US_ADDRESSES = [
  { country: 'US', region: 'NY', postalCode: '10001' }, { country: 'US', region: 'NV', postalCode: '89101' },
  { country: 'US', region: 'MA', postalCode: '02108' }, { country: 'US', region: 'PA', postalCode: '19103' }, { country: 'US' },
];
const CN_NUMBERS = ['+8613800138000', '+862162345678', '+8613912345678', '+869912345678'];
const CN_ADDRESSES = [{ country: 'CN', region: '上海市', postalCode: '200000' }, { country: 'CN', region: '新疆维吾尔自治区' }];
const TYPES = ['mobile', 'home', 'work', 'other'] as const;
const HOLDS = ['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased', 'do_not_call'] as const;

const minutes = (max: number) => fc.integer({ min: 0, max });
const at = (m: number) => new Date(START + m * 60_000).toISOString();

const world = fc.record({
  us: fc.boolean(),
  address: fc.nat(4),
  phones: fc.uniqueArray(fc.record({ n: fc.nat(5), type: fc.constantFrom(...TYPES) }), { minLength: 1, maxLength: 3, selector: (p) => p.n }),
  third: fc.option(fc.record({ n: fc.nat(5), asked: fc.boolean(), further: fc.boolean() }), { nil: undefined }),
  holds: fc.array(fc.record({ kind: fc.constantFrom(...HOLDS), from: minutes(20 * 24 * 60), lifted: fc.option(minutes(20 * 24 * 60), { nil: undefined }), phone: fc.option(fc.nat(2), { nil: undefined }) }), { maxLength: 2 }),
  consent: fc.option(minutes(14 * 24 * 60), { nil: undefined }),
  workplace: fc.boolean(),
  history: fc.array(fc.record({
    m: minutes(14 * 24 * 60), phone: fc.nat(2), toThird: fc.boolean(), channel: fc.constantFrom('call' as const, 'call' as const, 'sms' as const),
    result: fc.constantFrom(...RESULTS), debts: fc.subarray(['d1', 'd2']),
  }), { maxLength: 16 }),
  // Sweeps, a screen asking again, a clock set back: times in any order, some repeated.
  times: fc.array(minutes(21 * 24 * 60), { minLength: 1, maxLength: 6 }),
  debts: fc.subarray(['d1', 'd2']),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function factsOf(w: World): FactsInput {
  const numbers = w.us ? US_NUMBERS : CN_NUMBERS;
  const phones = w.phones.map((p, i) => ({ id: `p${i}`, number: numbers[p.n % numbers.length]!, type: p.type }));
  const third = w.third && { id: 'tp', relation: 'relative' as const, phones: [{ id: 'tp-m', number: numbers[w.third.n % numbers.length]!, type: 'mobile' as const }], askedNoContact: w.third.asked, requestedFurtherContact: w.third.further };
  return {
    debtor: {
      id: 'debtor',
      address: (w.us ? US_ADDRESSES : CN_ADDRESSES)[w.address % (w.us ? US_ADDRESSES.length : CN_ADDRESSES.length)]!,
      phones,
      holds: w.holds.map((h) => ({
        kind: h.kind, effectiveAt: at(h.from), ...(h.lifted !== undefined && h.lifted > h.from ? { liftedAt: at(h.lifted) } : {}),
        ...(h.kind === 'do_not_call' && h.phone !== undefined && h.phone < phones.length ? { phoneId: phones[h.phone]!.id } : {}),
      })),
      consents: w.consent === undefined ? [] : [{ scope: 'call_frequency', givenTo: 'collector', givenAt: at(w.consent) }],
      workplaceContactProhibited: w.workplace,
    },
    thirdParties: third ? [third] : [],
    // Newest first, as the console's timeline gives it.
    history: [...w.history].sort((a, b) => b.m - a.m).map((c) => {
      const toThird = c.toThird && third;
      return {
        at: at(c.m), channel: c.channel, result: c.result, debtIds: c.debts,
        ...(toThird ? { party: 'third_party' as const, partyId: 'tp', phoneId: 'tp-m' } : { party: 'debtor' as const, phoneId: phones[c.phone % phones.length]!.id }),
      };
    }),
  };
}

function attemptsOf(w: World, facts: Facts): Attempt[] {
  const debtor = facts.debtor.phones.map((p): Attempt => ({ channel: 'call', party: 'debtor', phoneId: p.id, debtIds: w.debts, collectors: [] }));
  const third = facts.thirdParties.flatMap((t) => t.phones.map((p): Attempt => ({
    channel: 'call', party: 'third_party', partyId: t.id, phoneId: p.id, debtIds: [], collectors: [], purpose: w.us ? 'location_information' : 'reestablish_contact',
  })));
  // A text to the debtor's first phone and a number not on file: other places, other groups.
  return [...debtor, ...third, { channel: 'sms', party: 'debtor', phoneId: facts.debtor.phones[0]!.id, debtIds: w.debts, collectors: [] },
    { channel: 'call', party: 'debtor', number: w.us ? '+14155550199' : '+8613700137000', debtIds: w.debts, collectors: [] }];
}

const earlyClose = (base: Pack): Pack => tighten(base, {
  organisation: 'prop', windows: { [base.windows[0]!.id]: { mon: [['09:00', '17:00']], sat: [], sun: [] } }, caps: base.country === 'US' ? { 'us.frequency.calls_per_7_days': 3 } : { 'cn.connected_calls_per_day': 1 },
});
const TIGHT = { us: earlyClose(usRegf), cn: earlyClose(cn) };

describe('evaluateEach', () => {
  it('decides every phone as evaluate() does one at a time, at any sequence of times, with what it keeps between calls', () => {
    fc.assert(
      fc.property(world, (w) => {
        const input = factsOf(w);
        const facts = Facts.parse(input);
        const attempts = attemptsOf(w, facts);
        const prepared = prepareHistory(facts.history);
        for (const m of w.times) {
          for (const pack of w.us ? [usRegf, TIGHT.us] : [cn, TIGHT.cn]) {
            const now = new Date(START + m * 60_000);
            const each = evaluateEach(pack, facts, attempts, now, prepared);
            // The reference: fresh objects every time, so nothing kept between calls can help it.
            const alone = attempts.map((a) => evaluate(pack, Facts.parse(structuredClone(input)), structuredClone(a), now));
            expect(each).toEqual(alone);
          }
        }
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it("gives the queue what evaluateEach's decisions say: open when one phone may be called, else each phone's time and first blocking rule", () => {
    const summary = (decisions: Decision[]) => (decisions.some((d) => d.decision !== 'block') ? null : decisions.map((d) => ({
      allowedFrom: d.allowedFrom === null ? null : Date.parse(d.allowedFrom), rule: d.reasons.find((r) => r.severity === 'block')!.rule,
    })));
    fc.assert(
      fc.property(world, (w) => {
        const facts = Facts.parse(factsOf(w));
        const attempts = attemptsOf(w, facts);
        const prepared = prepareHistory(facts.history);
        for (const m of w.times) {
          for (const pack of w.us ? [usRegf, TIGHT.us] : [cn, TIGHT.cn]) {
            const now = new Date(START + m * 60_000);
            // Asked in both orders, so neither leaves the other something to lean on.
            const open = untilOpen(pack, facts, attempts, now, prepared);
            expect(open).toEqual(summary(evaluateEach(pack, facts, attempts, now, prepared)));
            expect(untilOpen(pack, Facts.parse(factsOf(w)), attempts, now)).toEqual(open);
          }
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('compares every field of an attempt when it groups phones of one person', () => {
    // The compiler holds ATTEMPT_FIELDS to the schema; the schema's own list must match it too.
    expect(Object.keys(ATTEMPT_FIELDS).sort()).toEqual(Object.keys(Facts.shape.history.unwrap().element.shape).filter((k) => k !== 'id' && k !== 'at' && k !== 'result').sort());
  });
});
