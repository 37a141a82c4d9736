// Third parties under the FDCPA / Regulation F: a collector may communicate with someone other
// than the consumer only to learn the consumer's location (12 CFR 1006.6(d)(1), 1006.10(b)), and
// only once unless that person asks to be contacted again (1006.10(c)). What may be said (own name, never that the
// consumer owes a debt) is the talk track's job: see the pack's disclosures.
import type { Contact } from '../facts';
import { NO_REASONS, reason, type RuleReason, type RuleFamily } from '../pack';
import { changesAt } from '../stability';
import { parseInstant } from '../time';

/** A contact that reached the person: a conversation, a visit met, or a delivered text or email. */
export function communicated(c: Contact): boolean {
  if (c.channel === 'sms' || c.channel === 'email') return c.result !== 'failed' && c.result !== 'not_in_service';
  return c.result === 'conversation';
}

export const usThirdParty: RuleFamily = {
  name: 'third parties (Regulation F)',
  // Besides a refusal dated ahead, it reads only the facts and the contacts before `now` (stability.ts)
  saysWhenItChanges: true,
  personLevel: true,
  evaluate(ctx) {
    const party = ctx.thirdParty;
    if (ctx.attempt.party !== 'third_party' || !party) return NO_REASONS;
    const reasons: RuleReason[] = [];
    // No purpose recorded is read as the strictest one, collection, which a third party never allows.
    if (ctx.attempt.purpose !== 'location_information')
      reasons.push(reason(ctx, 'us.third_party.purpose', 'block', 'thirdPartyPurpose', { allowed: 'location_information' }, null));
    if (party.askedNoContactAt) changesAt(parseInstant(party.askedNoContactAt));
    if (party.askedNoContact && (!party.askedNoContactAt || parseInstant(party.askedNoContactAt) <= ctx.now))
      reasons.push(reason(ctx, 'us.third_party.declined', 'block', 'thirdPartyDeclined', {}, null));
    if (!party.requestedFurtherContact) {
      // The latest communication with this third party, if any (history is oldest first).
      for (let k = ctx.history.length - 1; k >= 0; k--) {
        const c = ctx.history[k]!;
        if (c.party !== 'third_party' || c.partyId !== party.id || !communicated(c)) continue;
        reasons.push(reason(ctx, 'us.third_party.once', 'block', 'thirdPartyOnce', { previousAt: c.at }, null));
        break;
      }
    }
    return reasons;
  },
};
