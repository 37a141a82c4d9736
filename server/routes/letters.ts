// Letters (docs/messaging.md "Letters"): POST /api/letters writes the PDF for an account, stores it
// by its SHA-256 and records it; GET /api/letters?accountId= lists an account's letters;
// GET /api/letters/:id/pdf serves one (logged as a read of the debtor's record). Who may: whoever
// sees the account (the agent it is assigned to, their team lead, admins), as for messages.
//
// The gate for a letter: it goes to the debtor at the account's address and nowhere else (it states
// the debt, which a third party must never read: 12 CFR 1006.6(d), 1006.10; NIFA convention 2018
// arts. 13, 14, 18), only the letter of the account's region is written, and a hold that stops
// collection stops it too: cease (1006.6(c): after it, only a notice that collection ends or of a
// specific remedy), dispute (1006.38(d)(2): verification first), attorney, bankruptcy, deceased.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { LETTER_STOPPING_HOLDS, letterStoppingHold } from '../../shared/messaging/letter-holds';
import { IssueLetterRequest, LETTERS_BY_REGION, type LetterAmounts, type LetterList, type LetterRecord } from '../../shared/messaging/letters';
import { logRead } from '../audit/reads';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import { cnOverdueNoticeFor, cnOverdueNoticePdf, validationNoticeFor, validationNoticePdf } from '../letters/notices';
import { DEFAULT_ORGANISATION, type Organisation } from '../messaging/facts';
import type { ServerStore } from '../store/store';

const AccountQuery = z.strictObject({ accountId: z.string().min(1).max(100) });
const LetterParams = z.strictObject({ id: z.string().min(1).max(100) });

/** The date at the account's address (a letter is dated where it is read). */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Why no letter may be issued for the account now, or null. */
export function letterRefusal(bundle: AccountBundle, type: string, language: string, at: Date): string | null {
  const offered = LETTERS_BY_REGION[bundle.account.region].find((l) => l.type === type);
  if (!offered) return `A ${type} is not a letter for an account in ${bundle.account.region}`;
  if (!offered.languages.includes(language as never)) return `A ${type} is written in ${offered.languages.join(' or ')}, not ${language}`;
  const h = letterStoppingHold(bundle.holds, bundle.parties, at.getTime());
  if (h) return `A ${h.kind} hold on ${bundle.account.ref} since ${h.effectiveAt} stops collection letters (hold.${h.kind}; ${LETTER_STOPPING_HOLDS[h.kind]})`;
  if (!bundle.debts.some((d) => d.balanceMinor > 0)) return `Account ${bundle.account.ref} has nothing owed`;
  return null;
}

export function letterRoutes(app: FastifyInstance, { auth, store, now, organisation = DEFAULT_ORGANISATION }: { auth: Auth; store: ServerStore; now: () => Date; organisation?: Organisation }): void {
  const letters = store.messaging.letters;
  const visible = async (user: Parameters<ServerStore['messaging']['canSee']>[0], accountId: string) => {
    if (!(await store.messaging.canSee(user, accountId))) throw new ApiError('FORBIDDEN', `Account ${accountId} is not yours to see`);
  };

  app.post('/api/letters', async (request): Promise<LetterRecord> => {
    const session = await auth.authenticate(request.headers.authorization);
    const body = parseRequest(IssueLetterRequest, request.body, 'letter request');
    const known = await letters.byRequest(body.requestId);
    if (known) {
      if (known.userId !== session.user.id) throw new ApiError('FORBIDDEN', 'That request id belongs to another user');
      return known;
    }
    await visible(session.user, body.accountId);
    const bundle = await store.getAccount(body.accountId);
    if (!bundle) throw new ApiError('NOT_FOUND', `No account ${body.accountId}`);
    const at = now();
    const refusal = letterRefusal(bundle, body.type, body.language, at);
    if (refusal) throw new ApiError('FORBIDDEN', refusal);
    const issuedOn = localDate(at, bundle.account.timeZone);
    let pdf: Buffer;
    let amounts: LetterAmounts;
    let respondBy: string | null = null;
    let daysOverdue: number | null = null;
    if (body.type === 'validation_notice') {
      const n = validationNoticeFor(bundle, issuedOn, organisation);
      pdf = await validationNoticePdf(n, body.language === 'es' ? 'es' : 'en');
      amounts = { currency: 'USD', principalMinor: n.owedAtItemizationMinor, feesMinor: n.feesMinor + n.interestMinor, paidMinor: n.paidMinor, totalMinor: n.totalNowMinor };
      respondBy = n.respondBy;
    } else {
      const n = cnOverdueNoticeFor(bundle, issuedOn, organisation);
      pdf = await cnOverdueNoticePdf(n);
      amounts = { currency: 'CNY', principalMinor: n.principalMinor, feesMinor: n.feesMinor, paidMinor: Math.max(0, n.principalMinor + n.feesMinor - n.amountDueMinor), totalMinor: n.amountDueMinor };
      daysOverdue = n.daysOverdue;
    }
    const record = {
      id: uuidv7(), requestId: body.requestId, accountId: bundle.account.id, userId: session.user.id, type: body.type, language: body.language,
      sha256: createHash('sha256').update(pdf).digest('hex'), amounts, issuedOn, respondBy, daysOverdue, createdAt: at.toISOString(),
    };
    await letters.issue(record, pdf);
    return (await letters.byRequest(body.requestId))!;
  });

  app.get('/api/letters', async (request): Promise<LetterList> => {
    const session = await auth.authenticate(request.headers.authorization);
    const { accountId } = parseRequest(AccountQuery, request.query, 'letters query');
    await visible(session.user, accountId);
    return { letters: await letters.ofAccount(accountId) };
  });

  app.get('/api/letters/:id/pdf', async (request, reply) => {
    const session = await auth.authenticate(request.headers.authorization);
    const { id } = parseRequest(LetterParams, request.params, 'letter');
    const letter = await letters.get(id);
    if (!letter) throw new ApiError('NOT_FOUND', `No letter ${id}`);
    await visible(session.user, letter.accountId);
    const pdf = await letters.file(letter.sha256);
    if (!pdf) throw new ApiError('NOT_FOUND', `The file of letter ${id} is not on the server`);
    logRead(store, request, session, { what: 'account', objectId: letter.sha256, reason: `letter download (${letter.type})`, accountId: letter.accountId });
    return reply.header('content-type', 'application/pdf').header('etag', `"${letter.sha256}"`)
      .header('content-disposition', `inline; filename="${letter.type}-${letter.issuedOn}.pdf"`).header('cache-control', 'private, max-age=31536000, immutable').send(pdf);
  });
}
