// The gate: `evaluate(pack, facts, attempt, now)` runs every rule family of the pack and returns
// every reason, not just the first. Pure: the clock is the `now` argument, nothing is read.
//
// It runs for every phone of every account the console shows, so it is built for throughput:
// the context is built once per decision (history parsed and ordered once, places remembered per
// number, see history.ts and places.ts), rules share what they derive through `ctx.index`, and
// the search for the next allowed time re-runs only the rules that can block, in a probing mode
// that skips building messages nobody reads. Deciding several phones at once (evaluateEach), the
// rule families that do not read the phone called (`personLevel`) run once for all the phones of
// one person at the same places, and the history can come prepared (prepareHistory) by a caller
// that decides on the same history again and again.
import type { Address, Attempt, Contact, Debtor, Facts, ThirdParty } from './facts';
import { addressLocations, dedupeLocations, phoneLocations } from './locations';
import { NO_REASONS, type Pack, type Reason, type RuleContext, type RuleFamily, type RuleReason } from './pack';
import { HistoryIndex, knownHistory } from './history';
import { placesFrom, placesOf, type Places } from './places';
import { changesAt, changesNow, pause, resume, stop, watch } from './stability';
import { DAY, isoUtc, parseInstant } from './time';

export type DecisionKind = 'allow' | 'warn' | 'block';

export interface Decision {
  decision: DecisionKind;
  packId: string;
  packVersion: string;
  /** The `now` the decision was made for (ISO, UTC). */
  evaluatedAt: string;
  /**
   * When the attempt may go ahead: `evaluatedAt` unless blocked; for a block, the first instant
   * at which no blocking reason applies any more (at least the latest of their allowedFrom), or
   * null when some block never lifts by time alone (a hold, a missing second collector, …).
   */
  allowedFrom: string | null;
  reasons: Reason[];
}

/** How far ahead the next allowed time is looked for before calling it "not by time alone". */
const SEARCH_LIMIT_DAYS = 400;

function thirdPartyOf(facts: Facts, attempt: Attempt): ThirdParty | null {
  if (attempt.party !== 'third_party') return null;
  for (const p of facts.thirdParties) if (p.id === attempt.partyId) return p;
  return null;
}

/** The phone called: the party's phone on file with the attempt's id (else its number), or the number dialled. */
function phoneOf(facts: Facts, attempt: Attempt, thirdParty: ThirdParty | null): RuleContext['phone'] {
  const phones = attempt.party === 'debtor' ? facts.debtor.phones : (thirdParty?.phones ?? NO_PHONES);
  if (attempt.phoneId !== undefined) for (const p of phones) if (p.id === attempt.phoneId) return p;
  if (attempt.number === undefined) return null;
  for (const p of phones) if (p.number === attempt.number) return p;
  return attempt.number ? { number: attempt.number } : null;
}

const NO_PHONES: ThirdParty['phones'] = [];

/**
 * Every place the person contacted may be when the contact lands, and their zones. Regulation F
 * asks for a time convenient at every place the collector's information says the consumer might
 * be (12 CFR 1006.6(b)(1)(i), comment 6(b)(1)(i)-1): for a call, text or email to the debtor
 * that is the address and every phone number on file, whichever number is used, since a person
 * who carries a phone from one place is reached at the others too. A visit happens at the
 * address. A third party is located by their own phones.
 */
function possiblePlaces(facts: Facts, attempt: Attempt, phone: RuleContext['phone'], thirdParty: ThirdParty | null): Places {
  const address = facts.debtor.address;
  if (attempt.channel === 'visit') return placesOf('address', address, null);
  if (attempt.party === 'third_party') {
    if (!thirdParty || thirdParty.phones.length === 0) return phone ? placesOf('phone', address, phone) : placesOf('address', address, null);
    return withNumber(thirdPartyPlaces(thirdParty, address), phone, address);
  }
  return withNumber(debtorPlaces(facts.debtor), phone, address);
}

