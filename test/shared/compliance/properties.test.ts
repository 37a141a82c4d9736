// Properties the gate must keep whatever the facts: more history never unblocks a debtor call,
// a tightened pack never allows what its base blocks, and history order does not matter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pack } from '../../../shared/compliance/pack';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { tighten } from '../../../shared/compliance/tighten';
import { cnDoc, decide, usDoc, type DocInput } from './helpers';

const START = Date.parse('2026-02-25T00:00:00Z');
const RESULTS = ['conversation', 'no_answer', 'voicemail', 'limited_content_message', 'busy', 'not_in_service', 'failed'] as const;

const contact = fc.record({
  minutes: fc.integer({ min: 0, max: 14 * 24 * 60 }),
  channel: fc.constantFrom('call' as const, 'call' as const, 'sms' as const),
  phoneId: fc.constantFrom('m', 'h'),
  result: fc.constantFrom(...RESULTS),
  debtIds: fc.subarray(['d1', 'd2']),
});
type ContactArb = typeof contact extends fc.Arbitrary<infer T> ? T : never;
const toContact = ({ minutes, ...c }: ContactArb) => ({ ...c, at: new Date(START + minutes * 60_000).toISOString(), party: 'debtor' as const });

const scenario = fc.record({
  history: fc.array(contact, { maxLength: 14 }),
  extra: contact,
  nowMinutes: fc.integer({ min: 7 * 24 * 60, max: 15 * 24 * 60 }),
  phoneId: fc.constantFrom('m', 'h'),
  debt: fc.constantFrom('d1', 'd2'),
  consent: fc.option(fc.integer({ min: 0, max: 14 * 24 * 60 }), { nil: undefined }),
  pack: fc.constantFrom('us', 'cn'),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const phones = (country: 'us' | 'cn') =>
  country === 'us'
    ? [{ id: 'm', number: '+12125550123', type: 'mobile' as const }, { id: 'h', number: '+13105550123', type: 'home' as const }]
    : [{ id: 'm', number: '+8613800138000', type: 'mobile' as const }, { id: 'h', number: '+862162345678', type: 'home' as const }];

function doc(s: Scenario, history: ContactArb[]): DocInput {
  const build = s.pack === 'us' ? usDoc : cnDoc;
  return build(
    { attempt: { channel: 'call', party: 'debtor', phoneId: s.phoneId, debtIds: [s.debt] }, history: history.map(toContact) },
    {
      phones: phones(s.pack as 'us' | 'cn'),
      consents: s.consent === undefined ? [] : [{ scope: 'call_frequency', givenTo: 'collector', givenAt: new Date(START + s.consent * 60_000).toISOString() }],
    },
  );
}
const packOf = (s: Scenario): Pack => (s.pack === 'us' ? usRegf : cn);
const nowOf = (s: Scenario) => new Date(START + s.nowMinutes * 60_000).toISOString();

describe('gate properties', () => {
  it('adding a history event never turns a blocked debtor call into an allowed one', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const before = decide(packOf(s), doc(s, s.history), nowOf(s));
        const after = decide(packOf(s), doc(s, [...s.history, s.extra]), nowOf(s));
        if (before.decision === 'block') expect(after.decision).toBe('block');
      }),
      { numRuns: 300 },
    );
  });

  it('the decision does not depend on the order the history is given in', () => {
    fc.assert(
      fc.property(scenario, fc.func(fc.integer()), (s, key) => {
        const shuffled = [...s.history].sort((a, b) => key(a) - key(b));
        expect(decide(packOf(s), doc(s, shuffled), nowOf(s))).toEqual(decide(packOf(s), doc(s, s.history), nowOf(s)));
      }),
      { numRuns: 200 },
    );
  });

  it('a tightened pack never allows what the base pack blocks', () => {
    const override = fc.record({
      start: fc.integer({ min: 0, max: 4 }),
      end: fc.integer({ min: 0, max: 4 }),
      cap: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(scenario, override, (s, o) => {
        const base = packOf(s);
        const window = base.windows[0]!;
        const [from, to] = window.weekly.mon[0]!;
        const hh = (t: string, delta: number) => `${String(Number(t.slice(0, 2)) + delta).padStart(2, '0')}${t.slice(2)}`;
        const narrowed = { mon: [[hh(from, o.start), hh(to, -o.end)]] as [string, string][] };
        const capId = s.pack === 'us' ? 'us.frequency.calls_per_7_days' : 'cn.connected_calls_per_day';
        const tight = tighten(base, { organisation: 'prop', windows: { [window.id]: narrowed }, caps: { [capId]: base.caps[capId]!.value - o.cap } });
        const baseDecision = decide(base, doc(s, s.history), nowOf(s));
        if (baseDecision.decision === 'block') expect(decide(tight, doc(s, s.history), nowOf(s)).decision).toBe('block');
      }),
      { numRuns: 300 },
    );
  });

  it('a blocked call is allowed at its allowedFrom (nothing else happening)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const d = decide(packOf(s), doc(s, s.history), nowOf(s));
        if (d.decision !== 'block' || d.allowedFrom === null) return;
        expect(decide(packOf(s), doc(s, s.history.filter((c) => START + c.minutes * 60_000 < Date.parse(nowOf(s)))), d.allowedFrom).decision).not.toBe('block');
        // …and not a minute earlier.
        const earlier = new Date(Date.parse(d.allowedFrom) - 60_000).toISOString();
        if (Date.parse(earlier) >= Date.parse(nowOf(s)))
          expect(decide(packOf(s), doc(s, s.history.filter((c) => START + c.minutes * 60_000 < Date.parse(nowOf(s)))), earlier).decision).toBe('block');
      }),
      { numRuns: 300 },
    );
  });
});
