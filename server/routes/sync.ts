// The sync endpoints. Push stores client events exactly once and checks each contact against
// the holds as they stood; pull pages each bucket after its own cursor. See docs/sync.md and
// shared/sync/protocol.ts.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import {
  BucketQuery, type CompliancePage, PullQuery, type PullResponse, PushRequest, type PushResponse, type RoutePage, type TalkTrackPage,
} from '../../shared/sync/protocol';
import type { ClientEvent } from '../../shared/domain/events';
import type { User } from '../../shared/domain/users';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { ServerStore } from '../store/store';
import { assignedDigest } from '../sync/assigned-digest';

export interface SyncDeps {
  auth: Auth;
  store: ServerStore;
  now: () => Date;
  /** Told after a push has committed (the live board raises alerts from it); must not throw. */
  onPushed?: (user: User, events: readonly ClientEvent[], receivedAt: string) => void;
}

// 1000 events with 4000-character notes need more than the server's default body limit.
export const PUSH_BODY_LIMIT = 16 * 1024 * 1024;
/** A push refreshes its device's last-seen time when the stored one is older than this. */
const DEVICE_SEEN_EVERY_MS = 60_000;

export function syncRoutes(app: FastifyInstance, { auth, store, now, onPushed }: SyncDeps): void {
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
    // The device is registered to whoever signed in on it last; an older session of another
    // user on the same device id may not push into its sequence.
    const device = await store.getDevice(push.deviceId);
    if (device?.revokedAt) throw new ApiError('FORBIDDEN', `Device ${push.deviceId} was revoked by an administrator`);
    // A bound device's sequence is pushed only by sessions that proved its secret at sign-in.
    if (device?.bound && !session.deviceBound) {
      throw new ApiError('FORBIDDEN', `This session did not prove device ${push.deviceId}'s secret at sign-in, so it cannot push for that device`);
    }
    if (device && device.userId !== session.user.id) {
      throw new ApiError('FORBIDDEN', `Device ${push.deviceId} is registered to another user; sign in again on this device to push`);
    }
    const accountIds = push.events.flatMap((e) => (e.accountId ? [e.accountId] : []));
    const foreign = await store.accountsOutOfScope(session.user, accountIds);
    if (foreign.length > 0) {
      throw new ApiError('FORBIDDEN', `Events name accounts outside your teams or unknown to the server: ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ` and ${foreign.length - 5} more` : ''}`);
    }
    const at = now().toISOString();
    const lastSeq = await store.pushEvents(push.deviceId, push.events, at);
    onPushed?.(session.user, push.events, at);
    // The device's last sighting is kept to the minute: a console pushing every few seconds need not write it each time.
    if (!device || Date.parse(at) - Date.parse(device.lastSeenAt) >= DEVICE_SEEN_EVERY_MS) await store.touchDevice(push.deviceId, session.user.id, at);
    return { lastSeq };
  });

  /** The assignments bucket (kept at its original path): account bundles after a version cursor. */
  const pullAssignments = async (request: { headers: { authorization?: string | undefined }; query: unknown }): Promise<PullResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    const query = parseRequest(PullQuery, request.query, 'pull query');
    const page = await store.pullAccounts(session.user, query.cursor, query.limit);
    const digest = page.assignedIds ? assignedDigest(page.assignedIds) : null;
    const assignedIds = digest !== null && digest === query.known ? null : page.assignedIds;
    return { ...page, assignedIds, assignedDigest: digest, serverTime: now().toISOString() };
  };
  app.get('/api/sync/pull', pullAssignments);
  app.get('/api/sync/pull/assignments', pullAssignments);

  app.get('/api/sync/pull/compliance', async (request): Promise<CompliancePage> => {
    const session = await auth.authenticate(request.headers.authorization);
    const query = parseRequest(BucketQuery, request.query, 'compliance pull query');
    const page = await store.pullCompliance(session.user, query.cursor, query.limit);
    return {
      bucket: 'compliance',
      ...page,
      policies: page.policies.map((p) => ({ packId: p.packId, overrides: p.overrides, version: p.version })),
      serverTime: now().toISOString(),
    };
  });

  app.get('/api/sync/pull/routes', async (request): Promise<RoutePage> => {
    const session = await auth.authenticate(request.headers.authorization);
    const query = parseRequest(BucketQuery, request.query, 'routes pull query');
    const page = await store.pullRoutes(session.user, query.cursor, query.limit);
    return {
      bucket: 'routes', cursor: page.cursor, hasMore: page.hasMore, reset: page.reset,
      routes: page.routes.map((r) => ({ date: r.date, accountIds: r.accountIds, version: r.version, updatedAt: r.updatedAt })),
      serverTime: now().toISOString(),
    };
  });

  app.get('/api/sync/pull/talktracks', async (request): Promise<TalkTrackPage> => {
    await auth.authenticate(request.headers.authorization);
    const query = parseRequest(BucketQuery, request.query, 'talk-track pull query');
    return { bucket: 'talktracks', ...(await store.pullTalkTracks(query.cursor, query.limit)), serverTime: now().toISOString() };
  });
}
