// Gate throughput (issue 3: at least 100k decisions per second for accounts with 20 history
// events each). 10,000 distinct accounts per pack, each with 20 contacts listed newest first as
// the console's timeline gives them, decided at times that give a realistic mix: about half
// allowed, the rest warned (us-regf only: cn has no warning rules), blocked by the calling window
// or blocked by a call cap, and for cn one call in twenty to an emergency contact, refused while
// the debtor is reachable. A block includes finding when the attempt is next allowed.
//
// Baseline, measured in the same run on the same accounts: validating their facts with zod
// (`Facts.parse`), the boundary every account's facts cross before the gate decides for each of
// its phones (electron/core/compliance/gate.ts). `ratio` = decisions per second / validations
// per second: how many decisions cost as much as reading one account's facts.
//
// Each pass validates every account afresh (the baseline's timing), then decides once per account
// on those new objects, so no per-object state from an earlier pass helps; the facts of 10,000
// accounts do not fit in cache, so the figure also pays for reading them from memory. Pass 0
// warms the JIT and the engine's per-number memo of phone locations (20,000 numbers; a number
// never seen costs a libphonenumber parse on its first decision) and is not counted; the figure
// is the median of the other passes. The mix is printed on stderr and checked, so the bench
// cannot drift to all-allowed.
import { evaluate, Facts, type Attempt, type Decision, type FactsInput, type Pack } from '../../shared/compliance';
import { cn, usRegf } from '../../shared/compliance/packs';
import { type Bench, median } from './bench';

const ACCOUNTS = 10_000;
const PASSES = 7;
const EVENTS = 20;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Case {
  raw: FactsInput;
  attempt: Attempt;
  now: Date;
}

type ContactInput = NonNullable<FactsInput['history']>[number];
type Result = ContactInput['result'];

const iso = (ms: number) => new Date(ms).toISOString();
const debtorCall = (at: number, result: Result, over: Partial<ContactInput> = {}): ContactInput => ({
  at: iso(at),
  channel: 'call',
  party: 'debtor',
  phoneId: 'm',
  debtIds: ['d1'],
  result,
  ...over,
});
const attempt = (over: Partial<Attempt> = {}): Attempt => ({ channel: 'call', party: 'debtor', phoneId: 'm', debtIds: [], collectors: [], ...over });

/** The console's facts list the history as its timeline shows it: newest first. */
const newestFirst = (history: ContactInput[]) => history.sort((a, b) => b.at.localeCompare(a.at));

/** Old history (9 to 30 days back): whatever happened then no longer limits today. */
function oldContacts(now: number, n: number, i: number): ContactInput[] {
  const results: Result[] = ['no_answer', 'voicemail', 'conversation', 'busy', 'no_answer', 'failed', 'limited_content_message'];
  return Array.from({ length: n }, (_, k) => {
    const at = now - 30 * DAY + k * (20 * DAY / n) + ((i * 37 + k * 11) % 600) * MINUTE;
    if (k % 6 === 5) return debtorCall(at, 'conversation', { channel: 'sms', phoneId: 'm' });
    return debtorCall(at, results[(i + k) % results.length]!, { phoneId: k % 3 === 0 ? 'h' : 'm', debtIds: k % 4 === 0 ? ['d1', 'd2'] : ['d1'] });
  });
}

// --- us-regf: debtors across the continental zones; some have a phone from another state. ---

const US_PLACES = [
  { zip: '10001', region: 'NY', area: '212', offset: -4 },
  { zip: '90012', region: 'CA', area: '213', offset: -7 },
  { zip: '60601', region: 'IL', area: '312', offset: -5 },
  { zip: '75201', region: 'TX', area: '214', offset: -5 },
  { zip: '89101', region: 'NV', area: '702', offset: -7 },
  { zip: '19103', region: 'PA', area: '215', offset: -4 },
  { zip: '85004', region: 'AZ', area: '602', offset: -7 },
  { zip: '33131', region: 'FL', area: '305', offset: -4 },
  { zip: '80202', region: 'CO', area: '303', offset: -6 },
];

/** An instant at a local wall-clock time (June 2026, offsets as listed) on one of five days. */
const localInstant = (i: number, offsetHours: number, hour: number, minute: number) =>
  Date.UTC(2026, 5, 8 + (i % 5), hour, minute) - offsetHours * HOUR;

