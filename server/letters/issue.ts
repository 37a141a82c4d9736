// Issuing a letter, for an agent (POST /api/letters, server/routes/letters.ts) and for the stage
// ladder (server/ladder/service.ts) alike: the letters' gate, the PDF of the account's region
// dated at the account's address, and the record stored with the file by its SHA-256.
//
// The gate: a letter goes to the debtor at the account's address and nowhere else (it states the
// debt, which a third party must never read: 12 CFR 1006.6(d), 1006.10; NIFA convention 2018 arts.
// 13, 14, 18), only the letter of the account's region is written, and a hold that stops collection
// stops it too: cease (1006.6(c): after it, only a notice that collection ends or of a specific
// remedy), dispute (1006.38(d)(2): verification first), attorney, bankruptcy, deceased.
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { LETTER_STOPPING_HOLDS, letterStoppingHold } from '../../shared/messaging/letter-holds';
import { LETTERS_BY_REGION, type LetterAmounts, type LetterLanguage, type LetterRecord, type LetterType } from '../../shared/messaging/letters';
import type { Organisation } from '../messaging/facts';
import type { ServerStore } from '../store/store';
import { cnOverdueNoticeFor, cnOverdueNoticePdf, validationNoticeFor, validationNoticePdf } from './notices';

/** Why a letter may not be issued: a rule id (`hold.<kind>` for a hold), the server's sentence and what it names. */
export interface LetterRefusal { rule: string; message: string; params: Record<string, string> }

/** The date at the account's address (a letter is dated where it is read). */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Why no letter may be issued for the account now, or null. */
export function letterRefusalOf(bundle: AccountBundle, type: string, language: string, at: Date): LetterRefusal | null {
  const offered = LETTERS_BY_REGION[bundle.account.region].find((l) => l.type === type);
  if (!offered) return { rule: 'letter.not_for_region', message: `A ${type} is not a letter for an account in ${bundle.account.region}`, params: { type, region: bundle.account.region } };
  if (!offered.languages.includes(language as never)) return { rule: 'letter.language', message: `A ${type} is written in ${offered.languages.join(' or ')}, not ${language}`, params: { type, language } };
  const h = letterStoppingHold(bundle.holds, bundle.parties, at.getTime());
  if (h) return { rule: `hold.${h.kind}`, message: `A ${h.kind} hold on ${bundle.account.ref} since ${h.effectiveAt} stops collection letters (hold.${h.kind}; ${LETTER_STOPPING_HOLDS[h.kind]})`, params: { kind: h.kind, since: h.effectiveAt } };
  if (!bundle.debts.some((d) => d.balanceMinor > 0)) return { rule: 'letter.nothing_owed', message: `Account ${bundle.account.ref} has nothing owed`, params: {} };
  return null;
}

/** The refusal's sentence, or null (what POST /api/letters answers with its 403). */
export function letterRefusal(bundle: AccountBundle, type: string, language: string, at: Date): string | null {
  return letterRefusalOf(bundle, type, language, at)?.message ?? null;
}

export interface LetterIssue { requestId: string; type: LetterType; language: LetterLanguage; userId: string }

/**
 * Passes the gate, writes the PDF and stores the letter under `req.userId`. A request id already
 * stored is not issued twice: the stored letter is answered. The caller checks who may ask.
 */
export async function issueLetter(
  store: ServerStore, bundle: AccountBundle, req: LetterIssue, at: Date, org: Organisation,
): Promise<{ letter: LetterRecord } | { refusal: LetterRefusal }> {
  const refusal = letterRefusalOf(bundle, req.type, req.language, at);
  if (refusal) return { refusal };
  const issuedOn = localDate(at, bundle.account.timeZone);
  let pdf: Buffer;
  let amounts: LetterAmounts;
  let respondBy: string | null = null;
  let daysOverdue: number | null = null;
  if (req.type === 'validation_notice') {
    const n = validationNoticeFor(bundle, issuedOn, org);
    pdf = await validationNoticePdf(n, req.language === 'es' ? 'es' : 'en');
    amounts = { currency: 'USD', principalMinor: n.owedAtItemizationMinor, feesMinor: n.feesMinor + n.interestMinor, paidMinor: n.paidMinor, totalMinor: n.totalNowMinor };
    respondBy = n.respondBy;
  } else {
    const n = cnOverdueNoticeFor(bundle, issuedOn, org);
    pdf = await cnOverdueNoticePdf(n);
    amounts = { currency: 'CNY', principalMinor: n.principalMinor, feesMinor: n.feesMinor, paidMinor: Math.max(0, n.principalMinor + n.feesMinor - n.amountDueMinor), totalMinor: n.amountDueMinor };
    daysOverdue = n.daysOverdue;
  }
  await store.messaging.letters.issue({
    id: uuidv7(), requestId: req.requestId, accountId: bundle.account.id, userId: req.userId, type: req.type, language: req.language,
    sha256: createHash('sha256').update(pdf).digest('hex'), amounts, issuedOn, respondBy, daysOverdue, createdAt: at.toISOString(),
  }, pdf);
  return { letter: (await store.messaging.letters.byRequest(req.requestId))! };
}
