// Patterns the CFPB names as possible harassment even within the call caps (comment
// 14(b)(2)(i)-2): two unanswered calls to the same number within 5 minutes, 7 calls in one day,
// 7 voicemails in one day. They warn (a team lead may approve with a reason), never block.
import { NO_REASONS, cap, reason, type RuleContext, type RuleReason, type RuleFamily } from '../pack';
import { MINUTE, startOfLocalDay } from '../time';
import { countingZones, dayIn, toSamePhone, UNANSWERED, VOICEMAIL } from './common';

interface DailySign {
  limit: number;
  /** The end of the day (latest over the locations) at which this call would be the limit-th; null if nowhere. */
  until: number | null;
  count: number;
}

/** Would this call be the `limit`th of the day, or the `limit`th voicemail, at some possible location? */
function dailySigns(ctx: RuleContext, calls: number[], daily: DailySign, voicemails: DailySign): void {
  for (const zone of countingZones(ctx)) {
    const days = ctx.index.daysIn(zone);
    const today = dayIn(ctx.now, zone);
    // Both signs count today's calls at this location: one pass for the two.
    let n = 0;
    let v = 0;
    for (const k of calls) {
      if (days[k] !== today) continue;
      const result = ctx.history[k]!.result;
      if (result !== 'failed') n++;
      if (VOICEMAIL.has(result)) v++;
    }
    note(daily, n, today, zone);
    note(voicemails, v, today, zone);
  }
}

function note(sign: DailySign, count: number, today: number, zone: string): void {
  if (count + 1 < sign.limit) return;
  sign.until = Math.max(sign.until ?? 0, startOfLocalDay(today + 1, zone));
  sign.count = Math.max(sign.count, count);
}

/** Two unanswered calls to the number called within a few minutes: the number's own sign. */
export const usUnansweredSameNumber: RuleFamily = {
  name: 'warning sign: the same number again (Regulation F)',
  warnsOnly: true,
  evaluate(ctx) {
    if (ctx.attempt.channel !== 'call' || ctx.attempt.party !== 'debtor') return NO_REASONS;
    const { history, times } = ctx;
    const gap = cap(ctx.pack, 'us.warn.unanswered_same_number_minutes') * MINUTE;
    let lastRecent = -1;
    for (const k of ctx.index.debtorCalls()) if (ctx.now - times[k]! < gap && UNANSWERED.has(history[k]!.result) && toSamePhone(ctx, history[k]!)) lastRecent = k;
    if (lastRecent < 0) return NO_REASONS;
    return [reason(ctx, 'us.warn.unanswered_same_number', 'warn', 'warnUnansweredSameNumber', { minutes: gap / MINUTE, previousAt: history[lastRecent]!.at }, times[lastRecent]! + gap)];
  },
};

/** Seven calls, or seven voicemails, in one day, whichever of the debtor's numbers: the same for all of them. */
export const usDailySigns: RuleFamily = {
  name: 'warning signs per day (Regulation F)',
  warnsOnly: true,
  personLevel: true,
  evaluate(ctx) {
    if (ctx.attempt.channel !== 'call' || ctx.attempt.party !== 'debtor') return NO_REASONS;
    const daily: DailySign = { limit: cap(ctx.pack, 'us.warn.calls_per_day'), until: null, count: 0 };
    const voicemails: DailySign = { limit: cap(ctx.pack, 'us.warn.voicemails_per_day'), until: null, count: 0 };
    dailySigns(ctx, ctx.index.debtorCalls(), daily, voicemails);
    if (daily.until === null && voicemails.until === null) return NO_REASONS;
    const reasons: RuleReason[] = [];
    if (daily.until !== null) reasons.push(reason(ctx, 'us.warn.calls_per_day', 'warn', 'warnCallsPerDay', { count: daily.count, limit: daily.limit }, daily.until));
    if (voicemails.until !== null)
      reasons.push(reason(ctx, 'us.warn.voicemails_per_day', 'warn', 'warnVoicemailsPerDay', { count: voicemails.count, limit: voicemails.limit }, voicemails.until));
    return reasons;
  },
};

/** The three signs, in the order the pack lists their reasons. */
export const usWarningSigns: readonly RuleFamily[] = [usUnansweredSameNumber, usDailySigns];
