// Small helpers the rule families share: which contacts are calls to whom, whether consent is
// in force, and the calendar days the counting rules are stated in.
import type { ConsentRecord, ConsentScope, Contact, ContactResult, Facts, Phone } from '../facts';
import type { RuleContext } from '../pack';
import { changesAt } from '../stability';
import { localDay, parseInstant, type DayNumber } from '../time';

export const isCall = (c: Contact) => c.channel === 'call';
export const toDebtor = (c: Contact) => c.party === 'debtor';

export const UNANSWERED: ReadonlySet<ContactResult> = new Set(['no_answer', 'voicemail', 'limited_content_message']);
export const VOICEMAIL: ReadonlySet<ContactResult> = new Set(['voicemail', 'limited_content_message']);

/** The number a contact went to, resolving phone ids through the facts. */
export function numberOf(contact: Pick<Contact, 'phoneId' | 'number' | 'party' | 'partyId'>, facts: Facts): string | null {
  if (contact.number) return contact.number;
  if (!contact.phoneId) return null;
  // Loops, not find(): the caps and warning signs ask this for many contacts of every decision.
  let phones: readonly Phone[] = facts.debtor.phones;
  if (contact.party !== 'debtor') {
    phones = [];
    for (const party of facts.thirdParties) if (party.id === contact.partyId) phones = party.phones;
  }
  for (const p of phones) if (p.id === contact.phoneId) return p.number;
  return null;
}

/** Same number as the attempt: by number when known (ids differ between systems), else by id. */
export function toSamePhone(ctx: RuleContext, contact: Contact): boolean {
  if (!ctx.phone) return false;
  const number = numberOf(contact, ctx.facts);
  if (number) return number === ctx.phone.number;
  return contact.phoneId !== undefined && contact.phoneId === ctx.phone.id;
}

/** Does a contact concern debt `debtId`? A contact naming no debt concerns them all. */
export function concernsDebt(contact: Pick<Contact, 'debtIds'>, debtId: string | null): boolean {
  return debtId === null || contact.debtIds.length === 0 || contact.debtIds.includes(debtId);
}

/** The debts an attempt is about; naming none means every debt seen on the account. */
export function debtsOfAttempt(ctx: RuleContext): (string | null)[] {
  return ctx.attempt.debtIds.length > 0 ? ctx.attempt.debtIds : ctx.index.debtsSeen();
}

/** The end of a consent's effect, or null if it never took effect. */
export function consentEnd(
  consent: Facts['debtor']['consents'][number],
  extra: { maxDays?: number; endsAtConversationIn?: Pick<RuleContext, 'history' | 'times'> } = {},
): { start: number; end: number } {
  const start = parseInstant(consent.givenAt);
  let end = Infinity;
  if (consent.expiresAt) end = Math.min(end, parseInstant(consent.expiresAt));
  if (consent.revokedAt) end = Math.min(end, parseInstant(consent.revokedAt));
  if (extra.maxDays !== undefined) end = Math.min(end, start + extra.maxDays * 86_400_000);
  const known = extra.endsAtConversationIn;
  if (known) {
    const k = known.history.findIndex((c, i) => c.result === 'conversation' && isCall(c) && toDebtor(c) && known.times[i]! >= start);
    // The call that reaches the person is still made with consent; the ones after it are not.
    if (k >= 0) end = Math.min(end, known.times[k]! + 1);
  }
  return { start, end };
}

/**
 * Does a consent count for contact about `debtIds` (empty: every debt of the account)? Only
 * consent given directly to the collector counts (1006.6(b)(1): "prior consent of the consumer
 * given directly to the debt collector"; 1006.14(b)(3)(i)), and a consent naming debts covers
 * those debts only.
 */
export function consentCovers(consent: ConsentRecord, debtIds: readonly string[]): boolean {
  if (consent.givenTo !== 'collector') return false;
  if (!consent.debtIds) return true;
  return debtIds.length > 0 && debtIds.every((id) => consent.debtIds!.includes(id));
}

export function consentActive(ctx: RuleContext, scope: ConsentScope, at: number): boolean {
  let active = false;
  for (const c of ctx.facts.debtor.consents) {
    if (c.scope !== scope || !consentCovers(c, ctx.attempt.debtIds)) continue;
    const { start, end } = consentEnd(c);
    // Whether consent is in force changes where one starts or ends (stability.ts).
    changesAt(start);
    changesAt(end);
    if (start <= at && at < end) active = true;
  }
  return active;
}

/**
 * The zones whose calendar days the counting rules use: the pack's national zone (China), or
 * every possible location of the person, so a "day" is never shorter than at any of them.
 */
export function countingZones(ctx: RuleContext, nationalZone?: string): string[] {
  if (nationalZone) return [nationalZone];
  return ctx.zones.length > 0 ? ctx.zones : ['UTC'];
}

export function dayIn(ms: number, zone: string): DayNumber {
  return localDay(ms, zone);
}