function usCase(i: number): Case {
  const home = US_PLACES[i % US_PLACES.length]!;
  const moved = i % 7 === 0 ? US_PLACES[(i + 3) % US_PLACES.length]! : home;
  const scenario = i % 10;
  // 5 in 10 mid-day (allowed unless something else applies), 2 outside the window.
  const hour = scenario === 6 ? 6 : scenario === 7 ? 21 : 12 + (i % 3);
  const now = localInstant(i, home.offset, hour, (i * 7) % 60);
  const recent: ContactInput[] = [];
  if (scenario === 8) {
    // Seven counted calls in the last seven days: the 7-in-7 presumption blocks.
    for (let d = 6; d >= 1; d--) recent.push(debtorCall(now - d * DAY, d % 2 ? 'no_answer' : 'voicemail'));
    recent.push(debtorCall(now - 2 * HOUR, 'no_answer', { phoneId: 'h' }));
  } else if (scenario === 9) {
    // A conversation two days ago: no call for seven days from its date.
    for (const d of [6, 5, 4, 3]) recent.push(debtorCall(now - d * DAY, 'no_answer'));
    recent.push(debtorCall(now - 2 * DAY, 'conversation'), debtorCall(now - 1 * DAY, 'conversation', { channel: 'email', phoneId: undefined }));
    recent.push(debtorCall(now - 20 * HOUR, 'busy'));
  } else {
    // Four counted calls, a busy one and a text in the last week: within the presumptions.
    for (const d of [6, 4, 3, 1]) recent.push(debtorCall(now - d * DAY, d % 2 ? 'voicemail' : 'no_answer'));
    recent.push(debtorCall(now - 5 * DAY, 'busy'));
    // Warned: an unanswered call to the same number three minutes ago.
    recent.push(scenario === 5 ? debtorCall(now - 3 * MINUTE, 'no_answer') : debtorCall(now - 2 * DAY, 'conversation', { channel: 'sms' }));
  }
  const history = newestFirst([...oldContacts(now, EVENTS - recent.length, i), ...recent]);
  const raw: FactsInput = {
    debtor: {
      id: `us-${i}`,
      address: { country: 'US', region: home.region, postalCode: home.zip },
      phones: [
        { id: 'm', number: `+1${moved.area}555${String(1000 + (i % 9000)).padStart(4, '0')}`, type: 'mobile' },
        { id: 'h', number: `+1${home.area}555${String(2000 + (i % 7000)).padStart(4, '0')}`, type: 'home' },
      ],
      holds: i % 4 === 0 ? [{ kind: 'dispute', effectiveAt: iso(now - 40 * DAY), liftedAt: iso(now - 35 * DAY) }] : [],
    },
    thirdParties: [{ id: 'tp', relation: 'relative', phones: [{ id: 'tp-m', number: `+1${home.area}555${String(3000 + (i % 6000)).padStart(4, '0')}`, type: 'mobile' }] }],
    history,
  };
  return { raw, attempt: attempt({ debtIds: i % 3 === 0 ? [] : ['d1'] }), now: new Date(now) };
}

// --- cn: Beijing time for everyone; caps per Beijing day. ---