/** The places of a person's phones on file plus a dialled number that is not on file. */
function withNumber(places: Places, phone: RuleContext['phone'], address: Address): Places {
  if (!phone || phone.id !== undefined) return places;
  return placesFrom(dedupeLocations([...places.locations, ...phoneLocations(phone, address.country)]));
}

// Remembered per parsed object: the console validates an account's facts once and decides for
// every phone on them (and again at every sweep) with the same objects.
const debtorMemo = new WeakMap<Debtor, Places>();
const thirdPartyMemo = new WeakMap<ThirdParty, Places>();

function debtorPlaces(debtor: Debtor): Places {
  let places = debtorMemo.get(debtor);
  if (!places) {
    const country = debtor.address.country;
    places = placesFrom(dedupeLocations([...addressLocations(debtor.address), ...debtor.phones.flatMap((p) => phoneLocations(p, country))]));
    debtorMemo.set(debtor, places);
  }
  return places;
}

function thirdPartyPlaces(party: ThirdParty, debtorAddress: Address): Places {
  let places = thirdPartyMemo.get(party);
  if (!places) {
    places = placesFrom(dedupeLocations(party.phones.flatMap((p) => phoneLocations(p, debtorAddress.country))));
    thirdPartyMemo.set(party, places);
  }
  return places;
}

/** What every decision on one account at one `now` shares: the history known then, indexed once. */
export interface SharedHistory {
  history: Contact[];
  times: number[];
  index: HistoryIndex;
}

export function sharedHistory(facts: Facts, cutoff: number): SharedHistory {
  const { history, times } = knownHistory(facts.history, cutoff);
  return { history, times, index: new HistoryIndex(history, times) };
}

/**
 * A history read, ordered and indexed once, for a caller that decides on it again and again (the
 * console's gate at every sweep): evaluateEach uses it for any `now` after its latest contact.
 * The history must not change afterwards (prepare it again when it does).
 */
export interface PreparedHistory extends SharedHistory {
  /** The contacts it was prepared from. */
  source: readonly Contact[];
  /** Its latest contact's time (epoch ms; -Infinity when empty). */
  latest: number;
}

export function prepareHistory(history: Contact[]): PreparedHistory {
  const known = knownHistory(history, Infinity);
  let latest = -Infinity;
  for (const t of known.times) if (t > latest) latest = t;
  return { ...known, index: new HistoryIndex(known.history, known.times, true), source: history, latest };
}

export function buildContext(pack: Pack, facts: Facts, attempt: Attempt, now: number, shared: SharedHistory = sharedHistory(facts, now), probing = false): RuleContext {
  const thirdParty = thirdPartyOf(facts, attempt);
  const phone = phoneOf(facts, attempt, thirdParty);
  const places = possiblePlaces(facts, attempt, phone, thirdParty);
  places.uses++;
  return {
    pack, facts, attempt, now, history: shared.history, times: shared.times, index: shared.index, phone, thirdParty,
    locations: places.locations, zones: places.zones, places, probing,
  };
}

/**
 * The reasons of the person-level families (RuleFamily.personLevel) for one group of attempts
 * that differ only in the phone called and reach the person at the same places: worked out for
 * the first attempt that needs them at each instant, and handed to the others.
 */
class PersonLevel {
  private readonly atNow: (readonly RuleReason[] | undefined)[];
  private probes: Map<number, (readonly RuleReason[] | undefined)[]> | undefined;

  /** `now`: the decisions' time (every context at it is built alike); the search for when a block lifts asks at later ones. */
  constructor(families: number, private readonly now: number) {
    this.atNow = [];
    for (let f = 0; f < families; f++) this.atNow.push(undefined);
  }

  reasons(f: number, family: RuleFamily, ctx: RuleContext): readonly RuleReason[] {
    let memo = this.atNow;
    if (ctx.now !== this.now) {
      this.probes ??= new Map();
      let atProbe = this.probes.get(ctx.now);
      if (!atProbe) this.probes.set(ctx.now, (atProbe = memo.map(() => undefined)));
      memo = atProbe;
    }
    return (memo[f] ??= family.evaluate(ctx));
  }
}

