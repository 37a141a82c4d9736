// GET /api/reports (docs/reports.md): team leads (their teams) and administrators (everyone).
// The query is checked with shared/reports/protocol.ts's ReportQuery at the edge.
import type { FastifyInstance } from 'fastify';
import { ReportQuery } from '../../shared/reports/protocol';
import type { Auth } from '../auth/sessions';
import type { ServerStore } from '../store/store';
import { ReportsService } from '../reports/service';
import { parseRequest } from '../http/errors';

export function reportsRoutes(app: FastifyInstance, { auth, store, now }: { auth: Auth; store: ServerStore; now: () => Date }): void {
  const service = new ReportsService(store, store.reports, now);
  /** ?from=&to= (local days, both included), &tz=, &groupBy=agent|team|region|stage|day (one or two, comma-separated), &teamId= */
  app.get('/api/reports', async (request) => {
    const session = await auth.authenticate(request.headers.authorization);
    return service.report(session.user, parseRequest(ReportQuery, request.query, 'report query'));
  });
}
