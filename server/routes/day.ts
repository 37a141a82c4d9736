// `GET /api/day/team?tz=`: the signed-in agent's team today, beside their own figures in "My day"
// (shared/queue/my-day.ts). Totals only, of the agent's own team; any signed-in user may ask.
import type { FastifyInstance } from 'fastify';
import { TeamDayQuery, type TeamDayResponse } from '../../shared/queue/my-day';
import { BoardFiguresQuery } from '../../shared/presence/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import { teamDay } from '../presence/team-day';
import type { ServerStore } from '../store/store';

export function dayRoutes(app: FastifyInstance, { auth, store, now }: { auth: Auth; store: ServerStore; now: () => Date }): void {
  app.get('/api/day/team', async (request): Promise<TeamDayResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    // The board's check of the zone: an IANA zone the engine knows.
    const { tz } = parseRequest(BoardFiguresQuery, parseRequest(TeamDayQuery, request.query, 'team day query'), 'team day query');
    return teamDay(store, session.user, tz, now());
  });
}