function cnCase(i: number): Case {
  const scenario = i % 10;
  const hour = scenario === 6 ? 7 : scenario === 7 ? 22 : 10 + (i % 6);
  const now = localInstant(i, 8, hour, (i * 7) % 60);
  const today: ContactInput[] = [];
  if (scenario === 8) {
    // Three connected calls today (by different agents): the daily cap blocks until tomorrow.
    for (const h of [5, 3, 1]) today.push(debtorCall(now - h * HOUR + 7 * MINUTE, 'conversation', { agentId: `a${h}` }));
  } else if (scenario === 9) {
    // Six unanswered attempts on the mobile today.
    for (let k = 0; k < 6; k++) today.push(debtorCall(now - (k + 1) * 20 * MINUTE, k % 2 ? 'busy' : 'no_answer'));
  } else {
    today.push(debtorCall(now - 2 * HOUR, 'conversation'), debtorCall(now - 1 * HOUR, 'no_answer'), debtorCall(now - 30 * MINUTE, 'no_answer', { phoneId: 'h' }));
  }
  const history = newestFirst([...oldContacts(now, EVENTS - today.length, i), ...today].map((c) => ({ ...c, debtIds: ['loan-1'] })));
  const raw: FactsInput = {
    debtor: {
      id: `cn-${i}`,
      address: { country: 'CN', region: i % 2 ? '上海市' : '广东省', postalCode: i % 2 ? '200000' : '510000' },
      phones: [
        { id: 'm', number: `+86138${String(10_000_000 + i).slice(-8)}`, type: 'mobile' },
        { id: 'h', number: `+8621${String(60_000_000 + i).slice(-8)}`, type: 'home' },
      ],
      holds: i % 4 === 0 ? [{ kind: 'dispute', effectiveAt: iso(now - 40 * DAY), liftedAt: iso(now - 35 * DAY) }] : [],
    },
    thirdParties: [{ id: 'ec', relation: 'emergency_contact', phones: [{ id: 'ec-m', number: `+86139${String(10_000_000 + i).slice(-8)}`, type: 'mobile' }] }],
    history,
  };
  // One account in twenty calls the emergency contact instead (refused: the debtor is reachable).
  const who = i % 20 === 3 ? attempt({ party: 'third_party', partyId: 'ec', phoneId: 'ec-m', purpose: 'reestablish_contact' }) : attempt({ debtIds: ['loan-1'] });
  return { raw, attempt: who, now: new Date(now) };
}

/** What a decision is, for the mix printed on stderr. */
function kind(d: Decision): string {
  if (d.decision !== 'block') return d.decision;
  const rule = d.reasons.find((r) => r.severity === 'block')!.rule;
  if (/time_of_day|state_window|quiet_hours/.test(rule)) return 'block:window';
  if (/frequency|per_day|per_number/.test(rule)) return 'block:cap';
  return `block:${rule}`;
}

function gateBench(name: string, pack: Pack, build: (i: number) => Case, required: string[]): Bench {
  return {
    name,
    async run() {
      const cases = Array.from({ length: ACCOUNTS }, (_, i) => build(i));
      for (const c of cases) if (c.raw.history!.length !== EVENTS) throw new Error(`${name}: account with ${c.raw.history!.length} events`);
      const parseRates: number[] = [];
      const decideRates: number[] = [];
      const mix = new Map<string, number>();
      let blocked = -1;
      // Pass 0 warms up and records the mix; the others are measured. A measured pass keeps no
      // decision (the console hands each one on): it counts the blocks, which must not change.
      for (let pass = 0; pass <= PASSES; pass++) {
        let t0 = performance.now();
        const facts = cases.map((c) => Facts.parse(c.raw));
        const parseMs = performance.now() - t0;
        let blocks = 0;
        t0 = performance.now();
        for (let i = 0; i < ACCOUNTS; i++) {
          const d = evaluate(pack, facts[i]!, cases[i]!.attempt, cases[i]!.now);
          if (d.decision === 'block') blocks++;
          if (pass === 0) mix.set(kind(d), (mix.get(kind(d)) ?? 0) + 1);
        }
        const decideMs = performance.now() - t0;
        if (pass === 0) blocked = blocks;
        else {
          if (blocks !== blocked) throw new Error(`${name}: ${blocks} blocks in pass ${pass}, ${blocked} in pass 0`);
          parseRates.push(ACCOUNTS / (parseMs / 1000));
          decideRates.push(ACCOUNTS / (decideMs / 1000));
        }
      }
      const shares = [...mix].sort().map(([k, n]) => `${k} ${((100 * n) / ACCOUNTS).toFixed(0)}%`);
      process.stderr.write(`${name}: ${ACCOUNTS} accounts × ${EVENTS} events; mix ${shares.join(', ')}\n`);
      for (const k of required) if (!mix.has(k)) throw new Error(`${name}: the mix lacks ${k} (${shares.join(', ')})`);
      return { value: median(decideRates), unit: 'decisions/s', baseline: median(parseRates), baselineName: 'zod Facts.parse of the same accounts (validations/s)' };
    },
  };
}

export const benches: Bench[] = [
  gateBench('gate.us-regf.20-events', usRegf, usCase, ['allow', 'warn', 'block:window', 'block:cap']),
  gateBench('gate.cn.20-events', cn, cnCase, ['allow', 'block:window', 'block:cap']),
];
