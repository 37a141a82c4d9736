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
import type { Contact, ContactResult } from '../facts';
import { cap, reason, type RuleReason, type RuleContext, type RuleFamily } from '../pack';
import { startOfLocalDay } from '../time';
import { atOf, concernsDebt, consentEnd, countingZones, dayIn, debtsOfAttempt, isCall, toDebtor } from './common';

const COUNTED: ReadonlySet<ContactResult> = new Set(['conversation', 'no_answer', 'voicemail', 'limited_content_message']);

/** Consent periods for calls, each [start, end). */
function consentPeriods(ctx: RuleContext, history: Contact[]): [number, number][] {
  const maxDays = cap(ctx.pack, 'us.frequency.consent_days');
  return ctx.facts.debtor.consents
    .filter((c) => c.scope === 'call_frequency')
    .map((c) => consentEnd(c, { maxDays, endsAtConversation: history }))
    .map(({ start, end }) => [start, end] as [number, number]);
}

const within = (periods: [number, number][], at: number) => periods.some(([s, e]) => s <= at && at < e);

export const usCallFrequency: RuleFamily = {
  name: 'call frequency (Regulation F)',
  evaluate(ctx) {
    if (ctx.attempt.channel !== 'call' || ctx.attempt.party !== 'debtor') return [];
    const calls = ctx.history.filter((c) => isCall(c) && toDebtor(c));
    const consent = consentPeriods(ctx, calls);
    // A call placed with consent is outside both presumptions.
    if (within(consent, ctx.now)) return [];
    const counted = calls.filter((c) => COUNTED.has(c.result) && !within(consent, atOf(c)));
    const limit = cap(ctx.pack, 'us.frequency.calls_per_7_days');
    const pauseDays = cap(ctx.pack, 'us.frequency.days_after_conversation');
    const reasons: RuleReason[] = [];
    for (const debtId of debtsOfAttempt(ctx)) {
      const debtParams = { debt: debtId ?? '*' };
      let capUntil: number | null = null;
      let capCount = 0;
      let pauseUntil: number | null = null;
      let conversationAt = '';
      for (const zone of countingZones(ctx)) {
        const today = dayIn(ctx.now, zone);
        // (i) the 7 consecutive days ending today hold the most calls any 7-day run through today can.
        const inRun = counted.filter((c) => concernsDebt(c, debtId) && dayIn(atOf(c), zone) > today - 7);
        if (inRun.length >= limit) {
          // Allowed again from the day the (n-limit+1)th-newest call drops out of the run.
          const until = startOfLocalDay(dayIn(atOf(inRun[inRun.length - limit]!), zone) + 7, zone);
          capUntil = Math.max(capUntil ?? 0, until);
          capCount = Math.max(capCount, inRun.length);
        }
        // (ii) a conversation about this debt on day C blocks days C..C+6.
        const conversations = calls.filter(
          (c) => c.result === 'conversation' && concernsDebt(c, debtId) && dayIn(atOf(c), zone) > today - pauseDays,
        );
        const last = conversations[conversations.length - 1];
        if (last) {
          const until = startOfLocalDay(dayIn(atOf(last), zone) + pauseDays, zone);
          if (until > (pauseUntil ?? 0)) {
            pauseUntil = until;
            conversationAt = last.at;
          }
        }
      }
      if (capUntil !== null)
        reasons.push(reason(ctx, 'us.frequency.calls_per_7_days', 'block', 'sevenInSeven', { ...debtParams, count: capCount, limit }, capUntil));
      if (pauseUntil !== null)
        reasons.push(reason(ctx, 'us.frequency.days_after_conversation', 'block', 'afterConversation', { ...debtParams, conversationAt, days: pauseDays }, pauseUntil));
    }
    return reasons;
  },
};
