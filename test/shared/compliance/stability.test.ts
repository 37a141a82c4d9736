// untilOpen with `stable` says until when its answer holds on the same facts, so the console's
// queue can keep the answer instead of the facts (electron/core/compliance/gate-verdicts.ts). For
// any facts (both packs, many zones, holds and consents starting and ending later, times named
// inconvenient, blocked dates, contacts dated ahead of `now`), asked at any instant, the answer
// at every later instant before that time must be the one a fresh evaluation gives then. The
// instants asked include each edge itself and the millisecond before it, across the US and EU
// clock changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { untilOpen, type Stable } from '../../../shared/compliance/evaluate';
import { Facts, type Attempt, type FactsInput } from '../../../shared/compliance/facts';
import type { Pack } from '../../../shared/compliance/pack';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { tighten } from '../../../shared/compliance/tighten';

const START = Date.parse('2026-03-05T00:00:00Z'); // three days before the US clocks change
const DAYS = 16;
const RESULTS = ['conversation', 'no_answer', 'voicemail', 'busy', 'not_in_service'] as const;
const US_NUMBERS = ['+12125550123', '+13105550123', '+17025550123', '+12155550123', '+16175550123', '+18085550123', '+19075550123'];
const US_ADDRESSES = [
  { country: 'US', region: 'NY', postalCode: '10001' }, { country: 'US', region: 'NV', postalCode: '89101' },
  { country: 'US', region: 'MA', postalCode: '02108' }, { country: 'US', region: 'AZ', postalCode: '85001' }, { country: 'US' },
];
const CN_NUMBERS = ['+8613800138000', '+862162345678', '+869912345678'];
const CN_ADDRESSES = [{ country: 'CN', region: '上海市', postalCode: '200000' }, { country: 'CN', region: '新疆维吾尔自治区' }];
const HOLDS = ['cease', 'dispute', 'attorney', 'do_not_call'] as const;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const minute = (max: number) => fc.integer({ min: 0, max });
const at = (m: number) => new Date(START + m * 60_000).toISOString();
const SPAN = DAYS * 24 * 60;

