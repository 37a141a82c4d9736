// The gate: `evaluate(pack, facts, attempt, now)` runs every rule family of the pack and returns
// every reason, not just the first. Pure: the clock is the `now` argument, nothing is read.
//
// It runs for every phone of every account the console shows, so it is built for throughput:
// the context is built once per decision (history parsed and ordered once, places remembered per
// number, see history.ts and places.ts), rules share what they derive through `ctx.index`, and
// the search for the next allowed time re-runs only the rules that can block, in a probing mode
// that skips building messages nobody reads.
import type { Address, Attempt, Contact, Debtor, Facts, ThirdParty } from './facts';
import { addressLocations, dedupeLocations, phoneLocations } from './locations';
import type { Pack, Reason, RuleContext, RuleReason } from './pack';
import { HistoryIndex, knownHistory } from './history';
import { placesFrom, placesOf, type Places } from './places';
import { DAY, isoUtc } from './time';

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

function resolveParty(facts: Facts, attempt: Attempt): Pick<RuleContext, 'phone' | 'thirdParty'> {
  const thirdParty = attempt.party === 'third_party' ? (facts.thirdParties.find((p) => p.id === attempt.partyId) ?? null) : null;
  const phones = attempt.party === 'debtor' ? facts.debtor.phones : (thirdParty?.phones ?? []);
  const known = phones.find((p) => p.id === attempt.phoneId) ?? phones.find((p) => attempt.number !== undefined && p.number === attempt.number);
  const phone = known ?? (attempt.number ? { number: attempt.number } : null);
  return { thirdParty, phone };
}

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

export function buildContext(pack: Pack, facts: Facts, attempt: Attempt, now: number, shared: SharedHistory = sharedHistory(facts, now)): RuleContext {
  const { thirdParty, phone } = resolveParty(facts, attempt);
  const { history, times, index } = shared;
  const { locations, zones } = possiblePlaces(facts, attempt, phone, thirdParty);
  return { pack, facts, attempt, now, history, times, index, phone, thirdParty, locations, zones, probing: false };
}

function runRules(ctx: RuleContext, blocksOnly = false): RuleReason[] {
  const reasons: RuleReason[] = [];
  for (const family of ctx.pack.rules) {
    if (blocksOnly && family.warnsOnly) continue;
    for (const r of family.evaluate(ctx)) reasons.push(r);
  }
  return reasons;
}

const blocking = (reasons: RuleReason[]) => reasons.filter((r) => r.severity === 'block');

/**
 * The same facts, history and places with the clock at `now`, for the re-runs that look for the
 * next allowed time. Built field by field in buildContext's order (not with a spread) so every
 * context has one shape and the rules' property reads stay monomorphic.
 */
function probeAt(ctx: RuleContext, now: number): RuleContext {
  const { pack, facts, attempt, history, times, index, phone, thirdParty, locations, zones } = ctx;
  return { pack, facts, attempt, now, history, times, index, phone, thirdParty, locations, zones, probing: true };
}

/**
 * The first instant from which no block applies, assuming nothing new happens after `now`.
 * Each step jumps to the latest allowedFrom of the reasons blocking at the current candidate;
 * no blocked reason can clear before its own allowedFrom, so no step overshoots, and the
 * candidates only grow: it stops at the exact answer or at a reason time alone never lifts.
 */
function nextAllowed(ctx: RuleContext, blocks: RuleReason[]): number | null {
  const now = ctx.now;
  let candidate = now;
  let current = blocks;
  for (let step = 0; step < 100; step++) {
    if (current.length === 0) return candidate;
    let next = -Infinity;
    for (const r of current) {
      if (r.allowedFrom === null) return null;
      next = Math.max(next, r.allowedFrom);
    }
    if (next <= candidate || next > now + SEARCH_LIMIT_DAYS * DAY) return null;
    candidate = next;
    // Same facts, same history known at `now`, only the clock moves.
    current = blocking(runRules(probeAt(ctx, candidate), true));
  }
  return null;
}

export function evaluate(pack: Pack, facts: Facts, attempt: Attempt, now: Date): Decision {
  return decide(pack, facts, attempt, checkedNow(now));
}

/**
 * One decision per attempt on the same facts at the same `now` (the console asks for every phone
 * of an account at once): the known history is read and indexed once for all of them.
 */
export function evaluateEach(pack: Pack, facts: Facts, attempts: readonly Attempt[], now: Date): Decision[] {
  const at = checkedNow(now);
  const shared = sharedHistory(facts, at);
  return attempts.map((attempt) => decide(pack, facts, attempt, at, shared));
}

function checkedNow(now: Date): number {
  const at = now.getTime();
  if (Number.isNaN(at)) throw new RangeError('evaluate: `now` is an invalid Date');
  return at;
}

function decide(pack: Pack, facts: Facts, attempt: Attempt, at: number, shared?: SharedHistory): Decision {
  const ctx = buildContext(pack, facts, attempt, at, shared);
  const reasons = runRules(ctx);
  const blocks = blocking(reasons);
  const decision: DecisionKind = blocks.length > 0 ? 'block' : reasons.length > 0 ? 'warn' : 'allow';
  const allowedFrom = decision === 'block' ? nextAllowed(ctx, blocks) : at;
  const evaluatedAt = isoUtc(at);
  const allowedFromIso = allowedFrom === null ? null : allowedFrom === at ? evaluatedAt : isoUtc(allowedFrom);
  const printed: Reason[] = [];
  for (const r of reasons) {
    // A reason often lifts when the decision does (a closed window): print that time once.
    const from = r.allowedFrom === null ? null : r.allowedFrom === allowedFrom ? allowedFromIso : isoUtc(r.allowedFrom);
    printed.push({ rule: r.rule, severity: r.severity, messageKey: r.messageKey, params: r.params, source: r.source, allowedFrom: from });
  }
  return { decision, packId: pack.id, packVersion: pack.version, evaluatedAt, allowedFrom: allowedFromIso, reasons: printed };
}
