// The hook points routes call (docs/security.md "Who read what"): a read of a debtor's full
// record is logged (buffered by audit-store.ts, so the request does not wait on it), and a device
// being handed in or revoked is refused every pull.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import type { User } from '../../shared/domain/users';
import type { AccessWhat } from '../store/audit-store';
import { mayNotPullMessage } from '../store/pull-gate';
import type { ServerStore } from '../store/store';

export function logRead(
  store: ServerStore, request: FastifyRequest, who: { user: User; deviceId?: string | null },
  read: { what: AccessWhat; objectId: string; accountId?: string | null; reason: string },
): void {
  store.audit.access({
    at: new Date().toISOString(), userId: who.user.id, username: who.user.username, role: who.user.role, deviceId: who.deviceId ?? null,
    accountId: read.accountId ?? null, what: read.what, objectId: read.objectId, reason: read.reason, address: request.ip,
  });
}

/** FORBIDDEN for a device that was revoked or is handing in before it wipes itself. */
export async function refuseHandedIn(store: ServerStore, deviceId: string): Promise<void> {
  if (!(await store.audit.mayPull(deviceId))) {
    throw new ApiError('FORBIDDEN', mayNotPullMessage(deviceId));
  }
}
