// China's daily caps, counted on the Beijing calendar day across every agent and agency that
// works the account (the history holds all of their attempts):
//  - at most 3 connected collection calls per debtor per day (GB/T 45251—2025; NIFA 2024);
//  - at most 6 unanswered attempts per day to the same number (CBA guideline 2026).
// Unanswered means it rang, went to voicemail or was busy; a number out of service or a call that
// never left the dialler reached no one and is not an attempt on the person.
import type { ContactResult } from '../facts';
import { NO_REASONS, cap, reason, type RuleReason, type RuleFamily } from '../pack';
import { startOfLocalDay } from '../time';
import { dayIn, isCall, toDebtor, toSamePhone } from './common';

export const BEIJING = 'Asia/Shanghai';
const UNANSWERED_ATTEMPT: ReadonlySet<ContactResult> = new Set(['no_answer', 'voicemail', 'limited_content_message', 'busy']);

export const cnCallCaps: RuleFamily = {
  name: 'daily call caps (China)',
  evaluate(ctx) {
    if (ctx.attempt.channel !== 'call') return NO_REASONS;
    const today = dayIn(ctx.now, BEIJING);
    const days = ctx.index.daysIn(BEIJING);
    // Count today's calls in one pass: connected ones to the debtor, unanswered ones to this number.
    let connected = 0;
    let unanswered = 0;
    for (let k = 0; k < ctx.history.length; k++) {
      const c = ctx.history[k]!;
      if (days[k] !== today || !isCall(c)) continue;
      if (toDebtor(c) && c.result === 'conversation') connected++;
      if (UNANSWERED_ATTEMPT.has(c.result) && toSamePhone(ctx, c)) unanswered++;
    }
    const reasons: RuleReason[] = [];
    if (ctx.attempt.party === 'debtor') {
      const limit = cap(ctx.pack, 'cn.connected_calls_per_day');
      if (connected >= limit) reasons.push(reason(ctx, 'cn.connected_calls_per_day', 'block', 'connectedPerDay', { count: connected, limit }, startOfLocalDay(today + 1, BEIJING)));
    }
    if (ctx.phone) {
      const limit = cap(ctx.pack, 'cn.unanswered_attempts_per_number_per_day');
      if (unanswered >= limit)
        reasons.push(reason(ctx, 'cn.unanswered_attempts_per_number_per_day', 'block', 'unansweredPerNumber', { count: unanswered, limit, phone: ctx.phone.number }, startOfLocalDay(today + 1, BEIJING)));
    }
    return reasons;
  },
};
