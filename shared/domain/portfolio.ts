// Server-owned portfolio data as the console sees it. Money is always integer minor units
// (fen, cents) with the currency beside it; dates are ISO strings.
import { z } from 'zod';
import { IdentityOnFile } from './identity';

export const Region = z.enum(['CN', 'US']);
export type Region = z.infer<typeof Region>;

export const Currency = z.enum(['CNY', 'USD']);
export type Currency = z.infer<typeof Currency>;

export const Stage = z.enum(['reminder', 'early', 'late', 'agency', 'legal']);
export type Stage = z.infer<typeof Stage>;

export const PartyKind = z.enum(['debtor', 'co_debtor', 'third_party']);
export type PartyKind = z.infer<typeof PartyKind>;

export const Relation = z.enum(['self', 'spouse', 'relative', 'emergency_contact', 'employer', 'friend']);
export type Relation = z.infer<typeof Relation>;

export const PhoneType = z.enum(['mobile', 'home', 'work', 'other']);
export type PhoneType = z.infer<typeof PhoneType>;

export const Consent = z.enum(['none', 'express', 'revoked']);
export type Consent = z.infer<typeof Consent>;

/**
 * sms_opt_out and email_opt_out: the person asked for no more texts to one number or emails to one
 * address (a STOP or 退订 reply); the hold's phone (texts) and its note (the number or address) name
 * what it covers. Calls are not affected.
 */
export const HoldKind = z.enum(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased', 'do_not_call', 'sms_opt_out', 'email_opt_out']);
export type HoldKind = z.infer<typeof HoldKind>;

export const HistoryKind = z.enum(['call', 'sms', 'visit', 'payment', 'promise', 'note', 'letter']);
export type HistoryKind = z.infer<typeof HistoryKind>;

const IsoTime = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date();

export const Account = z.object({
  id: z.string(),
  ref: z.string(),
  region: Region,
  currency: Currency,
  debtorName: z.string(),
  address: z.string(),
  province: z.string(), // province (CN) or state (US)
  postalCode: z.string(),
  timeZone: z.string(), // IANA zone of the address
  assignedTo: z.string().nullable(),
  teamId: z.string().nullable(),
});
export type Account = z.infer<typeof Account>;

export const Debt = z.object({
  id: z.string(),
  accountId: z.string(),
  lender: z.string(),
  product: z.string(),
  principalMinor: z.number().int(),
  feesMinor: z.number().int(),
  balanceMinor: z.number().int(),
  dueDate: IsoDate,
  stage: Stage,
});
export type Debt = z.infer<typeof Debt>;

export const Party = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: PartyKind,
  relation: Relation,
  name: z.string(),
});
export type Party = z.infer<typeof Party>;

export const Phone = z.object({
  id: z.string(),
  accountId: z.string(),
  partyId: z.string(),
  number: z.string(), // E.164
  type: PhoneType,
  consent: Consent,
  timeZone: z.string().nullable(),
});
export type Phone = z.infer<typeof Phone>;

export const Hold = z.object({
  id: z.string(),
  accountId: z.string(),
  partyId: z.string().nullable(),
  phoneId: z.string().nullable(),
  kind: HoldKind,
  note: z.string(),
  effectiveAt: IsoTime,
  liftedAt: IsoTime.nullable(),
});
export type Hold = z.infer<typeof Hold>;

/** A past contact or payment recorded centrally (by any agent or by the lender). */
export const HistoryEntry = z.object({
  id: z.string(),
  accountId: z.string(),
  at: IsoTime,
  kind: HistoryKind,
  actor: z.string(),
  result: z.string(),
  amountMinor: z.number().int().nullable(),
  dueDate: IsoDate.nullable(),
  note: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Everything the server sends down for one account. */
export const AccountBundle = z.object({
  account: Account,
  debts: z.array(Debt),
  parties: z.array(Party),
  phones: z.array(Phone),
  holds: z.array(Hold),
  history: z.array(HistoryEntry),
  /**
   * The debtor's identity checks on file, hashed (./identity.ts): null when nothing is on file,
   * absent from servers before it.
   */
  identity: IdentityOnFile.nullable().optional(),
});
export type AccountBundle = z.infer<typeof AccountBundle>;

/** Days past due on `today` (both ISO dates), negative before the due date. */
export function daysPastDue(dueDate: string, today: string): number {
  const ms = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}