function runRules(ctx: RuleContext, person?: PersonLevel): readonly RuleReason[] {
  // Most runs find nothing: the list is made only for the first reason.
  let reasons: RuleReason[] | undefined;
  const families = ctx.pack.rules;
  for (let f = 0; f < families.length; f++) {
    const family = families[f]!;
    const out = person && family.personLevel ? person.reasons(f, family, ctx) : family.evaluate(ctx);
    // A family that does not say when its answer changes may change it at any time (stability.ts).
    if (!family.saysWhenItChanges && !family.warnsOnly) changesNow();
    for (let k = 0; k < out.length; k++) (reasons ??= []).push(out[k]!);
  }
  return reasons ?? NO_REASONS;
}

/**
 * The same facts, history and places with the clock at `now`, for the re-runs that look for the
 * next allowed time. Built field by field in buildContext's order (not with a spread) so every
 * context has one shape and the rules' property reads stay monomorphic.
 */
function probeAt(ctx: RuleContext, now: number): RuleContext {
  const { pack, facts, attempt, history, times, index, phone, thirdParty, locations, zones, places } = ctx;
  return { pack, facts, attempt, now, history, times, index, phone, thirdParty, locations, zones, places, probing: true };
}

/**
 * The first instant from which no block applies, assuming nothing new happens after `now`.
 * Each step jumps to the latest allowedFrom of the reasons blocking at the current candidate;
 * no blocked reason can clear before its own allowedFrom, so no step overshoots, and the
 * candidates only grow: it stops at the exact answer or at a reason time alone never lifts.
 */
function nextAllowed(ctx: RuleContext, reasons: readonly RuleReason[], person?: PersonLevel, limits?: SearchLimits): number | null {
  const now = ctx.now;
  let candidate = now;
  let next = latestLift(reasons, NO_BLOCK);
  let probe: RuleContext | undefined;
  for (let step = 0; step < 100; step++) {
    if (next === NO_BLOCK) return candidate;
    if (next === null || next <= candidate) return null;
    if (next > now + SEARCH_LIMIT_DAYS * DAY) {
      // Looked for from a later instant, this lift falls inside the search: the answer changes then.
      if (limits) limits.cutAt = Math.min(limits.cutAt, next - SEARCH_LIMIT_DAYS * DAY);
      return null;
    }
    candidate = next;
    // Same facts, same history known at `now`, only the clock moves (one probing context, moved along).
    if (probe) probe.now = candidate;
    else probe = probeAt(ctx, candidate);
    next = latestLiftAt(probe, person);
  }
  if (limits) limits.cutAt = now;
  return null;
}

/** Where nextAllowed's answer depends on the instant it starts from: the search's own limits. */
interface SearchLimits {
  /** The first instant from which the same search could end elsewhere (Infinity: none). */
  cutAt: number;
}

/** No block at all (any real time is finite). */
const NO_BLOCK = -Infinity;

/** The latest time the blocks among `reasons` lift, folded into `latest`; null when one never lifts by time. */
function latestLift(reasons: readonly RuleReason[], latest: number | null): number | null {
  for (let k = 0; k < reasons.length && latest !== null; k++) {
    const r = reasons[k]!;
    if (r.severity !== 'block') continue;
    latest = r.allowedFrom === null ? null : Math.max(latest, r.allowedFrom);
  }
  return latest;
}

/** The blocking rules re-run at the probe's time: when their blocks all lift (NO_BLOCK if none blocks, null if one never lifts). */
function latestLiftAt(probe: RuleContext, person?: PersonLevel): number | null {
  let latest: number | null = NO_BLOCK;
  const families = probe.pack.rules;
  for (let f = 0; f < families.length && latest !== null; f++) {
    const family = families[f]!;
    if (family.warnsOnly) continue;
    latest = latestLift(person && family.personLevel ? person.reasons(f, family, probe) : family.evaluate(probe), latest);
  }
  return latest;
}

