// Field visits in China need at least two collectors, with identification (CBA guideline (2026)
// art. 22). Counting distinct collector ids: naming the same person twice is still one.
import { NO_REASONS, cap, reason, type RuleFamily } from '../pack';

export function visitCollectors(rule: string): RuleFamily {
  return {
    name: 'field visit staffing',
    saysWhenItChanges: true, // the attempt and the pack alone: never by time
    personLevel: true,
    evaluate(ctx) {
      if (ctx.attempt.channel !== 'visit') return NO_REASONS;
      const min = cap(ctx.pack, rule);
      const count = new Set(ctx.attempt.collectors).size;
      return count >= min ? NO_REASONS : [reason(ctx, rule, 'block', 'visitCollectors', { min, count }, null)];
    },
  };
}
