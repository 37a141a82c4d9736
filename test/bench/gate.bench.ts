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
import { AccountFactsCache } from '../../electron/core/compliance/account-facts';
import { GateVerdicts } from '../../electron/core/compliance/gate-verdicts';
import { factsFor } from '../../electron/core/compliance/facts-from-store';
import { eligibility, eligibilityOf, gateAccount } from '../../electron/core/compliance/gate';
import type { AccountDetail, AccountGate } from '../../shared/api/contract';
import type { BlockInput } from '../../shared/queue';
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
  /** The address's zone as the store keeps it (the console's account row). */
  zone: string;
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
  { zip: '10001', region: 'NY', area: '212', offset: -4, zone: 'America/New_York' },
  { zip: '90012', region: 'CA', area: '213', offset: -7, zone: 'America/Los_Angeles' },
  { zip: '60601', region: 'IL', area: '312', offset: -5, zone: 'America/Chicago' },
  { zip: '75201', region: 'TX', area: '214', offset: -5, zone: 'America/Chicago' },
  { zip: '89101', region: 'NV', area: '702', offset: -7, zone: 'America/Los_Angeles' },
  { zip: '19103', region: 'PA', area: '215', offset: -4, zone: 'America/New_York' },
  { zip: '85004', region: 'AZ', area: '602', offset: -7, zone: 'America/Phoenix' },
  { zip: '33131', region: 'FL', area: '305', offset: -4, zone: 'America/New_York' },
  { zip: '80202', region: 'CO', area: '303', offset: -6, zone: 'America/Denver' },
];

/** An instant at a local wall-clock time (June 2026, offsets as listed) on one of five days. */
const localInstant = (i: number, offsetHours: number, hour: number, minute: number) =>
  Date.UTC(2026, 5, 8 + (i % 5), hour, minute) - offsetHours * HOUR;

export function usCase(i: number): Case {
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
  return { raw, attempt: attempt({ debtIds: i % 3 === 0 ? [] : ['d1'] }), now: new Date(now), zone: home.zone };
}

// --- cn: Beijing time for everyone; caps per Beijing day. ---