export function evaluate(pack: Pack, facts: Facts, attempt: Attempt, now: Date): Decision {
  const at = checkedNow(now);
  return decide(buildContext(pack, facts, attempt, at), isoUtc(at));
}

/**
 * One decision per attempt on the same facts at the same `now` (the console asks for every phone
 * of an account at once), each the same as evaluate() gives: the known history is read and
 * indexed once for all of them (or taken from `prepared`, when it was prepared from these facts'
 * history and nothing in it is at or after `now`), and the person-level rule families run once
 * for the attempts that differ only in the phone called.
 */
export function evaluateEach(pack: Pack, facts: Facts, attempts: readonly Attempt[], now: Date, prepared?: PreparedHistory): Decision[] {
  const at = checkedNow(now);
  const shared = prepared && prepared.source === facts.history && prepared.latest < at ? prepared : sharedHistory(facts, at);
  const evaluatedAt = isoUtc(at);
  const n = attempts.length;
  const contexts: RuleContext[] = [];
  // Shared only by attempts of one person at the same places: a person called on one phone keeps nothing.
  const personOf: (PersonLevel | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const ctx = buildContext(pack, facts, attempts[i]!, at, shared);
    let j = 0;
    while (j < i && !samePerson(contexts[j]!, ctx)) j++;
    contexts.push(ctx);
    personOf.push(j < i ? (personOf[j] ??= new PersonLevel(pack.rules.length, at)) : undefined);
  }
  const decisions: Decision[] = [];
  for (let i = 0; i < n; i++) decisions.push(decide(contexts[i]!, evaluatedAt, personOf[i]));
  return decisions;
}

/** An attempt that may not go ahead now: when it may (null: not by time alone) and the first rule that blocks it. */
export interface Closed {
  allowedFrom: number | null;
  rule: string;
}

/**
 * What a queue needs to know of an account: null when some attempt may go ahead now (allowed, or
 * warned and left to a lead), else for every attempt, in order, when it is allowed again and the
 * first rule that blocks it: the same as evaluateEach's decisions say (a property test holds the
 * two together), worked out with less. Attempts are decided in order and the first that may go
 * ahead ends it, and no reason's message is written (the rules run as when probing).
 * With `stable`, it also says until when the same answer holds on the same facts (stability.ts):
 * the console's queue keeps the answer that long instead of the facts.
 */
export function untilOpen(pack: Pack, facts: Facts, attempts: readonly Attempt[], now: Date, prepared?: PreparedHistory, stable?: Stable): Closed[] | null {
  if (!stable) return closedAt(pack, facts, attempts, checkedNow(now), prepared);
  const at = checkedNow(now);
  watch(at);
  try {
    const answer = closedAt(pack, facts, attempts, at, prepared, stable);
    // A contact dated at or after `now` is not known yet; from the instant it is, it counts.
    const own = prepared && prepared.source === facts.history ? prepared : null;
    if (!own || own.latest >= at) {
      for (const t of own ? own.times : facts.history.map((c) => parseInstant(c.at))) if (t >= at) changesAt(t + 1);
    }
    stable.until = stop();
    return answer;
  } finally {
    stop();
  }
}

/** How long an answer of untilOpen holds on the same facts: over [its `now`, until). */
export interface Stable {
  until: number;
}

