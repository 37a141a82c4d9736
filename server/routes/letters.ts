// Letters (docs/messaging.md "Letters"): POST /api/letters writes the PDF for an account, stores it
// by its SHA-256 and records it; GET /api/letters?accountId= lists an account's letters;
// GET /api/letters/:id/pdf serves one (logged as a read of the debtor's record). Who may: whoever
// sees the account (the agent it is assigned to, their team lead, admins), as for messages.
//
// The gate and the issuing itself are server/letters/issue.ts, which the stage ladder uses too.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import { IssueLetterRequest, type LetterList, type LetterRecord } from '../../shared/messaging/letters';
import { logRead } from '../audit/reads';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import { issueLetter } from '../letters/issue';
import { DEFAULT_ORGANISATION, type Organisation } from '../messaging/facts';
import type { ServerStore } from '../store/store';

const AccountQuery = z.strictObject({ accountId: z.string().min(1).max(100) });
const LetterParams = z.strictObject({ id: z.string().min(1).max(100) });

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
    const issued = await issueLetter(store, bundle, { requestId: body.requestId, type: body.type, language: body.language, userId: session.user.id }, now(), organisation);
    if ('refusal' in issued) throw new ApiError('FORBIDDEN', issued.refusal.message);
    return issued.letter;
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
