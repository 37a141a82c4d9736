// HTTP routes for complaints (docs/complaints.md). Every body and query is checked with the
// schemas in shared/complaints/protocol.ts; scope (assigned, led team, admin) is the service's.
import type { FastifyInstance } from 'fastify';
import { ComplaintQuery, ComplaintSettings, EscalateComplaint, RaiseComplaint, ResolveComplaint } from '../../shared/complaints/protocol';
import type { Auth } from '../auth/sessions';
import type { ComplaintsService } from '../complaints/service';
import { parseRequest } from '../http/errors';

export function complaintsRoutes(app: FastifyInstance, { auth, service }: { auth: Auth; service: ComplaintsService }): void {
  app.post('/api/complaints', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.raise(session.user, parseRequest(RaiseComplaint, request.body, 'complaint'));
  });

  /** ?accountId= for one account's; otherwise every complaint the user may see (leads: their teams'). ?status=all includes resolved ones. */
  app.get('/api/complaints', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.list(session.user, parseRequest(ComplaintQuery, request.query, 'complaints query'));
  });

  app.post('/api/complaints/escalate', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.escalate(session.user, parseRequest(EscalateComplaint, request.body, 'escalation'));
  });

  app.post('/api/complaints/resolve', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.resolve(session.user, parseRequest(ResolveComplaint, request.body, 'resolution'));
  });

  /** Administrators: the organisation's SLA in days. */
  app.put('/api/complaints/settings', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.setSlaDays(session.user, parseRequest(ComplaintSettings, request.body, 'complaint settings').slaDays);
  });
}
