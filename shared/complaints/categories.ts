// Complaint categories (docs/complaints.md). The regulated ones are named after the rules a
// complaint says were broken (docs/compliance/sources.md): each carries the provisions of the US pack
// (FDCPA / Regulation F) and the Chinese pack (NIFA convention, CBA guideline, GB/T 45251) it
// touches, so a lead and an auditor read the same reference. `other` is anything else.
import { z } from 'zod';

export const ComplaintCategory = z.enum([
  'harassment', // repeated or abusive calls
  'threats_or_abuse', // threats, violence, insults, obscene language
  'false_or_misleading', // impersonating officials or courts, false legal claims
  'third_party_disclosure', // the debt told to family, employer, contacts; public shaming
  'inconvenient_time_or_place', // quiet hours, workplace, times the debtor named
  'contact_after_cease', // contact after a cease or stop request, or after an attorney is known
  'wrong_person', // not the debtor, identity theft, not my debt
  'amount_disputed', // the amount, fees or interest are wrong; already paid
  'unauthorised_fees', // fees beyond the contract, payment to other than designated channels
  'privacy', // personal information processed without a lawful basis
  'other',
]);
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;

/** The provisions each category touches, per pack family (empty: no specific rule). */
export const CATEGORY_RULES: Record<ComplaintCategory, { us: readonly string[]; cn: readonly string[] }> = {
  harassment: { us: ['12 CFR 1006.14(a)-(b)'], cn: ['CBA guideline (2026)', 'GB/T 45251—2025'] },
  threats_or_abuse: { us: ['12 CFR 1006.14(b)-(d)'], cn: ['NIFA convention (2018) art. 16'] },
  false_or_misleading: { us: ['12 CFR 1006.18'], cn: ['NIFA convention (2018) art. 16'] },
  third_party_disclosure: { us: ['12 CFR 1006.6(d)', '12 CFR 1006.10'], cn: ['NIFA convention (2018) arts. 13, 14, 18'] },
  inconvenient_time_or_place: { us: ['12 CFR 1006.6(b)(1)'], cn: ['GB/T 45251—2025'] },
  contact_after_cease: { us: ['12 CFR 1006.6(c)', '12 CFR 1006.6(b)(2)', '12 CFR 1006.14(h)'], cn: [] },
  wrong_person: { us: ['12 CFR 1006.34', '12 CFR 1006.38'], cn: [] },
  amount_disputed: { us: ['12 CFR 1006.38'], cn: [] },
  unauthorised_fees: { us: ['12 CFR 1006.22'], cn: ['NIFA convention (2018) art. 19'] },
  privacy: { us: [], cn: ['Personal Information Protection Law art. 13'] },
  other: { us: [], cn: [] },
};

/** The hold a category suggests raising with it (the agent or lead may choose otherwise). */
export const SUGGESTED_HOLD: Partial<Record<ComplaintCategory, ComplaintHold>> = {
  wrong_person: 'dispute',
  amount_disputed: 'dispute',
  contact_after_cease: 'cease',
};

/** Holds a complaint may place, through the account's ordinary holds (the gate honours them). */
export const ComplaintHold = z.enum(['cease', 'dispute', 'do_not_call']);
export type ComplaintHold = z.infer<typeof ComplaintHold>;
