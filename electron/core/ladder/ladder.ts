// The ladder's plan from the central server (docs/ladder.md): the core passes a lead's or an
// administrator's request on as GET /api/ladder/preview and checks the answer. Wired into the core's
// handlers with one line (docs/ladder.md "Wiring"), beside 'reports.get'.
import { LadderPreviewRequest } from '../../../shared/ladder/console';
import { LadderPreview } from '../../../shared/ladder/protocol';
import { type Fetch, requestJson } from '../sync/http';

export function fetchLadderPreview(deps: { fetch: Fetch; serverUrl: () => string; token: string }, input: LadderPreviewRequest): Promise<LadderPreview> {
  const q = LadderPreviewRequest.parse(input);
  const query = new URLSearchParams({ date: q.date, ...(q.teamId ? { teamId: q.teamId } : {}) });
  return requestJson(deps.fetch, deps.serverUrl(), `api/ladder/preview?${query}`, { token: deps.token, schema: LadderPreview, timeoutMs: 60_000 });
}
