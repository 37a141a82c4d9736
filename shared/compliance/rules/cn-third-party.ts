// Third parties in China (NIFA convention (2018) arts. 13, 14, 18; CBA guideline (2026)):
// emergency contacts and relatives not party to the debt may be contacted only after the debtor
// is unreachable (number invalid, or 3 consecutive failed calls), only to re-establish contact
// or pass a message, and never again once they ask to be left alone.
import { NO_REASONS, cap, reason, type RuleReason, type RuleContext, type RuleFamily } from '../pack';
import { changesAt } from '../stability';
import { parseInstant } from '../time';
import { numberOf } from './common';

/** The debtor cannot be reached: every number is out of service, or the last N calls all failed. */
export function debtorUnreachable(ctx: RuleContext): boolean {
  const phones = ctx.facts.debtor.phones;
  if (phones.length === 0) return true;
  // The calls to the debtor, oldest first (the index lists their positions).
  const calls = ctx.index.debtorCalls();
  const history = ctx.history;
  const allInvalid = phones.every((p) => {
    // The latest call to this phone, by id or by number.
    for (let k = calls.length - 1; k >= 0; k--) {
      const c = history[calls[k]!]!;
      if (c.phoneId === p.id || numberOf(c, ctx.facts) === p.number) return c.result === 'not_in_service';
    }
    return false;
  });
  if (allInvalid) return true;
  const n = cap(ctx.pack, 'cn.third_party.consecutive_failed_calls');
  if (calls.length < n) return false;
  for (let k = calls.length - n; k < calls.length; k++) if (history[calls[k]!]!.result === 'conversation') return false;
  return true;
}

export const cnThirdParty: RuleFamily = {
  name: 'third parties (China)',
  // Besides a refusal dated ahead, it reads only the facts and the contacts before `now` (stability.ts)
  saysWhenItChanges: true,
  personLevel: true,
  evaluate(ctx) {
    const party = ctx.thirdParty;
    if (ctx.attempt.party !== 'third_party' || !party) return NO_REASONS;
    const reasons: RuleReason[] = [];
    // No purpose recorded is read as the strictest one, collection.
    if (ctx.attempt.purpose === 'collection' || ctx.attempt.purpose === undefined)
      reasons.push(reason(ctx, 'cn.third_party.purpose', 'block', 'thirdPartyPurpose', { allowed: 'reestablish_contact' }, null));
    if (party.askedNoContactAt) changesAt(parseInstant(party.askedNoContactAt));
    if (party.askedNoContact && (!party.askedNoContactAt || parseInstant(party.askedNoContactAt) <= ctx.now))
      reasons.push(reason(ctx, 'cn.third_party.declined', 'block', 'thirdPartyDeclined', {}, null));
    if (!debtorUnreachable(ctx))
      reasons.push(reason(ctx, 'cn.third_party.debtor_reachable', 'block', 'thirdPartyDebtorReachable', { calls: cap(ctx.pack, 'cn.third_party.consecutive_failed_calls') }, null));
    return reasons;
  },
};
