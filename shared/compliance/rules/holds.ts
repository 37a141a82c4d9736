// Holds on the account: cease (1006.6(c)), dispute until verification (1006.38(d)(2)), attorney
// (1006.6(b)(2), 1006.10(b)(6)), bankruptcy (automatic stay), deceased, and do-not-call for one
// number or all (1006.14(h)). Which kinds stop which parties and channels is pack data; a hold
// lifts only when it is lifted (`liftedAt`), so without one the reason never expires by time.
import type { Hold } from '../facts';
import { NO_REASONS, reason, type HoldPolicy, type RuleContext, type RuleFamily, type RuleReason } from '../pack';
import { changesAt } from '../stability';
import { parseInstant } from '../time';
import { numberOf } from './common';

// A hold's times, read once per hold object (and again only if its text changes): the gate
// decides on the same holds at every sweep, and at every instant it tries while looking for
// when a block lifts.
interface Span { effectiveAt: string; liftedAt: string | undefined; from: number; until: number | null }
const spans = new WeakMap<Hold, Span>();

function span(hold: Hold): Span {
  let s = spans.get(hold);
  if (!s || s.effectiveAt !== hold.effectiveAt || s.liftedAt !== hold.liftedAt) {
    s = { effectiveAt: hold.effectiveAt, liftedAt: hold.liftedAt, from: parseInstant(hold.effectiveAt), until: hold.liftedAt ? parseInstant(hold.liftedAt) : null };
    spans.set(hold, s);
  }
  return s;
}

function inForce(hold: Hold, at: number): boolean {
  const { from, until } = span(hold);
  return from <= at && (until === null || at < until);
}

function coversDebts(hold: Hold, ctx: RuleContext): boolean {
  if (!hold.debtIds || hold.debtIds.length === 0 || ctx.attempt.debtIds.length === 0) return true;
  return hold.debtIds.some((id) => ctx.attempt.debtIds.includes(id));
}

function coversPhone(hold: Hold, ctx: RuleContext): boolean {
  if (hold.kind !== 'do_not_call') return true;
  if (!hold.phoneId) return ctx.attempt.party === 'debtor';
  const held = numberOf({ party: 'debtor', phoneId: hold.phoneId }, ctx.facts);
  return ctx.phone !== null && (ctx.phone.id === hold.phoneId || (held !== null && ctx.phone.number === held));
}

/** The number a do-not-call hold names, as the agent knows it (the number, not the record's id). */
function heldNumber(hold: Hold, ctx: RuleContext): string {
  if (hold.kind !== 'do_not_call') return '';
  if (!hold.phoneId) return ctx.phone?.number ?? '';
  return numberOf({ party: 'debtor', phoneId: hold.phoneId }, ctx.facts) ?? ctx.phone?.number ?? '';
}

function applies(policy: HoldPolicy, hold: Hold, ctx: RuleContext): boolean {
  return (
    policy.kind === hold.kind &&
    policy.channels.includes(ctx.attempt.channel) &&
    policy.parties.includes(ctx.attempt.party) &&
    inForce(hold, ctx.now) &&
    coversDebts(hold, ctx) &&
    coversPhone(hold, ctx)
  );
}

export const holds: RuleFamily = {
  name: 'holds',
  saysWhenItChanges: true,
  evaluate(ctx) {
    if (ctx.facts.debtor.holds.length === 0) return NO_REASONS;
    const reasons: RuleReason[] = [];
    for (const hold of ctx.facts.debtor.holds) {
      // A hold dated ahead takes effect, and a lifted one ends, at its own time (stability.ts).
      const { from, until } = span(hold);
      changesAt(from);
      if (until !== null) changesAt(until);
      for (const policy of ctx.pack.holds)
        if (applies(policy, hold, ctx))
          reasons.push(
            reason(
              ctx,
              policy.rule,
              'block',
              `hold.${hold.kind}`,
              { since: hold.effectiveAt, debts: hold.debtIds?.join(', ') ?? '', phone: heldNumber(hold, ctx) },
              span(hold).until,
            ),
          );
    }
    return reasons;
  },
};
