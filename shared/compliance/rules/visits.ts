// Field visits in China need at least two collectors, with identification (CBA guideline (2026)
// art. 22). Counting distinct collector ids: naming the same person twice is still one.
import { cap, reason, type RuleFamily } from '../pack';

export function visitCollectors(rule: string): RuleFamily {
  return {
    name: 'field visit staffing',
    evaluate(ctx) {
      if (ctx.attempt.channel !== 'visit') return [];
      const min = cap(ctx.pack, rule);
      const count = new Set(ctx.attempt.collectors).size;
      return count >= min ? [] : [reason(ctx, rule, 'block', 'visitCollectors', { min, count }, null)];
    },
  };
}
