// No contact at the person's place of work when the employer prohibits it or the person said so
// (12 CFR 1006.6(b)(1)(ii), (b)(3)), unless they consented directly to the collector. A work phone
// is the workplace; so is any third party who is the employer.
import { NO_REASONS, reason, type RuleFamily } from '../pack';
import { changesAt } from '../stability';
import { parseInstant } from '../time';
import { consentActive } from './common';

export function workplaceProhibited(rule: string): RuleFamily {
  return {
    name: 'workplace contact',
    saysWhenItChanges: true,
    evaluate(ctx) {
      const debtor = ctx.facts.debtor;
      if (!debtor.workplaceContactProhibited) return NO_REASONS;
      if (debtor.workplaceContactProhibitedSince) {
        const since = parseInstant(debtor.workplaceContactProhibitedSince);
        changesAt(since);
        if (since > ctx.now) return NO_REASONS;
      }
      if (ctx.attempt.party !== 'debtor' || ctx.phone?.type !== 'work') return NO_REASONS;
      if (consentActive(ctx, 'workplace', ctx.now)) return NO_REASONS;
      return [reason(ctx, rule, 'block', 'workplaceProhibited', { phone: ctx.phone.number }, null)];
    },
  };
}
