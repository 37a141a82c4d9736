// HTTP routes for the stage ladder (docs/ladder.md). Bodies and queries are checked with
// shared/ladder's schemas; who sees what is the service's (preview: leads of the teams, admins).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import { importPolicies, policyErrorText } from '../../shared/ladder/policy';
import { HistoryQuery, PreviewQuery } from '../../shared/ladder/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { LadderService } from '../ladder/service';
import type { ServerStore } from '../store/store';

export function ladderRoutes(app: FastifyInstance, { auth, store, service, now }: { auth: Auth; store: ServerStore; service: LadderService; now: () => Date }): void {
  /** Team leads (their teams) and administrators: what the ladder will do on a day, and why. */
  app.get('/api/ladder/preview', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.preview(session.user, parseRequest(PreviewQuery, request.query, 'ladder preview query'));
  });

  /** Whoever sees the account: its stage, moves and the ladder's treatments. */
  app.get('/api/ladder/history', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.history(session.user, parseRequest(HistoryQuery, request.query, 'ladder history query').accountId);
  });

  /** Team leads and administrators: the policy in force for each region. */
  app.get('/api/ladder/policies', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    if (session.user.role !== 'team_lead' && session.user.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only team leads and administrators read the ladder’s policy');
    return { policies: Object.values(await service.policies()) };
  });

  /** Administrators: import a policy file; every error names the policy and the field. */
  app.post('/api/ladder/policies', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    if (session.user.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only administrators import the ladder’s policy');
    const result = importPolicies(request.body, await store.messaging.activeTemplates(), await store.ladder.agencies.teams());
    if (!result.ok) {
      throw new ApiError('VALIDATION', `The policy file has ${result.errors.length} problem(s): ${result.errors.map(policyErrorText).join('; ')}`,
        result.errors.map((e) => ({ path: `${e.policy}.${e.path}`, message: e.message })));
    }
    return store.ladder.addPolicies(result.policies, session.user.id, now().toISOString());
  });
}
