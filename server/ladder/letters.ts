// A letter the ladder issues: the same gate (letterRefusal) and the same PDFs as a letter an agent
// issues from the account screen (server/routes/letters.ts), recorded under the ladder's name.
// The route's handler does the same steps inline; moving them into one function both call is the
// tidy-up left (docs/ladder.md).
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { AccountBundle } from '../../shared/domain/portfolio';
import type { LetterAmounts, LetterLanguage, LetterType } from '../../shared/messaging/letters';
import type { Refusal } from '../../shared/ladder/protocol';
import { cnOverdueNoticeFor, cnOverdueNoticePdf, validationNoticeFor, validationNoticePdf } from '../letters/notices';
import type { Organisation } from '../messaging/facts';
import { letterRefusal } from '../routes/letters';
import type { ServerStore } from '../store/store';

function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export async function issueLadderLetter(
  store: ServerStore, bundle: AccountBundle, req: { requestId: string; type: LetterType; language: LetterLanguage; userId: string }, at: Date, org: Organisation,
): Promise<{ letterId: string } | { refusal: Refusal }> {
  const known = await store.messaging.letters.byRequest(req.requestId);
  if (known) return { letterId: known.id };
  const refusal = letterRefusal(bundle, req.type, req.language, at);
  if (refusal) return { refusal: { rule: /\((hold\.[a-z_]+);/.exec(refusal)?.[1] ?? 'letter', message: refusal } };
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
  const id = uuidv7();
  await store.messaging.letters.issue({
    id, requestId: req.requestId, accountId: bundle.account.id, userId: req.userId, type: req.type, language: req.language,
    sha256: createHash('sha256').update(pdf).digest('hex'), amounts, issuedOn, respondBy, daysOverdue, createdAt: at.toISOString(),
  }, pdf);
  return { letterId: (await store.messaging.letters.byRequest(req.requestId))!.id };
}
