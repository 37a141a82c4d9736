// The gate: `evaluate(pack, facts, attempt, now)` runs every rule family of the pack and returns
// every reason, not just the first. Pure: the clock is the `now` argument, nothing is read.
//
// It runs for every phone of every account the console shows, so it is built for throughput:
// the context is built once per decision (history parsed and ordered once, places remembered per
// number, see history.ts and places.ts), rules share what they derive through `ctx.index`, and
// the search for the next allowed time re-runs only the rules that can block, in a probing mode
// that skips building messages nobody reads.
import type { Attempt, Facts } from './facts';
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

/** Every place the person contacted may be when the contact lands, and their zones. */
function possiblePlaces(facts: Facts, attempt: Attempt, phone: RuleContext['phone']): Places {
  const address = facts.debtor.address;
  if (attempt.party === 'third_party') return phone ? placesOf('phone', address, phone) : placesOf('address', address, null);
  switch (attempt.channel) {
    case 'visit':
      return placesOf('address', address, null);
    case 'email': {
      // An email reaches the person wherever they are: the address or any of their phones.
      const country = address.country;
      return placesFrom(dedupeLocations([...addressLocations(address), ...facts.debtor.phones.flatMap((p) => phoneLocations(p, country))]));
    }
    default:
      return phone ? placesOf('both', address, phone) : placesOf('address', address, null);
  }
}

export function buildContext(pack: Pack, facts: Facts, attempt: Attempt, now: number, historyCutoff = now): RuleContext {
  const { thirdParty, phone } = resolveParty(facts, attempt);
  const { history, times } = knownHistory(facts.history, historyCutoff);
  const { locations, zones } = possiblePlaces(facts, attempt, phone);
  return { pack, facts, attempt, now, history, times, index: new HistoryIndex(history, times), phone, thirdParty, locations, zones, probing: false };
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
  const at = now.getTime();
  if (Number.isNaN(at)) throw new RangeError('evaluate: `now` is an invalid Date');
  const ctx = buildContext(pack, facts, attempt, at);
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
