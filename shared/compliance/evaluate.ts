// The gate: `evaluate(pack, facts, attempt, now)` runs every rule family of the pack and returns
// every reason, not just the first. Pure: the clock is the `now` argument, nothing is read.
import type { Attempt, Facts } from './facts';
import { addressLocations, dedupeLocations, phoneLocations, type Location } from './locations';
import type { Pack, Reason, RuleContext, RuleReason } from './pack';
import { atOf } from './rules/common';
import { DAY } from './time';

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

function resolveParty(facts: Facts, attempt: Attempt) {
  const thirdParty = attempt.party === 'third_party' ? (facts.thirdParties.find((p) => p.id === attempt.partyId) ?? null) : null;
  const phones = attempt.party === 'debtor' ? facts.debtor.phones : (thirdParty?.phones ?? []);
  const known = phones.find((p) => p.id === attempt.phoneId) ?? phones.find((p) => attempt.number !== undefined && p.number === attempt.number);
  const phone = known ?? (attempt.number ? { number: attempt.number } : null);
  return { thirdParty, phone };
}

/** Every place the person contacted may be when the contact lands. */
function possibleLocations(facts: Facts, attempt: Attempt, phone: RuleContext['phone']): Location[] {
  const country = facts.debtor.address.country;
  const address = addressLocations(facts.debtor.address);
  if (attempt.party === 'third_party') return dedupeLocations(phone ? phoneLocations(phone, country) : address);
  switch (attempt.channel) {
    case 'visit':
      return dedupeLocations(address);
    case 'email':
      // An email reaches the person wherever they are: the address or any of their phones.
      return dedupeLocations([...address, ...facts.debtor.phones.flatMap((p) => phoneLocations(p, country))]);
    default:
      return dedupeLocations([...address, ...(phone ? phoneLocations(phone, country) : [])]);
  }
}

export function buildContext(pack: Pack, facts: Facts, attempt: Attempt, now: number, historyCutoff = now): RuleContext {
  const { thirdParty, phone } = resolveParty(facts, attempt);
  const history = facts.history
    .map((c, i) => ({ c, i, t: atOf(c) }))
    .filter(({ t }) => t < historyCutoff)
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ c }) => c);
  return { pack, facts, attempt, now, history, phone, thirdParty, locations: possibleLocations(facts, attempt, phone) };
}

function runRules(ctx: RuleContext): RuleReason[] {
  return ctx.pack.rules.flatMap((family) => family.evaluate(ctx));
}

const blocking = (reasons: RuleReason[]) => reasons.filter((r) => r.severity === 'block');

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
    if (current.some((r) => r.allowedFrom === null)) return null;
    const next = Math.max(...current.map((r) => r.allowedFrom!));
    if (next <= candidate || next > now + SEARCH_LIMIT_DAYS * DAY) return null;
    candidate = next;
    // Same facts, same history known at `now`, only the clock moves.
    current = blocking(runRules({ ...ctx, now: candidate }));
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
  return {
    decision,
    packId: pack.id,
    packVersion: pack.version,
    evaluatedAt: now.toISOString(),
    allowedFrom: allowedFrom === null ? null : new Date(allowedFrom).toISOString(),
    reasons: reasons.map((r): Reason => ({ ...r, allowedFrom: r.allowedFrom === null ? null : new Date(r.allowedFrom).toISOString() })),
  };
}
