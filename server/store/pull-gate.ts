// A device that was revoked, or asked to wipe itself, may hand in what it holds but never pull
// (docs/security.md). The check counts from the next request, never cached; every pull used to
// make it as a statement of its own before the pull's first one. Here it is a condition that
// the pull's first statement carries (compliance-store.ts, accounts-store.ts), so a steady
// pull, which finds nothing new, is one round trip.
import type { Db } from './kysely-helpers';
import { StoreError } from './store';

/** Why a device may not pull, as the console is told (FORBIDDEN). */
export const mayNotPullMessage = (deviceId: string) => `Device ${deviceId} was revoked by an administrator: it may hand in what it holds, not pull`;

/** The refusal a pull throws for such a device (http/errors.ts answers it 403 FORBIDDEN). */
export const mayNotPull = (deviceId: string) => new StoreError('forbidden', mayNotPullMessage(deviceId));

/** The device's row when it was revoked or asked to wipe itself: a pull's statement refuses when it `exists`. */
export function refusedDevice(db: Db, deviceId: string) {
  return db.selectFrom('devices').select('devices.id').where('devices.id', '=', deviceId)
    .where((d) => d.or([d('devices.revokedAt', 'is not', null), d('devices.wipeRequestedAt', 'is not', null)]));
}

/** The stand-in for the pulling device's id in a precompiled pull statement (kysely-helpers.ts precompiled). */
export const DEVICE_STAND_IN = '$fairline:device';

/** Whether the device may pull (a statement of its own: the pulls' slower paths, uploads, the audit reads). */
export async function mayPull(db: Db, deviceId: string): Promise<boolean> {
  const row = await db.selectNoFrom((eb) => eb.exists(refusedDevice(db, deviceId)).as('refused')).executeTakeFirstOrThrow();
  return !truthy(row.refused);
}

/** Throws mayNotPull when the device may not pull. */
export async function checkMayPull(db: Db, deviceId: string): Promise<void> {
  if (!(await mayPull(db, deviceId))) throw mayNotPull(deviceId);
}

/** A boolean as either database answers it (PostgreSQL true/false, SQLite 1/0). */
export const truthy = (v: unknown) => v === true || Number(v) === 1;
