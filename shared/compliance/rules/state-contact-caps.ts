// State caps on telephone and text communications by kind of number, per debt (Massachusetts:
// 940 CMR 7.04(1)(f) / 209 CMR 18.16(1)(d)). An overlay applies when any place the debtor may be
// is in its state. Counted: calls that reached the person or could have left a message
// (answered, voicemail, rang unanswered — Watkins v. Glenn Associates, 2016) and texts that were
// delivered, to numbers of the cap's kind, about the debt, over the last `days` local days at
// every possible zone (the strictest count wins).
import type { Contact, Phone } from '../facts';
import { NO_REASONS, cap, reason, type ContactCap, type RuleContext, type RuleFamily, type RuleReason, type StateOverlay } from '../pack';
import { startOfLocalDay } from '../time';
import { concernsDebt, countingZones, dayIn, debtsOfAttempt } from './common';

/** Does the debtor possibly live under this overlay? */
export function overlayApplies(overlay: StateOverlay, ctx: RuleContext): boolean {
  for (const l of ctx.locations) if (l.region === overlay.region) return true;
  return false;
}

function phoneTypeOf(contact: Pick<Contact, 'phoneId' | 'number'>, phones: Phone[]): Phone['type'] | null {
  const p = phones.find((ph) => (contact.phoneId !== undefined && ph.id === contact.phoneId) || (contact.number !== undefined && ph.number === contact.number));
  return p?.type ?? null;
}

function counts(c: Contact, rule: ContactCap): boolean {
  if (c.party !== 'debtor' || !rule.channels.includes(c.channel)) return false;
  if (c.channel === 'sms' || c.channel === 'email') return c.result !== 'failed' && c.result !== 'not_in_service';
  return rule.countedCallResults.includes(c.result);
}

/** A number not on file (or a kind unknown) is counted as every kind: the cap errs towards blocking. */
function ofKind(type: Phone['type'] | null, rule: ContactCap): boolean {
  return type === null || rule.phoneTypes.includes(type);
}

function checkCap(rule: ContactCap, ctx: RuleContext, region: string): RuleReason[] {
  if (ctx.attempt.party !== 'debtor' || !rule.channels.includes(ctx.attempt.channel)) return [];
  if (!ofKind(ctx.phone?.type ?? null, rule)) return [];
  const limit = cap(ctx.pack, rule.id);
  const phones = ctx.facts.debtor.phones;
  const { history, times } = ctx;
  const relevant: number[] = [];
  for (let k = 0; k < history.length; k++) if (counts(history[k]!, rule) && ofKind(phoneTypeOf(history[k]!, phones), rule)) relevant.push(k);
  const reasons: RuleReason[] = [];
  for (const debtId of debtsOfAttempt(ctx)) {
    let reached = false;
    let count = 0;
    let until: number | null = null;
    for (const zone of countingZones(ctx)) {
      const today = dayIn(ctx.now, zone);
      const inRun: number[] = [];
      for (const k of relevant) {
        const day = dayIn(times[k]!, zone);
        if (day > today - rule.days && concernsDebt(history[k]!, debtId)) inRun.push(k);
      }
      if (inRun.length < limit) continue;
      // Allowed again from the day the (n-limit+1)th-newest drops out of the run, the latest over
      // the zones; a cap of 0 has no such contact and never lifts by time.
      reached = true;
      count = Math.max(count, inRun.length);
      if (limit > 0) until = Math.max(until ?? 0, startOfLocalDay(dayIn(times[inRun[inRun.length - limit]!]!, zone) + rule.days, zone));
    }
    if (reached) reasons.push(reason(ctx, rule.id, 'block', 'stateContactCap', { region, debt: debtId ?? '', count, limit, days: rule.days, numbers: rule.numbers }, until));
  }
  return reasons;
}

export const stateContactCaps: RuleFamily = {
  name: 'state contact caps',
  // Counts past contacts over the last days only: with none new, counts only fall (stability.ts).
  saysWhenItChanges: true,
  evaluate(ctx) {
    let reasons: RuleReason[] | undefined;
    for (const overlay of ctx.pack.overlays) {
      if (overlay.contactCaps.length === 0 || !overlayApplies(overlay, ctx)) continue;
      for (const rule of overlay.contactCaps) for (const r of checkCap(rule, ctx, overlay.region)) (reasons ??= []).push(r);
    }
    return reasons ?? NO_REASONS;
  },
};
