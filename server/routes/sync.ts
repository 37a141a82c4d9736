// The two sync endpoints. Push stores client events exactly once; pull pages the agent's
// accounts after a change-counter cursor. See shared/sync/protocol.ts.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import { PullQuery, type PullResponse, PushRequest, type PushResponse } from '../../shared/sync/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { ServerStore } from '../store/store';

export interface SyncDeps { auth: Auth; store: ServerStore; now: () => Date }

// 1000 events with 4000-character notes need more than Fastify's default 1 MiB.
const PUSH_BODY_LIMIT = 16 * 1024 * 1024;

export function syncRoutes(app: FastifyInstance, { auth, store, now }: SyncDeps): void {
  app.post('/api/sync/push', { bodyLimit: PUSH_BODY_LIMIT }, async (request): Promise<PushResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    const push = parseRequest(PushRequest, request.body, 'push request');
    // Device cursors are per device, so a session may only advance its own device's.
    if (push.deviceId !== session.deviceId) {
      throw new ApiError('FORBIDDEN', `This session was opened on device ${session.deviceId}, not ${push.deviceId}`);
    }
    push.events.forEach((event, i) => {
      if (event.deviceId !== push.deviceId) {
        const path = `events.${i}.deviceId`;
        throw new ApiError('VALIDATION', `Invalid push request: ${path}: must equal the request's deviceId`,
          [{ path, message: "must equal the request's deviceId" }]);
      }
      if (event.userId !== session.user.id) {
        throw new ApiError('FORBIDDEN', `events.${i} was recorded by another user; sign in as that user to push it`);
      }
    });
    const at = now().toISOString();
    await store.touchDevice(push.deviceId, session.user.id, at);
    return { lastSeq: await store.pushEvents(push.deviceId, push.events, at) };
  });

  app.get('/api/sync/pull', async (request): Promise<PullResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    const query = parseRequest(PullQuery, request.query, 'pull query');
    const page = await store.pullAccounts(session.user, query.cursor, query.limit);
    return { ...page, serverTime: now().toISOString() };
  });
}
