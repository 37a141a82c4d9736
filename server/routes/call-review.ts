// Call review for team leads (docs/server.md "Call review"):
//   GET  /api/review/calls                      their teams' calls, newest first (filters, pages)
//   GET  /api/review/calls/:callId              the call's timeline and its reviews
//   POST /api/review/calls/:callId/reviews      a score (1–5) and a comment, appended
// Team leads see the calls of their teams' agents and accounts, admins every call, agents none.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { ApiError } from '../../shared/api/errors';
import { CallId, type CallReview, type ReviewCallDetail, ReviewCallsQuery, type ReviewCallsResponse, ReviewInput } from '../../shared/api/review';
import { logRead } from '../audit/reads';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import { summaryOf, timelineOf } from '../review/timeline';
import { tracksFor } from '../review/tracks';
import type { CallFacts } from '../store/review-store';
import type { ServerStore } from '../store/store';

export interface CallReviewDeps { auth: Auth; store: ServerStore; now: () => Date }

export function callReviewRoutes(app: FastifyInstance, { auth, store, now }: CallReviewDeps): void {
  async function reviewer(request: FastifyRequest) {
    const session = await auth.authenticate(request.headers.authorization);
    if (session.user.role !== 'team_lead' && session.user.role !== 'admin') {
      throw new ApiError('FORBIDDEN', 'Only team leads and admins review calls');
    }
    return session.user;
  }

  /** The call named in the path, if the user may review it. */
  async function reviewable(request: FastifyRequest): Promise<{ user: Awaited<ReturnType<typeof reviewer>>; facts: CallFacts }> {
    const user = await reviewer(request);
    const callId = parseRequest(CallId, (request.params as { callId?: unknown }).callId, 'call id');
    const facts = await store.getCall(user, callId);
    if (!facts) throw new ApiError('NOT_FOUND', `No call ${callId} has reached the central server`);
    if (facts === 'forbidden') throw new ApiError('FORBIDDEN', `Call ${callId} was made outside the teams you lead`);
    return { user, facts };
  }

  app.get('/api/review/calls', async (request): Promise<ReviewCallsResponse> => {
    const user = await reviewer(request);
    const query = parseRequest(ReviewCallsQuery, request.query, 'calls query');
    const [{ calls, hasMore }, roster] = await Promise.all([store.listCalls(user, query), store.boardRoster(user)]);
    return {
      calls: calls.flatMap((row) => summaryOf(row) ?? []),
      nextOffset: hasMore ? query.offset + query.limit : null,
      agents: roster.agents.map((a) => ({ id: a.id, name: a.displayName })),
    };
  });

  app.get('/api/review/calls/:callId', async (request): Promise<ReviewCallDetail> => {
    const { user, facts } = await reviewable(request);
    logRead(store, request, { user }, { what: 'call', objectId: facts.callId, accountId: facts.account?.id ?? null, reason: 'call review' });
    const outcome = facts.named.filter((e) => e.type === 'call.outcome').at(-1);
    const steps = Array.isArray(outcome?.body.steps) ? (outcome.body.steps as { stepId?: unknown }[]).flatMap((s) => (typeof s?.stepId === 'string' ? [s.stepId] : [])) : [];
    const timeline = timelineOf(facts, await tracksFor(store, outcome?.body.trackId, steps));
    if (!timeline) throw new ApiError('NOT_FOUND', `Call ${facts.callId} was logged in a form this server cannot read`);
    return timeline;
  });

  app.post('/api/review/calls/:callId/reviews', async (request, reply): Promise<CallReview> => {
    const { user, facts } = await reviewable(request);
    const input = parseRequest(ReviewInput, request.body, 'review');
    const review = await store.addCallReview({
      id: uuidv7(), callId: facts.callId, eventId: facts.attempt.id, reviewerId: user.id, score: input.score, comment: input.comment, createdAt: now().toISOString(),
    });
    request.log.info({ callId: review.callId, reviewId: review.id, reviewerId: user.id, score: review.score }, 'call reviewed');
    void reply.status(201);
    return review;
  });
}
