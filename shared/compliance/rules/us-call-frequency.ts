// Regulation F's call-frequency presumption, per person and per debt (12 CFR 1006.14(b)(2)):
//  (i)  no more than 7 calls within 7 consecutive days;
//  (ii) no call within 7 consecutive days after a telephone conversation about the debt, the
//       conversation's date being day 1.
// What counts (comment 14(b)-1, 14(b)(3)(ii)-1, 14(b)(4)-1/-2): answered, unanswered and
// voicemail calls count, a call about several debts counts for each, an unanswered call counts
// for every debt it was about; texts and emails are no calls. Excluded (1006.14(b)(3)): calls
// made with prior consent given directly to the collector (for 7 days at most, ending on
// revocation, the stated period's end, or a conversation), and calls that never connect
// (busy, not in service, failed).
import type { ContactResult } from '../facts';
import { cap, reason, type RuleReason, type RuleContext, type RuleFamily } from '../pack';
import { startOfLocalDay } from '../time';
import { concernsDebt, consentEnd, countingZones, dayIn, debtsOfAttempt } from './common';

const COUNTED: ReadonlySet<ContactResult> = new Set(['conversation', 'no_answer', 'voicemail', 'limited_content_message']);

const NO_PERIODS: [number, number][] = [];

/** Consent periods for calls, each [start, end). */
function consentPeriods(ctx: RuleContext): [number, number][] {
  const consents = ctx.facts.debtor.consents;
  if (consents.length === 0) return NO_PERIODS;
  const maxDays = cap(ctx.pack, 'us.frequency.consent_days');
  return consents
    .filter((c) => c.scope === 'call_frequency')
    .map((c) => consentEnd(c, { maxDays, endsAtConversationIn: ctx }))
    .map(({ start, end }) => [start, end] as [number, number]);
}

function within(periods: [number, number][], at: number): boolean {
  for (const [s, e] of periods) if (s <= at && at < e) return true;
  return false;
}

export const usCallFrequency: RuleFamily = {
  name: 'call frequency (Regulation F)',
  evaluate(ctx) {
    if (ctx.attempt.channel !== 'call' || ctx.attempt.party !== 'debtor') return [];
    const { history, times } = ctx;
    const calls = ctx.index.debtorCalls();
    const consent = consentPeriods(ctx);
    // A call placed with consent is outside both presumptions.
    if (within(consent, ctx.now)) return [];
    const limit = cap(ctx.pack, 'us.frequency.calls_per_7_days');
    const pauseDays = cap(ctx.pack, 'us.frequency.days_after_conversation');
    const reasons: RuleReason[] = [];
    for (const debtId of debtsOfAttempt(ctx)) {
      let capUntil: number | null = null;
      let capCount = 0;
      let pauseUntil: number | null = null;
      let conversationAt = '';
      for (const zone of countingZones(ctx)) {
        const days = ctx.index.daysIn(zone);
        const today = dayIn(ctx.now, zone);
        // One pass over the calls about this debt, oldest first, for both presumptions:
        // (i) the counted calls in the 7 consecutive days ending today (the most any 7-day run
        //     through today can hold); (ii) the newest conversation in the last `pauseDays` days.
        // Older calls matter to neither: skip them before reading which debts they were about.
        const since = today - Math.max(7, pauseDays);
        const inRun: number[] = [];
        let last = -1;
        for (const k of calls) {
          const c = history[k]!;
          if (days[k]! <= since || !concernsDebt(c, debtId)) continue;
          if (days[k]! > today - 7 && COUNTED.has(c.result) && !within(consent, times[k]!)) inRun.push(k);
          if (c.result === 'conversation' && days[k]! > today - pauseDays) last = k;
        }
        if (inRun.length >= limit) {
          // Allowed again from the day the (n-limit+1)th-newest call drops out of the run.
          const until = startOfLocalDay(days[inRun[inRun.length - limit]!]! + 7, zone);
          capUntil = Math.max(capUntil ?? 0, until);
          capCount = Math.max(capCount, inRun.length);
        }
        // A conversation about this debt on day C blocks days C..C+pauseDays-1.
        if (last >= 0) {
          const until = startOfLocalDay(days[last]! + pauseDays, zone);
          if (until > (pauseUntil ?? 0)) {
            pauseUntil = until;
            conversationAt = history[last]!.at;
          }
        }
      }
      const debt = debtId ?? '*';
      if (capUntil !== null) reasons.push(reason(ctx, 'us.frequency.calls_per_7_days', 'block', 'sevenInSeven', { debt, count: capCount, limit }, capUntil));
      if (pauseUntil !== null)
        reasons.push(reason(ctx, 'us.frequency.days_after_conversation', 'block', 'afterConversation', { debt, conversationAt, days: pauseDays }, pauseUntil));
    }
    return reasons;
  },
};
