// The sync endpoints. Push stores client events exactly once and checks each contact against
// the holds as they stood; pull pages each bucket after its own cursor. See docs/sync.md and
// shared/sync/protocol.ts.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import {
  BucketQuery, type CompliancePage, PullQuery, type PullResponse, PushRequest, type PushResponse, type RoutePage, type TalkTrackPage,
} from '../../shared/sync/protocol';
import type { ClientEvent } from '../../shared/domain/events';
import type { User } from '../../shared/domain/users';
import { refuseHandedIn } from '../audit/reads';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { PushRefusal, ServerStore, SkewFinding, ViolationRecord } from '../store/store';
import { assignedDigest } from '../sync/assigned-digest';

export interface SyncDeps {
  auth: Auth;
  store: ServerStore;
  now: () => Date;
  /** Told after a push has committed, with the violations it found (the live board raises alerts from them); must not throw. */
  onPushed?: (user: User, events: readonly ClientEvent[], receivedAt: string, violations: readonly ViolationRecord[]) => void;
  /**
   * Told when a push carried device times the server could not believe (arrival-time.ts), with
   * when the device was last flagged; records it for the lead (clock-skew.ts).
   */
  flagSkew?: (user: User, deviceId: string, skew: SkewFinding, flaggedAt: string | null, at: string) => Promise<void>;
}

/** The store's refusal of a push, as the console is told it. */
function refusal(r: PushRefusal, deviceId: string): ApiError {
  switch (r.refused) {
    case 'revoked':
      return new ApiError('FORBIDDEN', `Device ${deviceId} was revoked by an administrator`);
    case 'unproven':
      // A bound device's sequence is pushed only by sessions that proved its secret at sign-in.
      return new ApiError('FORBIDDEN', `This session did not prove device ${deviceId}'s secret at sign-in, so it cannot push for that device`);
    case 'other_user':
      // The device is registered to whoever signed in on it last; an older session of another
      // user on the same device id may not push into its sequence.
      return new ApiError('FORBIDDEN', `Device ${deviceId} is registered to another user; sign in again on this device to push`);
    case 'outside': {
      const ids = r.accountIds;
      return new ApiError('FORBIDDEN', `Events name accounts outside your teams or unknown to the server: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`);
    }
  }
}

// 1000 events with 4000-character notes need more than the server's default body limit.
export const PUSH_BODY_LIMIT = 16 * 1024 * 1024;
/** A push refreshes its device's last-seen time when the stored one is older than this. */
const DEVICE_SEEN_EVERY_MS = 60_000;

/** A device's pull is recorded at most this often (server clock): an older record only widens what its clock may say. */
const PULL_NOTED_EVERY_MS = 60_000;
/** Devices whose pull this instance remembers noting; forgotten all at once beyond this. */
const PULL_NOTES_KEPT = 100_000;

/**
 * Records each device's pull, the compliance bucket's, which every sync run makes first, right
 * after its push: the time and the device's cursor then bound the time of its later events
 * (server/store/arrival-time.ts). Once a minute per device at most.
 */
function pullNotes(store: ServerStore, now: () => Date) {
  const noted = new Map<string, number>();
  return {
    async note(deviceId: string): Promise<void> {
      const at = now();
      const last = noted.get(deviceId);
      if (last !== undefined && at.getTime() - last < PULL_NOTED_EVERY_MS && at.getTime() >= last) return;
      await store.notePull(deviceId, at.toISOString());
      if (noted.size >= PULL_NOTES_KEPT) noted.clear();
      noted.set(deviceId, at.getTime());
    },
  };
}

