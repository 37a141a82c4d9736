// Letters (docs/messaging.md "Letters"): the central server writes the PDF, stores it by its
// SHA-256 and records it; the console asks for one, logs `letter.issued` in the agent's log (synced
// like a call) and opens or downloads the PDF. Letters go to the debtor at the account's address
// only: they carry the debt, which a third party must never read.
import { z } from 'zod';

export const LetterType = z.enum(['validation_notice', 'cn_overdue_notice']);
export type LetterType = z.infer<typeof LetterType>;

/** The validation notice in English or Spanish (US); the overdue notice in Chinese (CN). */
export const LetterLanguage = z.enum(['en', 'es', 'zh-CN']);
export type LetterLanguage = z.infer<typeof LetterLanguage>;

/** Which letters an account of a region may have, and in which languages. */
export const LETTERS_BY_REGION: Record<'US' | 'CN', readonly { type: LetterType; languages: readonly LetterLanguage[] }[]> = {
  US: [{ type: 'validation_notice', languages: ['en', 'es'] }],
  CN: [{ type: 'cn_overdue_notice', languages: ['zh-CN'] }],
};

const Id = z.string().min(1).max(100);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const IsoDate = z.iso.date();

export const IssueLetterRequest = z.strictObject({
  /** Chosen by the console; the same request again returns the letter already issued. */
  requestId: z.uuid(),
  accountId: Id,
  type: LetterType,
  language: LetterLanguage,
});
export type IssueLetterRequest = z.infer<typeof IssueLetterRequest>;

/** The amounts the letter states, in minor units of its currency. */
export const LetterAmounts = z.object({
  currency: z.enum(['USD', 'CNY']),
  principalMinor: z.number().int(),
  feesMinor: z.number().int(),
  paidMinor: z.number().int(),
  totalMinor: z.number().int(),
});
export type LetterAmounts = z.infer<typeof LetterAmounts>;

export const LetterRecord = z.object({
  id: Id,
  requestId: z.uuid(),
  accountId: Id,
  userId: Id,
  type: LetterType,
  language: LetterLanguage,
  sha256: Sha256,
  length: z.number().int().positive(),
  amounts: LetterAmounts,
  /** The letter's date; the validation period's end (disputes, original-creditor requests) for a validation notice. */
  issuedOn: IsoDate,
  respondBy: IsoDate.nullable(),
  /** Days overdue on the issue date (the Chinese notice states them). */
  daysOverdue: z.number().int().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type LetterRecord = z.infer<typeof LetterRecord>;

export const LetterList = z.object({ letters: z.array(LetterRecord) });
export type LetterList = z.infer<typeof LetterList>;

/** The event the console logs for a letter it asked for. */
export const LetterIssuedLog = z.object({
  type: z.literal('letter.issued'),
  letterId: Id,
  requestId: z.uuid(),
  letterType: LetterType,
  language: LetterLanguage,
  sha256: Sha256,
  amounts: LetterAmounts,
  issuedOn: IsoDate,
  respondBy: IsoDate.nullable(),
  daysOverdue: z.number().int().nullable(),
});
export type LetterIssuedLog = z.infer<typeof LetterIssuedLog>;

const AccountRef = z.object({ accountId: Id }).strict();

/** The console's letter methods (spread into the contract with messagingMethods). */
export const letterMethods = {
  /** Writes, stores and records a letter on the central server and logs letter.issued here; a repeated requestId issues once. */
  'letters.issue': { input: IssueLetterRequest, output: LetterRecord },
  /** The account's letters as the central server has them. */
  'letters.account': { input: AccountRef, output: LetterList },
  /** A letter's PDF, base64, to open in a window or save. */
  'letters.pdf': { input: z.object({ letterId: Id }).strict(), output: z.object({ base64: z.string(), fileName: z.string(), sha256: Sha256 }) },
} as const;