const world = fc.record({
  us: fc.boolean(),
  address: fc.nat(4),
  phones: fc.uniqueArray(fc.record({ n: fc.nat(6), type: fc.constantFrom('mobile' as const, 'home' as const, 'work' as const) }), { minLength: 1, maxLength: 3, selector: (p) => p.n }),
  third: fc.option(fc.record({ n: fc.nat(6), askedAt: fc.option(minute(SPAN), { nil: undefined }) }), { nil: undefined }),
  holds: fc.array(fc.record({ kind: fc.constantFrom(...HOLDS), from: minute(SPAN), lifted: fc.option(minute(SPAN), { nil: undefined }), phone: fc.option(fc.nat(2), { nil: undefined }) }), { maxLength: 2 }),
  consents: fc.array(fc.record({ scope: fc.constantFrom('call_frequency' as const, 'time_of_day' as const, 'workplace' as const), from: minute(SPAN), expires: fc.option(minute(SPAN), { nil: undefined }) }), { maxLength: 2 }),
  inconvenient: fc.option(fc.record({ days: fc.subarray([...WEEKDAYS], { minLength: 1 }), from: fc.nat(23), to: fc.nat(23), namedAt: fc.option(minute(SPAN), { nil: undefined }) }), { nil: undefined }),
  workplaceSince: fc.option(minute(SPAN), { nil: undefined }),
  history: fc.array(fc.record({ m: minute(SPAN), phone: fc.nat(2), result: fc.constantFrom(...RESULTS) }), { maxLength: 12 }),
  tight: fc.boolean(),
  times: fc.array(minute(SPAN), { minLength: 1, maxLength: 3 }),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

const hhmm = (h: number) => `${String(h).padStart(2, '0')}:00`;

function factsOf(w: World): Facts {
  const numbers = w.us ? US_NUMBERS : CN_NUMBERS;
  const phones = w.phones.map((p, i) => ({ id: `p${i}`, number: numbers[p.n % numbers.length]!, type: p.type }));
  const third = w.third && {
    id: 'tp', relation: 'relative' as const, phones: [{ id: 'tp-m', number: numbers[w.third.n % numbers.length]!, type: 'mobile' as const }],
    askedNoContact: w.third.askedAt !== undefined, ...(w.third.askedAt !== undefined ? { askedNoContactAt: at(w.third.askedAt) } : {}), requestedFurtherContact: true,
  };
  const input: FactsInput = {
    debtor: {
      id: 'debtor',
      address: (w.us ? US_ADDRESSES : CN_ADDRESSES)[w.address % (w.us ? US_ADDRESSES.length : CN_ADDRESSES.length)]!,
      phones,
      holds: w.holds.map((h) => ({
        kind: h.kind, effectiveAt: at(h.from), ...(h.lifted !== undefined && h.lifted > h.from ? { liftedAt: at(h.lifted) } : {}),
        ...(h.kind === 'do_not_call' && h.phone !== undefined && h.phone < phones.length ? { phoneId: phones[h.phone]!.id } : {}),
      })),
      consents: w.consents.map((c) => ({ scope: c.scope, givenTo: 'collector' as const, givenAt: at(c.from), ...(c.expires !== undefined && c.expires > c.from ? { expiresAt: at(c.expires) } : {}) })),
      inconvenientTimes: w.inconvenient && w.inconvenient.from !== w.inconvenient.to
        ? [{ weekdays: w.inconvenient.days, from: hhmm(w.inconvenient.from), to: hhmm(w.inconvenient.to), ...(w.inconvenient.namedAt !== undefined ? { namedAt: at(w.inconvenient.namedAt) } : {}) }]
        : [],
      workplaceContactProhibited: w.workplaceSince !== undefined,
      ...(w.workplaceSince !== undefined ? { workplaceContactProhibitedSince: at(w.workplaceSince) } : {}),
    },
    thirdParties: third ? [third] : [],
    // Newest first, as the console's timeline gives it; some are dated after the instants asked.
    history: [...w.history].sort((a, b) => b.m - a.m).map((c) => ({ at: at(c.m), channel: 'call', party: 'debtor', phoneId: phones[c.phone % phones.length]!.id, debtIds: [], result: c.result })),
  };
  return Facts.parse(input);
}

function attemptsOf(w: World, facts: Facts): Attempt[] {
  const debtor = facts.debtor.phones.map((p): Attempt => ({ channel: 'call', party: 'debtor', phoneId: p.id, debtIds: [], collectors: [] }));
  const third = facts.thirdParties.flatMap((t) => t.phones.map((p): Attempt => ({
    channel: 'call', party: 'third_party', partyId: t.id, phoneId: p.id, debtIds: [], collectors: [], purpose: w.us ? 'location_information' : 'reestablish_contact',
  })));
  return [...debtor, ...third];
}

// Organisation policies: a narrower window with days off, a lower cap, and blocked dates (one on
// the day the US clocks change).
const tight = (base: Pack): Pack => tighten(base, {
  organisation: 'prop', windows: { [base.windows[0]!.id]: { mon: [['09:00', '12:00'], ['13:00', '17:00']], sat: [], sun: [] } },
  caps: base.country === 'US' ? { 'us.frequency.calls_per_7_days': 2 } : { 'cn.connected_calls_per_day': 1 },
  blockedDates: [{ date: '2026-03-08' }, { date: '2026-03-12' }],
});
const PACKS = { us: [usRegf, tight(usRegf)], cn: [cn, tight(cn)] };

/** Instants to check inside [from, until): a spread, and the last millisecond before `until`. */
function laterInstants(from: number, until: number): number[] {
  const end = Math.min(until, from + 20 * 86_400_000);
  const out: number[] = [];
  for (let k = 1; k <= 6; k++) out.push(from + Math.floor(((end - from) * k) / 7));
  if (until < Infinity) out.push(until - 1);
  return out.filter((t) => t > from && t < until);
}

describe('how long an answer of untilOpen holds', () => {
  it('gives, at every instant before the time it names, the answer a fresh evaluation gives then', () => {
    let kept = 0;
    let asked = 0;
    fc.assert(
      fc.property(world, (w) => {
        const facts = factsOf(w);
        const attempts = attemptsOf(w, facts);
        const pack = PACKS[w.us ? 'us' : 'cn'][w.tight ? 1 : 0]!;
        for (const m of w.times) {
          const now = START + m * 60_000;
          const stable: Stable = { until: -1 };
          const answer = untilOpen(pack, facts, attempts, new Date(now), undefined, stable);
          // Asking for how long changes nothing in the answer.
          expect(answer).toEqual(untilOpen(pack, facts, attempts, new Date(now)));
          expect(stable.until).toBeGreaterThanOrEqual(now);
          asked++;
          if (stable.until > now + 60_000) kept++;
          for (const t of laterInstants(now, stable.until)) {
            expect({ t: new Date(t).toISOString(), answer: untilOpen(pack, factsOf(w), attempts, new Date(t)) }).toEqual({ t: new Date(t).toISOString(), answer });
          }
        }
      }),
      { numRuns: 300 },
    );
    // Most answers are kept for more than a minute, or the queue would gain nothing.
    expect(kept / asked).toBeGreaterThan(0.8);
  }, 180_000);
});
