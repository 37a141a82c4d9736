// Security events for team leads and admins (docs/server.md "Security"):
//   GET /api/security/events?limit=&kind=   newest first: sign-in lockouts, refused devices,
//   skewed device clocks, administrators' changes. A lead sees those of their teams' users.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { SecurityEvent } from '../store/security-store';
import type { ServerStore } from '../store/store';
import { deviceRoutes } from './device';

export const SecurityEventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  kind: z.string().regex(/^[a-z.]{1,40}$/).optional(),
}).strict();

export function securityRoutes(app: FastifyInstance, { auth, store }: { auth: Auth; store: ServerStore }): void {
  deviceRoutes(app, { auth }); // revoke and wipe: a console's contact proven by its device secret
  app.get('/api/security/events', async (request): Promise<{ events: SecurityEvent[] }> => {
    const session = await auth.authenticate(request.headers.authorization);
    if (session.user.role !== 'team_lead' && session.user.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only team leads and admins see security events');
    const query = parseRequest(SecurityEventsQuery, request.query, 'security events query');
    return { events: await store.security.list(session.user, query) };
  });
}