function closedAt(pack: Pack, facts: Facts, attempts: readonly Attempt[], at: number, prepared?: PreparedHistory, stable?: Stable): Closed[] | null {
  const shared = prepared && prepared.source === facts.history && prepared.latest < at ? prepared : sharedHistory(facts, at);
  const limits: SearchLimits | undefined = stable ? { cutAt: Infinity } : undefined;
  const n = attempts.length;
  const contexts: RuleContext[] = [];
  const personOf: PersonLevel[] = [];
  const closed: Closed[] = [];
  for (let i = 0; i < n; i++) {
    const ctx = buildContext(pack, facts, attempts[i]!, at, shared, true);
    let j = 0;
    while (j < i && !samePerson(contexts[j]!, ctx)) j++;
    // Whether a later phone of this person will be asked about is not known yet: every first
    // phone of a person keeps its answers for them.
    const person = j < i ? personOf[j]! : new PersonLevel(pack.rules.length, at);
    contexts.push(ctx);
    personOf.push(person);
    const reasons = runRules(ctx, person);
    let block: RuleReason | undefined;
    for (let k = 0; k < reasons.length && !block; k++) if (reasons[k]!.severity === 'block') block = reasons[k];
    if (!block) return null;
    if (limits) {
      // The answer holds no longer than any block in it stays as it is now.
      for (let k = 0; k < reasons.length; k++) {
        const r = reasons[k]!;
        if (r.severity === 'block' && r.allowedFrom !== null) changesAt(r.allowedFrom);
      }
      pause();
    }
    closed.push({ allowedFrom: nextAllowed(ctx, reasons, person, limits), rule: block.rule });
    if (limits) {
      resume();
      if (limits.cutAt <= at) changesNow();
      else changesAt(limits.cutAt);
    }
  }
  return closed;
}

/**
 * Attempts that reach the same person at the same places and differ at most in the phone called
 * (`phoneId`, `number`). Every other field of an attempt is compared: ATTEMPT_FIELDS lists them,
 * and the compiler refuses it if the schema gains one it does not name.
 */
function samePerson(a: RuleContext, b: RuleContext): boolean {
  if (a.locations !== b.locations || a.zones !== b.zones || a.thirdParty !== b.thirdParty) return false;
  const x = a.attempt;
  const y = b.attempt;
  return x.channel === y.channel && x.party === y.party && x.partyId === y.partyId && x.purpose === y.purpose && x.agentId === y.agentId
    && sameList(x.debtIds, y.debtIds) && sameList(x.collectors, y.collectors);
}

/** Every field of an attempt, and whether samePerson compares it (the phone's fields may differ). */
export const ATTEMPT_FIELDS = {
  channel: 'compared', party: 'compared', partyId: 'compared', purpose: 'compared', agentId: 'compared', debtIds: 'compared', collectors: 'compared',
  phoneId: 'phone', number: 'phone',
} as const satisfies Record<keyof Attempt, 'compared' | 'phone'>;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkedNow(now: Date): number {
  const at = now.getTime();
  if (Number.isNaN(at)) throw new RangeError('evaluate: `now` is an invalid Date');
  return at;
}

/** The reasons of a decision that has none (shared: most decisions allow with no reason; never written to). */
const NO_PRINTED: Reason[] = Object.freeze([]) as unknown as Reason[];

function decide(ctx: RuleContext, evaluatedAt: string, person?: PersonLevel): Decision {
  const { pack, now: at } = ctx;
  const reasons = runRules(ctx, person);
  if (reasons.length === 0) return { decision: 'allow', packId: pack.id, packVersion: pack.version, evaluatedAt, allowedFrom: evaluatedAt, reasons: NO_PRINTED };
  let blocked = false;
  for (let k = 0; k < reasons.length && !blocked; k++) blocked = reasons[k]!.severity === 'block';
  const decision: DecisionKind = blocked ? 'block' : 'warn';
  const allowedFrom = blocked ? nextAllowed(ctx, reasons, person) : at;
  const allowedFromIso = allowedFrom === null ? null : allowedFrom === at ? evaluatedAt : isoUtc(allowedFrom);
  const printed: Reason[] = [];
  for (const r of reasons) {
    // A reason often lifts when the decision does (a closed window): print that time once.
    const from = r.allowedFrom === null ? null : r.allowedFrom === allowedFrom ? allowedFromIso : isoUtc(r.allowedFrom);
    printed.push({ rule: r.rule, severity: r.severity, messageKey: r.messageKey, params: r.params, source: r.source, allowedFrom: from });
  }
  return { decision, packId: pack.id, packVersion: pack.version, evaluatedAt, allowedFrom: allowedFromIso, reasons: printed };
}
