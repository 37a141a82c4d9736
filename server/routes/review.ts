// Review of contacts the server found, on arrival, to break a hold (docs/sync.md "Arrival
// checks"). Team leads see their teams' accounts, admins everything, agents nothing.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import { ViolationsQuery, type ViolationsResponse } from '../../shared/sync/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { ServerStore } from '../store/store';

export function reviewRoutes(app: FastifyInstance, { auth, store }: { auth: Auth; store: ServerStore }): void {
  app.get('/api/review/violations', async (request): Promise<ViolationsResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    if (session.user.role !== 'team_lead' && session.user.role !== 'admin') {
      throw new ApiError('FORBIDDEN', 'Only team leads and admins review violations');
    }
    const query = parseRequest(ViolationsQuery, request.query, 'violations query');
    return { violations: await store.listViolations(session.user, query.limit) };
  });
}
