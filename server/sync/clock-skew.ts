// A console whose clock the server cannot believe (server/store/arrival-time.ts) is flagged for
// its team lead: a `device.skewed` security event (GET /api/security/events, `npm run admin --
// security events`), and the device's skew in the devices list. Its events are never refused for
// it: they are judged at their receive time instead. A console with a bad clock pushes every
// few seconds, so it is flagged again only once an hour.
import type { User } from '../../shared/domain/users';
import type { ServerStore, SkewFinding } from '../store/store';

/** A device already flagged is flagged again no sooner than this. */
export const SKEW_FLAG_EVERY_MS = 60 * 60_000;

export interface SkewReport {
  user: User;
  deviceId: string;
  skew: SkewFinding;
  /** When the device was last flagged (null: never). */
  flaggedAt: string | null;
  /** The push's receive time. */
  at: string;
}

export async function flagSkewedDevice(store: ServerStore, r: SkewReport): Promise<void> {
  if (r.flaggedAt && Date.parse(r.at) - Date.parse(r.flaggedAt) < SKEW_FLAG_EVERY_MS) return;
  await store.security.flagSkew(r.deviceId, r.skew.offMs, r.at);
  await store.security.record({
    at: r.at, kind: 'device.skewed', userId: r.user.id, username: r.user.username, deviceId: r.deviceId,
    detail: {
      offMs: r.skew.offMs, eventId: r.skew.eventId, deviceTime: r.skew.deviceTime, receivedAt: r.at,
      judgedAtReceipt: r.skew.implausible,
    },
  });
}
