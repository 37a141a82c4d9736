// Patterns the CFPB names as possible harassment even within the call caps (comment
// 14(b)(2)(i)-2): two unanswered calls to the same number within 5 minutes, 7 calls in one day,
// 7 voicemails in one day. They warn (a team lead may approve with a reason), never block.
import { cap, reason, type RuleReason, type RuleFamily } from '../pack';
import { MINUTE, startOfLocalDay } from '../time';
import { atOf, countingZones, dayIn, isCall, toDebtor, toSamePhone, UNANSWERED, VOICEMAIL } from './common';

export const usWarningSigns: RuleFamily = {
  name: 'warning signs (Regulation F)',
  evaluate(ctx) {
    if (ctx.attempt.channel !== 'call' || ctx.attempt.party !== 'debtor') return [];
    const calls = ctx.history.filter((c) => isCall(c) && toDebtor(c));
    const reasons: RuleReason[] = [];

    const gap = cap(ctx.pack, 'us.warn.unanswered_same_number_minutes') * MINUTE;
    const recent = calls.filter((c) => UNANSWERED.has(c.result) && toSamePhone(ctx, c) && ctx.now - atOf(c) < gap);
    const lastRecent = recent[recent.length - 1];
    if (lastRecent)
      reasons.push(reason(ctx, 'us.warn.unanswered_same_number', 'warn', 'warnUnansweredSameNumber', { minutes: gap / MINUTE, previousAt: lastRecent.at }, atOf(lastRecent) + gap));

    // This call would be the Nth of the day at some possible location.
    const perDay = (limit: number, pick: (c: (typeof calls)[number]) => boolean) => {
      let until: number | null = null;
      let count = 0;
      for (const zone of countingZones(ctx)) {
        const today = dayIn(ctx.now, zone);
        const n = calls.filter((c) => pick(c) && dayIn(atOf(c), zone) === today).length;
        if (n + 1 >= limit) {
          until = Math.max(until ?? 0, startOfLocalDay(today + 1, zone));
          count = Math.max(count, n);
        }
      }
      return { until, count };
    };
    const callLimit = cap(ctx.pack, 'us.warn.calls_per_day');
    const daily = perDay(callLimit, (c) => c.result !== 'failed');
    if (daily.until !== null) reasons.push(reason(ctx, 'us.warn.calls_per_day', 'warn', 'warnCallsPerDay', { count: daily.count, limit: callLimit }, daily.until));
    const voicemailLimit = cap(ctx.pack, 'us.warn.voicemails_per_day');
    const voicemails = perDay(voicemailLimit, (c) => VOICEMAIL.has(c.result));
    if (voicemails.until !== null)
      reasons.push(reason(ctx, 'us.warn.voicemails_per_day', 'warn', 'warnVoicemailsPerDay', { count: voicemails.count, limit: voicemailLimit }, voicemails.until));
    return reasons;
  },
};
