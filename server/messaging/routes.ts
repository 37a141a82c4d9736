// HTTP routes for messaging (docs/messaging.md). Every body and query is checked with the schemas
// in shared/messaging/protocol.ts; refusals are typed errors.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import { AddEmailRequest, MessageDraft, SendRequest, type MessageList, type MessagingCatalogue } from '../../shared/messaging/protocol';
import { importTemplates } from '../../shared/messaging/templates';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { ServerStore } from '../store/store';
import type { MessagingService } from './service';

const AccountQuery = z.strictObject({ accountId: z.string().min(1).max(100) });

export function messagingRoutes(app: FastifyInstance, { auth, store, service, now }: { auth: Auth; store: ServerStore; service: MessagingService; now: () => Date }): void {
  /** The templates to pick from and the email addresses on file of the accounts asked about. */
  app.get('/api/messages/catalogue', async (request): Promise<MessagingCatalogue> => {
    const session = await auth.authenticate(request.headers.authorization);
    const { accountId } = parseRequest(AccountQuery, request.query, 'catalogue query');
    if (!(await store.messaging.canSee(session.user, accountId))) throw new ApiError('FORBIDDEN', `Account ${accountId} is not yours to see`);
    return { templates: await store.messaging.activeTemplates(), emails: await store.messaging.emailsOf([accountId]) };
  });

  app.post('/api/messages/preview', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.preview(session.user, parseRequest(MessageDraft, request.body, 'message draft'));
  });

  app.post('/api/messages/send', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.send(session.user, parseRequest(SendRequest, request.body, 'send request'));
  });

  app.get('/api/messages', async (request): Promise<MessageList> => {
    const session = await auth.authenticate(request.headers.authorization);
    const { accountId } = parseRequest(AccountQuery, request.query, 'messages query');
    return service.list(session.user, accountId);
  });

  /** Administrators: import a template file; every error names the template and the variable. */
  app.post('/api/messages/templates', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    if (session.user.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only administrators import message templates');
    const result = importTemplates(request.body);
    if (!result.ok) {
      throw new ApiError('VALIDATION', `The template file has ${result.errors.length} problem(s): ${result.errors.map((e) => e.message).join('; ')}`,
        result.errors.map((e) => ({ path: e.variable ? `${e.template}.${e.field}.${e.variable}` : `${e.template}.${e.field}`, message: e.message })));
    }
    return store.messaging.addTemplates(result.templates, now().toISOString());
  });

  /** Administrators: an email address on file for a party of an account. */
  app.post('/api/messages/emails', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    if (session.user.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only administrators add email addresses');
    const body = parseRequest(AddEmailRequest, request.body, 'email address');
    const bundle = await store.getAccount(body.accountId);
    if (!bundle) throw new ApiError('NOT_FOUND', `No account ${body.accountId}`);
    if (!bundle.parties.some((p) => p.id === body.partyId)) throw new ApiError('NOT_FOUND', `Account ${bundle.account.ref} has no party ${body.partyId}`);
    return store.messaging.addEmail(body, now().toISOString());
  });
}
