// Who may get in, and the record of it (migration 0009, docs/server.md "Security"): the
// security events leads and admins read (sign-in lockouts, refused devices, skewed clocks,
// every administrator's change), and the administrator's levers on users, sessions and devices.
// Part of the ServerStore: kysely-store.ts exposes it as `security`.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from './schema';
import type { Viewer } from './store';

export interface SecurityEvent {
  id: string;
  at: string;
  /** login.locked, login.disabled, device.refused, device.skewed, admin.<what> */
  kind: string;
  /** Who made the change (admin CLI: the operating-system user), null for what the server saw. */
  actor: string | null;
  userId: string | null;
  username: string | null;
  deviceId: string | null;
  address: string | null;
  detail: Record<string, unknown>;
}

export type NewSecurityEvent = Omit<SecurityEvent, 'id' | 'actor' | 'userId' | 'username' | 'deviceId' | 'address'>
  & Partial<Pick<SecurityEvent, 'actor' | 'userId' | 'username' | 'deviceId' | 'address'>>;

export interface SessionInfo {
  /** The first 16 hex digits of the token's SHA-256: names the session without revealing anything usable. */
  id: string;
  userId: string;
  username: string;
  deviceId: string;
  createdAt: string;
  expiresAt: string;
  deviceBound: boolean;
  address: string | null;
}

export interface DeviceInfo {
  id: string;
  userId: string | null;
  username: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  bound: boolean;
  revokedAt: string | null;
  skewMs: number | null;
  skewFlaggedAt: string | null;
  /** Revoked and waiting for the console to hand in and wipe (revoke and wipe). */
  wipeRequestedAt: string | null;
  wipedAt: string | null;
}

export const SESSION_ID_LENGTH = 16;

export class SecurityStore {
  constructor(private readonly db: Kysely<Database>) {}

  async record(event: NewSecurityEvent): Promise<SecurityEvent> {
    const row = {
      id: uuidv7(), at: event.at, kind: event.kind, actor: event.actor ?? null, userId: event.userId ?? null, username: event.username ?? null,
      deviceId: event.deviceId ?? null, address: event.address ?? null, detail: JSON.stringify(event.detail),
    };
    await this.db.insertInto('securityEvents').values(row).execute();
    return { ...row, detail: event.detail };
  }

