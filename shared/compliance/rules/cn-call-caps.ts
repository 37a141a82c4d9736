// China's daily caps, counted on the Beijing calendar day across every agent and agency that
// works the account (the history holds all of their attempts):
//  - at most 3 connected collection calls per debtor per day (GB/T 45251—2025; NIFA 2024);
//  - at most 6 unanswered attempts per day to the same number (CBA guideline 2026).
// Unanswered means it rang, went to voicemail or was busy; a number out of service or a call that
// never left the dialler reached no one and is not an attempt on the person.
import type { ContactResult } from '../facts';
import { NO_REASONS, cap, reason, type RuleFamily } from '../pack';
import { startOfLocalDay } from '../time';
import { dayIn, isCall, toDebtor, toSamePhone } from './common';

export const BEIJING = 'Asia/Shanghai';
const UNANSWERED_ATTEMPT: ReadonlySet<ContactResult> = new Set(['no_answer', 'voicemail', 'limited_content_message', 'busy']);

/** At most 3 connected calls per debtor per day, whichever number they were on: the same for every phone of the debtor. */
export const cnConnectedCap: RuleFamily = {
  name: 'connected calls per day (China)',
  // Counts past contacts only: with none new its block lifts when it says, and nothing else changes (stability.ts).
  saysWhenItChanges: true,
  personLevel: true,
  evaluate(ctx) {
    if (ctx.attempt.channel !== 'call' || ctx.attempt.party !== 'debtor') return NO_REASONS;
    const today = dayIn(ctx.now, BEIJING);
    const days = ctx.index.daysIn(BEIJING);
    let connected = 0;
    for (let k = 0; k < ctx.history.length; k++) {
      const c = ctx.history[k]!;
      if (days[k] === today && isCall(c) && toDebtor(c) && c.result === 'conversation') connected++;
    }
    const limit = cap(ctx.pack, 'cn.connected_calls_per_day');
    if (connected < limit) return NO_REASONS;
    return [reason(ctx, 'cn.connected_calls_per_day', 'block', 'connectedPerDay', { count: connected, limit }, startOfLocalDay(today + 1, BEIJING))];
  },
};

/** At most 6 unanswered attempts per day to the number called, whoever it belongs to. */
export const cnUnansweredPerNumber: RuleFamily = {
  name: 'unanswered attempts per number per day (China)',
  saysWhenItChanges: true, // counts past contacts only, as above
  evaluate(ctx) {
    if (ctx.attempt.channel !== 'call' || !ctx.phone) return NO_REASONS;
    const today = dayIn(ctx.now, BEIJING);
    const days = ctx.index.daysIn(BEIJING);
    let unanswered = 0;
    for (let k = 0; k < ctx.history.length; k++) {
      const c = ctx.history[k]!;
      if (days[k] === today && isCall(c) && UNANSWERED_ATTEMPT.has(c.result) && toSamePhone(ctx, c)) unanswered++;
    }
    const limit = cap(ctx.pack, 'cn.unanswered_attempts_per_number_per_day');
    if (unanswered < limit) return NO_REASONS;
    return [reason(ctx, 'cn.unanswered_attempts_per_number_per_day', 'block', 'unansweredPerNumber', { count: unanswered, limit, phone: ctx.phone.number }, startOfLocalDay(today + 1, BEIJING))];
  },
};

/** Both daily caps, in the order the pack lists its reasons. */
export const cnCallCaps: readonly RuleFamily[] = [cnConnectedCap, cnUnansweredPerNumber];
