// Revoke and wipe, the console's side (docs/server.md "Devices"). When the central server stops
// taking this console's session (401 or 403), or the session has run out, the console proves its
// device with its secret (no session needed) and asks whether it was revoked. If so it first
// sends everything it had not sent (events, then recordings and photos) with the short hand-in
// session the server gives it, and only when nothing is left waiting does it wipe itself
// (security/wipe.ts). A hand-in cut short is tried again at the next run: nothing unsent is lost.
import { z } from 'zod';
import { ApiError } from '../../../shared/api/errors';
import { DeviceContactResponse } from '../../../shared/sync/protocol';
import type { WipeReason } from '../../../shared/api/security';
import { type Fetch, requestJson } from '../sync/http';

export interface RevocationDeps {
  fetch: Fetch;
  serverUrl: () => string;
  deviceId: string;
  deviceSecret: () => string;
}

export type WipeOrder = NonNullable<DeviceContactResponse['wipe']>;

/** The server's order for this device: null to carry on. Throws when the server cannot be asked. */
export async function askDevice(deps: RevocationDeps): Promise<WipeOrder | null> {
  const res = await requestJson(deps.fetch, deps.serverUrl(), 'api/device/contact', {
    method: 'POST', body: { deviceId: deps.deviceId, deviceSecret: deps.deviceSecret() }, schema: DeviceContactResponse,
  }).catch((err: unknown) => {
    // A server from before revoke and wipe has no such route: nothing to do.
    if (err instanceof ApiError && err.code === 'NOT_FOUND') return { wipe: null };
    throw err;
  });
  return res.wipe;
}

/** Tells the server the console wiped itself (best effort: the device is refused sign-in either way). */
export async function reportWiped(deps: RevocationDeps): Promise<void> {
  await requestJson(deps.fetch, deps.serverUrl(), 'api/device/wiped', {
    method: 'POST', body: { deviceId: deps.deviceId, deviceSecret: deps.deviceSecret() }, schema: z.unknown(),
  }).catch(() => undefined);
}

export interface WipeRequest { reason: WipeReason; at: string }
