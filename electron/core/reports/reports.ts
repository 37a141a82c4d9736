// Reports from the central server (docs/reports.md): the core passes a lead's or an
// administrator's request on as GET /api/reports and checks the answer against the contract.
import { ReportRequest } from '../../../shared/reports/console';
import { ReportResponse } from '../../../shared/reports/protocol';
import { type Fetch, requestJson } from '../sync/http';

export function fetchReport(deps: { fetch: Fetch; serverUrl: () => string; token: string }, input: ReportRequest): Promise<ReportResponse> {
  const q = ReportRequest.parse(input);
  const query = new URLSearchParams({ from: q.from, to: q.to, tz: q.tz, groupBy: q.groupBy.join(','), ...(q.teamId ? { teamId: q.teamId } : {}) });
  return requestJson(deps.fetch, deps.serverUrl(), `api/reports?${query}`, { token: deps.token, schema: ReportResponse, timeoutMs: 60_000 });
}