export function syncRoutes(app: FastifyInstance, { auth, store, now, onPushed, flagSkew }: SyncDeps): void {
  const pulls = pullNotes(store, now);
  /**
   * A pull's query. The device check comes with the pull itself, after the query is read; an
   * unreadable query from a device that may not pull is still refused as such first, as when the
   * check was a step of its own before the query was read.
   */
  const parsePullQuery = async <S extends z.ZodType>(schema: S, value: unknown, what: string, deviceId: string): Promise<z.output<S>> => {
    try {
      return parseRequest(schema, value, what);
    } catch (err) {
      await refuseHandedIn(store, deviceId);
      throw err;
    }
  };
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
    // The device's checks, the scope check and the write are one step of the store (one statement
    // on PostgreSQL), so nothing is written unless all pass.
    const at = now().toISOString();
    const result = await store.pushEvents({ deviceId: push.deviceId, user: session.user, sessionBound: session.deviceBound, receivedAt: at }, push.events);
    if ('refused' in result) throw refusal(result, push.deviceId);
    onPushed?.(session.user, push.events, at, result.violations);
    if (result.skew) await flagSkew?.(session.user, push.deviceId, result.skew, result.device?.skewFlaggedAt ?? null, at);
    // The device's last sighting is kept to the minute: a console pushing every few seconds need not write it each time.
    if (!result.device || Date.parse(at) - Date.parse(result.device.lastSeenAt) >= DEVICE_SEEN_EVERY_MS) await store.touchDevice(push.deviceId, session.user.id, at);
    return { lastSeq: result.lastSeq };
  });

  /** The assignments bucket (kept at its original path): account bundles after a version cursor. */
  const pullAssignments = async (request: { headers: { authorization?: string | undefined }; query: unknown }): Promise<PullResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    const query = await parsePullQuery(PullQuery, request.query, 'pull query', session.deviceId);
    // A device that may not pull is refused within the pull's first statement (store/pull-gate.ts).
    const page = await store.pullAccounts({ ...session.user, pullingDevice: session.deviceId }, query.cursor, query.limit);
    const digest = page.assignedIds ? assignedDigest(page.assignedIds) : null;
    const assignedIds = digest !== null && (digest === query.known || query.digestOnly === '1') ? null : page.assignedIds;
    return { ...page, assignedIds, assignedDigest: digest, serverTime: now().toISOString() };
  };
  app.get('/api/sync/pull', pullAssignments);
  app.get('/api/sync/pull/assignments', pullAssignments);

  app.get('/api/sync/pull/compliance', async (request): Promise<CompliancePage> => {
    const session = await auth.authenticate(request.headers.authorization);
    const query = await parsePullQuery(BucketQuery, request.query, 'compliance pull query', session.deviceId);
    const page = await store.pullCompliance({ ...session.user, pullingDevice: session.deviceId }, query.cursor, query.limit);
    await pulls.note(session.deviceId);
    return {
      bucket: 'compliance',
      ...page,
      policies: page.policies.map((p) => ({ packId: p.packId, overrides: p.overrides, version: p.version })),
      serverTime: now().toISOString(),
    };
  });

  app.get('/api/sync/pull/routes', async (request): Promise<RoutePage> => {
    const session = await auth.authenticate(request.headers.authorization);
    await refuseHandedIn(store, session.deviceId);
    const query = parseRequest(BucketQuery, request.query, 'routes pull query');
    const page = await store.pullRoutes(session.user, query.cursor, query.limit);
    return {
      bucket: 'routes', cursor: page.cursor, hasMore: page.hasMore, reset: page.reset,
      routes: page.routes.map((r) => ({ date: r.date, accountIds: r.accountIds, version: r.version, updatedAt: r.updatedAt })),
      serverTime: now().toISOString(),
    };
  });

  app.get('/api/sync/pull/talktracks', async (request): Promise<TalkTrackPage> => {
    await refuseHandedIn(store, (await auth.authenticate(request.headers.authorization)).deviceId);
    const query = parseRequest(BucketQuery, request.query, 'talk-track pull query');
    return { bucket: 'talktracks', ...(await store.pullTalkTracks(query.cursor, query.limit)), serverTime: now().toISOString() };
  });
}
