// Dates an organisation adds when it tightens a pack (public holidays, a bereavement week…):
// no contact on that local calendar date at any place the person may be.
import { complement, contains, firstAtOrAfter, normalize, type Interval } from '../intervals';
import { NO_REASONS, reason, type RuleFamily } from '../pack';
import { changesAtEdgeOf } from '../stability';
import { isoDateToDay, startOfLocalDay } from '../time';

export function blockedDates(rule: string, nationalZone?: string): RuleFamily {
  return {
    name: 'blocked dates',
    personLevel: true,
    saysWhenItChanges: true,
    evaluate(ctx) {
      if (ctx.pack.blockedDates.length === 0) return NO_REASONS;
      const zones = nationalZone ? [nationalZone] : ctx.zones;
      const blocked: Interval[] = [];
      for (const { date } of ctx.pack.blockedDates) {
        const day = isoDateToDay(date);
        for (const zone of zones) blocked.push([startOfLocalDay(day, zone), startOfLocalDay(day + 1, zone)]);
      }
      const merged = normalize(blocked);
      // Every blocked date is listed: the answer changes at the next midnight that starts or ends one.
      changesAtEdgeOf(merged, ctx.now);
      if (!contains(merged, ctx.now)) return NO_REASONS;
      const hit = ctx.pack.blockedDates.find(({ date }) => {
        const day = isoDateToDay(date);
        return zones.some((zone) => startOfLocalDay(day, zone) <= ctx.now && ctx.now < startOfLocalDay(day + 1, zone));
      })!;
      const next = firstAtOrAfter(complement(merged, ctx.now, merged[merged.length - 1]![1] + 1), ctx.now);
      return [reason(ctx, rule, 'block', 'blockedDate', { date: hit.date, note: hit.reason ?? '' }, next)];
    },
  };
}
