// The agent's team today, from the central server (GET /api/day/team), for "My day" beside the
// agent's own figures. Without the server (offline, or an older one) the day shows the agent's
// figures alone: the team's are null.
import { type TeamDay, TeamDayResponse } from '../../../shared/queue/my-day';
import { type Fetch, requestJson } from '../sync/http';

export interface TeamDayDeps {
  fetch: Fetch;
  serverUrl: () => string;
  token: string;
}

export async function teamDayFromServer(deps: TeamDayDeps, tz: string): Promise<TeamDay | null> {
  try {
    const reply = await requestJson(deps.fetch, deps.serverUrl(), `api/day/team?tz=${encodeURIComponent(tz)}`, { token: deps.token, schema: TeamDayResponse, timeoutMs: 5_000 });
    return reply.team;
  } catch {
    return null;
  }
}
