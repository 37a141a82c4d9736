// Listen / whisper / barge on the central store (migrations 0007 and 0011, docs/monitor.md): the
// signing key every server instance shares, the log of grants given to leads and their use, and
// where a lead's call to an agent goes. Part of the ServerStore, kept in its own file:
// kysely-store.ts delegates here.
import type { Kysely } from 'kysely';
import type { MonitorAddressSource } from '../../shared/monitor/protocol';
import type { Database } from './schema';

export interface MonitorKeyRecord { id: string; privateJwk: string; publicJwk: string }

export interface MonitorSessionRecord {
  id: string; leadId: string; agentId: string; callId: string; accountId: string | null; mode: string; issuedAt: string; expiresAt: string;
  /** The agent's address of record the lead's call goes to. */
  target: string;
}

export interface MonitorSessionRow extends MonitorSessionRecord { usedAt: string | null; usedDeviceId: string | null }

/** An agent's console reporting the address it registered with, in one sign-in. */
export interface AddressReport { tokenHash: string; userId: string; deviceId: string; sipUri: string; at: string }

/**
 * learned: kept; same: this sign-in reported that address already; other_in_session: this
 * sign-in reported another one (kept); taken: another user has it, by an administrator or
 * their own live registration.
 */
export type AddressReportResult = 'learned' | 'same' | 'other_in_session' | 'taken';

export interface MonitorTarget { sipUri: string; source: MonitorAddressSource }

/** first: this report marked the grant used; replayed: it was used before; unknown: no such grant for this agent's call. */
export type GrantUse = { outcome: 'first' | 'replayed'; usedAt: string } | { outcome: 'unknown' };

const KEY_ID = 'monitor-1';

export class MonitorStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The signing key; the first caller's `create()` makes it, and every instance reads that one. */
  async key(create: () => Promise<{ privateJwk: string; publicJwk: string }>, at: string): Promise<MonitorKeyRecord> {
    const found = await this.db.selectFrom('monitorKeys').select(['id', 'privateJwk', 'publicJwk']).where('id', '=', KEY_ID).executeTakeFirst();
    if (found) return found;
    const made = await create();
    // Two instances starting together: one insert wins, both read the winner's key.
    await this.db.insertInto('monitorKeys').values({ id: KEY_ID, ...made, createdAt: at }).onConflict((oc) => oc.column('id').doNothing()).execute();
    return this.db.selectFrom('monitorKeys').select(['id', 'privateJwk', 'publicJwk']).where('id', '=', KEY_ID).executeTakeFirstOrThrow();
  }

  async record(session: MonitorSessionRecord): Promise<void> {
    await this.db.insertInto('monitorSessions').values({ ...session, usedAt: null, usedDeviceId: null }).execute();
  }

  /** Grants given for an agent's calls, newest first. */
  async sessionsOf(agentId: string, limit: number): Promise<MonitorSessionRow[]> {
    const rows = await this.db.selectFrom('monitorSessions').selectAll().where('agentId', '=', agentId).orderBy('issuedAt', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, target: r.target ?? '' }));
  }

  /**
   * The agent's console admitted grant `sessionId`: marks it used unless it was already. The
   * conditional update is atomic on both stores, so of two consoles racing with one grant only
   * one hears `first`.
   */
  async markUsed(grant: { sessionId: string; agentId: string; callId: string }, deviceId: string, at: string): Promise<GrantUse> {
    const updated = await this.db.updateTable('monitorSessions').set({ usedAt: at, usedDeviceId: deviceId })
      .where('id', '=', grant.sessionId).where('agentId', '=', grant.agentId).where('callId', '=', grant.callId).where('usedAt', 'is', null)
      .executeTakeFirst();
    const row = await this.db.selectFrom('monitorSessions').select('usedAt')
      .where('id', '=', grant.sessionId).where('agentId', '=', grant.agentId).where('callId', '=', grant.callId).executeTakeFirst();
    if (!row?.usedAt) return { outcome: 'unknown' };
    return { outcome: Number(updated.numUpdatedRows) > 0 ? 'first' : 'replayed', usedAt: row.usedAt };
  }

  /**
   * Keeps the address of record a console registered with, once per sign-in: a sign-in that
   * reported one cannot report another, and an address another user has (set by an
   * administrator, or registered in a live sign-in of theirs) is refused.
   */
  async learnAddress(report: AddressReport): Promise<AddressReportResult> {
    return this.db.transaction().execute(async (trx) => {
      const mine = await trx.selectFrom('monitorAddresses').select('sipUri').where('tokenHash', '=', report.tokenHash).executeTakeFirst();
      if (mine) return mine.sipUri === report.sipUri ? 'same' : 'other_in_session';
      const admin = await trx.selectFrom('users').select('id').where('sipUri', '=', report.sipUri).where('id', '!=', report.userId).executeTakeFirst();
      if (admin) return 'taken';
      const registered = await trx.selectFrom('monitorAddresses').innerJoin('sessions', 'sessions.tokenHash', 'monitorAddresses.tokenHash')
        .select('monitorAddresses.userId')
        .where('monitorAddresses.sipUri', '=', report.sipUri).where('monitorAddresses.userId', '!=', report.userId)
        .where('sessions.expiresAt', '>', report.at).executeTakeFirst();
      if (registered) return 'taken';
      // Reports of this user's sign-ins that have ended are forgotten.
      await trx.deleteFrom('monitorAddresses').where('userId', '=', report.userId)
        .where('tokenHash', 'not in', (eb) => eb.selectFrom('sessions').select('sessions.tokenHash').where('sessions.userId', '=', report.userId))
        .execute();
      await trx.insertInto('monitorAddresses').values({
        tokenHash: report.tokenHash, userId: report.userId, deviceId: report.deviceId, sipUri: report.sipUri, reportedAt: report.at,
      }).onConflict((oc) => oc.column('tokenHash').doNothing()).execute();
      // Two reports of one sign-in racing: the row that stayed decides.
      const kept = await trx.selectFrom('monitorAddresses').select('sipUri').where('tokenHash', '=', report.tokenHash).executeTakeFirstOrThrow();
      return kept.sipUri === report.sipUri ? 'learned' : 'other_in_session';
    });
  }

  /**
   * Where a lead's call to the agent goes: the address an administrator set, else the one the
   * agent's most recent live sign-in registered with; null when there is neither.
   */
  async targetOf(agentId: string, at: string): Promise<MonitorTarget | null> {
    const user = await this.db.selectFrom('users').select('sipUri').where('id', '=', agentId).executeTakeFirst();
    if (user?.sipUri) return { sipUri: user.sipUri, source: 'admin' };
    const learned = await this.db.selectFrom('monitorAddresses').innerJoin('sessions', 'sessions.tokenHash', 'monitorAddresses.tokenHash')
      .select('monitorAddresses.sipUri')
      .where('monitorAddresses.userId', '=', agentId).where('sessions.expiresAt', '>', at)
      .orderBy('monitorAddresses.reportedAt', 'desc').orderBy('monitorAddresses.tokenHash').limit(1).executeTakeFirst();
    return learned ? { sipUri: learned.sipUri, source: 'registration' } : null;
  }
}