export function cnCase(i: number): Case {
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
  return { raw, attempt: who, now: new Date(now), zone: 'Asia/Shanghai' };
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

// --- The gate as the product pays for it ---------------------------------------------------------
//
// gate.product.*: what the console runs per account, on the same 10,000 accounts as above as the
// store gives them (two debtor phones and a third party each), from the account's detail:
// - gate.product.sweep.<pack>: the question the queue's sweep asks of every account every few
//   minutes and again whenever an account changes (core.ts gateForQueue, gate.ts eligibilityOf):
//   may the queue offer the account now, or until when and by which rule is it blocked;
// - gate.product.screen.<pack>: every phone decided with every reason and its message, as the
//   account screen and the dial ask for one account at a time (gate.ts gateAccount).
// The screen reads the account's facts through the console's cache (account-facts.ts: compared
// with the detail value by value, built and validated with the strict zod schemas only when the
// account changed); the sweep keeps each account's answer and until when it holds instead
// (gate-verdicts.ts), deciding afresh from facts it drops when the data or that time say so. The details are read as the sweep reads them: a fresh copy of each slice of
// 250 accounts just before it is gated, built outside the timing. Pass 0 sees every account for
// the first time (its rate is printed on stderr as first sight); the other passes are sweeps
// over unchanged accounts, the console's steady state; the figure is their median.
//
// Baseline, same run, same details: the gate as it was before the speed work (issue 19): a zod
// Facts.parse of factsFor's output on every call and one evaluate per phone, the account's gate
// built from the decisions, and for the sweep its eligibility. Every pass checks that both give
// the same blocks, and pass 0 that they give every account the same answer.

const SLICE = 250;

export function detailOf(c: Case, region: 'US' | 'CN', i: number): AccountDetail {
  const id = `acc-${region}-${i}`;
  const raw = c.raw;
  const debtorParty = `${id}-debtor`;
  const third = raw.thirdParties![0]!;
  const phones: AccountDetail['phones'] = [
    ...raw.debtor.phones!.map((p) => ({ id: p.id, accountId: id, partyId: debtorParty, number: p.number, type: p.type, consent: 'none' as const, timeZone: null })),
    ...third.phones!.map((p) => ({ id: p.id, accountId: id, partyId: third.id, number: p.number, type: p.type, consent: 'none' as const, timeZone: null })),
  ];
  // The console's timeline lists calls (a text is no call item there), newest first.
  const timeline = raw.history!.filter((h) => h.channel === 'call').map((h, k) => ({
    id: `${id}-e${k}`, at: h.at, source: 'local' as const, kind: 'call', actor: h.agentId ?? 'agent', result: h.result, amountMinor: null, dueDate: null, note: '',
    call: { callId: `${id}-c${k}`, phoneId: h.phoneId ?? 'm', partyId: h.party === 'debtor' ? debtorParty : third.id, contact: h.result, closes: false, recorded: false },
  }));
  return {
    account: {
      id, ref: `REF-${region}-${i}`, region, currency: region === 'US' ? 'USD' : 'CNY', debtorName: `Debtor ${i}`, address: `${i} Main St`,
      province: raw.debtor.address.region!, postalCode: raw.debtor.address.postalCode!, timeZone: c.zone, assignedTo: 'u1', teamId: 't1',
    },
    debts: [{ id: `${id}-d1`, accountId: id, lender: 'Lender', product: 'Loan', principalMinor: 100_00, feesMinor: 0, balanceMinor: 100_00, dueDate: '2026-05-01', stage: 'late' }],
    parties: [
      { id: debtorParty, accountId: id, kind: 'debtor', relation: 'self', name: `Debtor ${i}` },
      { id: third.id, accountId: id, kind: 'third_party', relation: third.relation === 'other' ? 'friend' : third.relation, name: 'Contact' },
    ],
    phones,
    holds: (raw.debtor.holds ?? []).map((h, k) => ({ id: `${id}-h${k}`, accountId: id, partyId: null, phoneId: null, kind: h.kind, note: '', effectiveAt: h.effectiveAt, liftedAt: h.liftedAt ?? null })),
    today: c.now.toISOString().slice(0, 10),
    timeline,
  };
}

/** The gate before: a full zod parse of the facts on every gateAccount, one evaluate per phone, the account's gate built from them. */
function gateBefore(detail: AccountDetail, pack: Pack, now: Date): AccountGate {
  const facts = Facts.parse(factsFor(detail));
  const thirdParties = new Set(facts.thirdParties.map((p) => p.id));
  const phones = detail.phones.map((phone) => {
    const third = thirdParties.has(phone.partyId);
    const d = evaluate(pack, facts, {
      channel: 'call', party: third ? 'third_party' : 'debtor', ...(third ? { partyId: phone.partyId, purpose: pack.country === 'CN' ? 'reestablish_contact' as const : 'location_information' as const } : {}),
      phoneId: phone.id, debtIds: [], collectors: [],
    }, now);
    return { phoneId: phone.id, partyId: phone.partyId, decision: d.decision, allowedFrom: d.decision === 'block' ? d.allowedFrom : null, reasons: d.reasons };
  });
  return { packId: pack.id, packVersion: pack.version, evaluatedAt: now.toISOString(), phones };
}

type Way = 'sweep' | 'screen';

export function productBench(name: string, way: Way, pack: Pack, region: 'US' | 'CN', build: (i: number) => Case): Bench {
  return {
    name,
    async run() {
      const cases = Array.from({ length: ACCOUNTS }, (_, i) => build(i));
      const slices: string[] = [];
      for (let i = 0; i < ACCOUNTS; i += SLICE) slices.push(JSON.stringify(cases.slice(i, i + SLICE).map((c, k) => detailOf(c, region, i + k))));
      const packs = () => pack;
      const cache = new AccountFactsCache();
      const verdicts = new GateVerdicts(); // the sweep keeps answers, not facts (gate-verdicts.ts)
      const answers: (BlockInput | null)[] = new Array(ACCOUNTS);
      const productRates: number[] = [];
      const beforeRates: number[] = [];
      let firstSight = 0;
      let blocked = -1;
      // One pass of the product, or of the gate before, over every slice: returns its milliseconds
      // and the blocks it found (phones blocked on the screen, accounts blocked for the sweep).
      const sweep = (product: boolean, pass: number): { ms: number; blocks: number } => {
        let ms = 0;
        let blocks = 0;
        for (let s = 0; s < slices.length; s++) {
          const details = JSON.parse(slices[s]!) as AccountDetail[];
          const t0 = performance.now();
          for (let k = 0; k < details.length; k++) {
            const i = s * SLICE + k;
            const now = cases[i]!.now;
            if (way === 'sweep') {
              const answer = product ? eligibilityOf(details[k]!, now, packs, verdicts) : eligibility(gateBefore(details[k]!, pack, now));
              if (answer) blocks++;
              if (pass === 0 && product) answers[i] = answer;
              if (pass === 0 && !product && JSON.stringify(answer) !== JSON.stringify(answers[i])) {
                throw new Error(`${name}: account ${i}: the product says ${JSON.stringify(answers[i])}, the gate before ${JSON.stringify(answer)}`);
              }
            } else {
              const g = product ? gateAccount(details[k]!, now, packs, cache) : gateBefore(details[k]!, pack, now);
              for (const p of g.phones) if (p.decision === 'block') blocks++;
            }
          }
          ms += performance.now() - t0;
        }
        return { ms, blocks };
      };
      // Pass 0 of both, compared account by account; then the product's sweeps one after the
      // other, as the console runs them, and the gate before's (not interleaved: the gate before
      // leaves far more garbage, whose collection would land in the product's passes).
      const first = sweep(true, 0);
      const firstBefore = sweep(false, 0);
      if (firstBefore.blocks !== first.blocks) throw new Error(`${name}: the gate before found ${firstBefore.blocks} blocks, the product ${first.blocks}`);
      blocked = first.blocks;
      firstSight = ACCOUNTS / (first.ms / 1000);
      for (const product of [true, false]) {
        for (let pass = 1; pass <= PASSES; pass++) {
          const r = sweep(product, pass);
          if (r.blocks !== blocked) throw new Error(`${name}: ${r.blocks} blocks in pass ${pass} of the ${product ? 'product' : 'gate before'}, ${blocked} in pass 0`);
          (product ? productRates : beforeRates).push(ACCOUNTS / (r.ms / 1000));
        }
      }
      const what = way === 'sweep' ? 'accounts blocked' : 'phones blocked';
      process.stderr.write(`${name}: ${ACCOUNTS} accounts × 3 phones; ${what} ${blocked}; first sight (every account built and validated) ${Math.round(firstSight)} accounts/s\n`);
      if (blocked === 0 || (way === 'sweep' && blocked === ACCOUNTS)) throw new Error(`${name}: the mix has ${blocked} ${what}`);
      const baselineName = way === 'sweep'
        ? "the sweep's question as before: eligibility of gateAccount with a zod Facts.parse on every call and one evaluate per phone (accounts/s)"
        : 'gateAccount as before: zod Facts.parse of the facts on every call, one evaluate per phone (accounts/s)';
      return { value: median(productRates), unit: 'accounts/s', baseline: median(beforeRates), baselineName };
    },
  };
}

export const benches: Bench[] = [
  productBench('gate.product.sweep.us-regf', 'sweep', usRegf, 'US', usCase),
  productBench('gate.product.sweep.cn', 'sweep', cn, 'CN', cnCase),
  productBench('gate.product.screen.us-regf', 'screen', usRegf, 'US', usCase),
  productBench('gate.product.screen.cn', 'screen', cn, 'CN', cnCase),
  gateBench('gate.us-regf.20-events', usRegf, usCase, ['allow', 'warn', 'block:window', 'block:cap']),
  gateBench('gate.cn.20-events', cn, cnCase, ['allow', 'block:window', 'block:cap']),
];