  /** Newest first. A lead sees the events of users in the teams they lead; an admin every event. */
  async list(viewer: Viewer, filter: { limit: number; kind?: string | undefined }): Promise<SecurityEvent[]> {
    let q = this.db.selectFrom('securityEvents').selectAll();
    if (viewer.role !== 'admin') {
      q = q.where('userId', 'in', (eb) => eb.selectFrom('users').select('users.id')
        .where('users.teamId', 'in', eb.selectFrom('teamLeads').select('teamLeads.teamId').where('teamLeads.userId', '=', viewer.id)));
    }
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  async adminCount(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('role', '=', 'admin').executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async listUsers(): Promise<{ username: string; displayName: string; role: string; disabledAt: string | null; sipUri: string | null }[]> {
    return this.db.selectFrom('users').select(['username', 'displayName', 'role', 'disabledAt', 'sipUri']).orderBy('username').execute();
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<boolean> {
    const r = await this.db.updateTable('users').set({ passwordHash }).where('id', '=', userId).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Disables (at a time) or enables (null) a user; disabling ends every session of theirs and asks
   * the consoles they were last signed in on to hand in what they hold and wipe (revoke and wipe);
   * enabling withdraws that request from consoles that have not wiped yet.
   */
  async setDisabled(userId: string, disabledAt: string | null): Promise<{ sessionsEnded: number; devicesToWipe: number }> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ disabledAt }).where('id', '=', userId).execute();
      if (disabledAt === null) {
        // Enabled again before a console of theirs came back: it need not wipe itself after all.
        await trx.updateTable('devices').set({ wipeRequestedAt: null, wipeReason: null })
          .where('userId', '=', userId).where('wipeReason', '=', 'user_disabled').where('wipedAt', 'is', null).where('revokedAt', 'is', null).execute();
        return { sessionsEnded: 0, devicesToWipe: 0 };
      }
      const r = await trx.deleteFrom('sessions').where('userId', '=', userId).executeTakeFirst();
      const w = await trx.updateTable('devices').set({ wipeRequestedAt: disabledAt, wipeReason: 'user_disabled' })
        .where('userId', '=', userId).where('wipeRequestedAt', 'is', null).where('revokedAt', 'is', null).executeTakeFirst();
      return { sessionsEnded: Number(r.numDeletedRows), devicesToWipe: Number(w.numUpdatedRows) };
    });
  }

  async setSipUri(userId: string, sipUri: string | null): Promise<void> {
    await this.db.updateTable('users').set({ sipUri }).where('id', '=', userId).execute();
  }

  async sipUriOf(userId: string): Promise<string | null> {
    const row = await this.db.selectFrom('users').select('sipUri').where('id', '=', userId).executeTakeFirst();
    return row?.sipUri ?? null;
  }

  async isDisabled(userId: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('disabledAt').where('id', '=', userId).executeTakeFirst();
    return Boolean(row?.disabledAt);
  }

  async listSessions(userId?: string): Promise<SessionInfo[]> {
    let q = this.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.userId')
      .select(['sessions.tokenHash', 'sessions.userId', 'users.username', 'sessions.deviceId', 'sessions.createdAt', 'sessions.expiresAt', 'sessions.deviceBound', 'sessions.address']);
    if (userId) q = q.where('sessions.userId', '=', userId);
    const rows = await q.orderBy('sessions.createdAt', 'desc').execute();
    return rows.map(({ tokenHash, deviceBound, ...r }) => ({ id: tokenHash.slice(0, SESSION_ID_LENGTH), ...r, deviceBound: Boolean(Number(deviceBound)) }));
  }

  /** Ends sessions by id (as listed), by user or by device; returns how many. */
  async revokeSessions(which: { sessionId?: string; userId?: string; deviceId?: string }): Promise<number> {
    let q = this.db.deleteFrom('sessions');
    if (which.sessionId) {
      if (!/^[0-9a-f]{16}$/.test(which.sessionId)) return 0;
      q = q.where('tokenHash', 'like', `${which.sessionId}%`);
    }
    if (which.userId) q = q.where('userId', '=', which.userId);
    if (which.deviceId) q = q.where('deviceId', '=', which.deviceId);
    if (!which.sessionId && !which.userId && !which.deviceId) return 0;
    return Number((await q.executeTakeFirst()).numDeletedRows);
  }

  async listDevices(): Promise<DeviceInfo[]> {
    const rows = await this.db.selectFrom('devices').leftJoin('users', 'users.id', 'devices.userId')
      .select(['devices.id', 'devices.userId', 'users.username', 'devices.firstSeenAt', 'devices.lastSeenAt', 'devices.secretHash', 'devices.revokedAt',
        'devices.skewMs', 'devices.skewFlaggedAt', 'devices.wipeRequestedAt', 'devices.wipedAt'])
      .orderBy('devices.lastSeenAt', 'desc').execute();
    return rows.map(({ secretHash, skewMs, ...r }) => ({ ...r, bound: secretHash !== null, skewMs: skewMs === null ? null : Number(skewMs) }));
  }

  /**
   * Revokes a device: no sign-in from now on, its sessions end, and at its next contact the
   * console hands in what it has not sent (a short hand-in session proven by its device secret)
   * and wipes itself; only then (or with `now`, losing what it held) is it revoked outright, which
   * also refuses its pushes. False for an unknown device.
   */
  async revokeDevice(deviceId: string, at: string, now = false): Promise<{ found: boolean; sessionsEnded: number }> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('devices')
        .set(now ? { revokedAt: at, wipeRequestedAt: at, wipeReason: 'device_revoked' } : { wipeRequestedAt: at, wipeReason: 'device_revoked' })
        .where('id', '=', deviceId).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return { found: false, sessionsEnded: 0 };
      const d = await trx.deleteFrom('sessions').where('deviceId', '=', deviceId).executeTakeFirst();
      return { found: true, sessionsEnded: Number(d.numDeletedRows) };
    });
  }

  /** Forgets a device's secret and revocation: the next console to sign in with the id binds it (a reinstalled console). */
  async resetDevice(deviceId: string): Promise<boolean> {
    const r = await this.db.updateTable('devices').set({ secretHash: null, revokedAt: null, wipeRequestedAt: null, wipeReason: null, wipedAt: null })
      .where('id', '=', deviceId).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * What the device's console must do, asked with the SHA-256 of its secret: nothing, or wipe
   * (with the user whose work it may still hand in, unless it already said it wiped). Null when
   * the device is unknown or the secret is not its own.
   */
  async wipeOrder(deviceId: string, secretHash: string): Promise<{ wipe: null } | { wipe: { reason: string; at: string; handInUserId: string | null } } | null> {
    const row = await this.db.selectFrom('devices').select(['secretHash', 'userId', 'wipeRequestedAt', 'wipeReason', 'wipedAt', 'revokedAt'])
      .where('id', '=', deviceId).executeTakeFirst();
    if (!row || !row.secretHash || row.secretHash !== secretHash) return null;
    if (!row.wipeRequestedAt) return { wipe: null };
    const handIn = row.wipedAt || row.revokedAt ? null : row.userId;
    return { wipe: { reason: row.wipeReason ?? 'device_revoked', at: row.wipeRequestedAt, handInUserId: handIn } };
  }

  /** The console said it wiped itself: the device is revoked outright and its sessions end. */
  async markWiped(deviceId: string, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('devices').set({ wipedAt: at }).where('id', '=', deviceId).where('wipedAt', 'is', null).execute();
      await trx.updateTable('devices').set({ revokedAt: at }).where('id', '=', deviceId).where('revokedAt', 'is', null).execute();
      await trx.deleteFrom('sessions').where('deviceId', '=', deviceId).execute();
    });
  }

  /** Records a device clock found off by `skewMs` (positive: ahead of the server). */
  async flagSkew(deviceId: string, skewMs: number, at: string): Promise<void> {
    await this.db.updateTable('devices').set({ skewMs, skewFlaggedAt: at }).where('id', '=', deviceId).execute();
  }
}
