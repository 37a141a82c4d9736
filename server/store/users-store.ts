// Teams, users, devices and sessions: who may sign in and from where. Part of the ServerStore:
// kysely-store.ts delegates here.
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Role, User } from '../../shared/domain/users';
import { changeAccounts, nextVersions, precompiled } from './kysely-helpers';
import { toUser } from './rows';
import type { Database } from './schema';
import { type DeviceRecord, type NewUser, type SessionRecord, StoreError, type Team, type UserWithSecret } from './store';

/** The stand-in for findSession's parameter (kysely-helpers.ts precompiled). */
const TOKEN_HASH = '$fairline:tokenHash';

interface SessionRow {
  tokenHash: string; userId: string; deviceId: string; createdAt: string; expiresAt: string; deviceBound: number; address: string | null;
  uId: string | null; username: string | null; displayName: string | null; role: Role | null; teamId: string | null;
}

export class UserStore {
  private sessionQuery?: (tokenHash: string) => CompiledQuery<SessionRow>;

  constructor(private readonly db: Kysely<Database>) {}

  async createTeam(team: Team, at: string): Promise<Team> {
    if (await this.findTeamByName(team.name)) throw new StoreError('conflict', `Team "${team.name}" already exists`);
    await this.db.insertInto('teams').values({ id: team.id, name: team.name, createdAt: at }).execute();
    return { id: team.id, name: team.name };
  }

  async findTeamByName(name: string): Promise<Team | undefined> {
    return this.db.selectFrom('teams').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
  }

  async createUser(user: NewUser, at: string): Promise<User> {
    const taken = await this.db.selectFrom('users').select('id').where('username', '=', user.username).executeTakeFirst();
    if (taken) throw new StoreError('conflict', `Username "${user.username}" is taken`);
    const row = { ...user, createdAt: at, disabledAt: null, sipUri: null };
    await this.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  async findUserByUsername(username: string): Promise<UserWithSecret | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && { ...toUser(row), passwordHash: row.passwordHash, disabledAt: row.disabledAt };
  }

  async getUser(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /**
   * The lead's view widens to accounts their consoles' cursors are already past: the team's
   * accounts (and their holds) take new versions, so every console that sees them, the lead's
   * included, gets them at its next pull. A team of 100k accounts is one statement.
   */
  async addTeamLead(userId: string, teamId: string): Promise<void> {
    await changeAccounts(this.db, async (trx) => {
      const added = await trx.insertInto('teamLeads').values({ userId, teamId }).onConflict((oc) => oc.doNothing()).returning('userId').execute();
      if (added.length === 0) return;
      const { n } = await trx.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('teamId', '=', teamId).executeTakeFirstOrThrow();
      if (Number(n) === 0) return;
      const base = await nextVersions(trx, Number(n)) - 1;
      await sql`UPDATE accounts SET version = r.n + ${base}, holds_version = r.n + ${base}
        FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM accounts WHERE team_id = ${teamId}) AS r
        WHERE accounts.id = r.id`.execute(trx);
    });
  }

  /**
   * Sign-in on a device (docs/server.md "Devices"). A device id is bound to the first secret
   * presented for it; from then on only that secret opens a device-bound session on it:
   * - 'bound': the secret matches (or was just bound); the device is now this user's.
   * - 'mismatch': another secret is bound; nothing changes (another console holds this id).
   * - 'revoked': an administrator revoked the device.
   * - 'legacy': no secret presented and none bound (a console from before device secrets); the
   *   device is this user's, as before.
   * - 'unproven': no secret presented but one is bound: the session may not push for the
   *   device, and the device stays with its user (a supervisor approving an override on an
   *   agent's console signs in like this).
   */
  async signInDevice(deviceId: string, userId: string, secretHash: string | undefined, at: string): Promise<'bound' | 'mismatch' | 'revoked' | 'legacy' | 'unproven'> {
    return this.db.transaction().execute(async (trx) => {
      // Created first if new, so two consoles racing for a new id meet on one row.
      await trx.insertInto('devices').values({ id: deviceId, userId, firstSeenAt: at, lastSeenAt: at, secretHash: secretHash ?? null })
        .onConflict((oc) => oc.column('id').doNothing()).execute();
      // Bind the secret where none is bound yet; the condition makes it atomic.
      if (secretHash) await trx.updateTable('devices').set({ secretHash }).where('id', '=', deviceId).where('secretHash', 'is', null).execute();
      const row = await trx.selectFrom('devices').select(['secretHash', 'revokedAt', 'wipeRequestedAt']).where('id', '=', deviceId).executeTakeFirstOrThrow();
      // Revoked, or waiting to hand in and wipe: nobody signs in on it again.
      if (row.revokedAt || row.wipeRequestedAt) return 'revoked';
      if (row.secretHash && !secretHash) return 'unproven';
      if (row.secretHash && row.secretHash !== secretHash) return 'mismatch';
      await trx.updateTable('devices').set({ userId, lastSeenAt: at }).where('id', '=', deviceId).execute();
      return row.secretHash ? 'bound' : 'legacy';
    });
  }

  async touchDevice(deviceId: string, userId: string, at: string): Promise<void> {
    await this.db.insertInto('devices')
      .values({ id: deviceId, userId, firstSeenAt: at, lastSeenAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ userId, lastSeenAt: at }))
      .execute();
  }

  async getDevice(id: string): Promise<DeviceRecord | undefined> {
    const row = await this.db.selectFrom('devices').leftJoin('deviceCursors', 'deviceCursors.deviceId', 'devices.id')
      .select(['devices.id', 'devices.userId', 'devices.firstSeenAt', 'devices.lastSeenAt', 'devices.secretHash', 'devices.revokedAt', 'deviceCursors.lastSeq'])
      .where('devices.id', '=', id).executeTakeFirst();
    return row && {
      id: row.id, userId: row.userId, firstSeenAt: row.firstSeenAt, lastSeenAt: row.lastSeenAt, lastSeq: Number(row.lastSeq ?? 0),
      bound: row.secretHash !== null, revokedAt: row.revokedAt,
    };
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.db.insertInto('sessions').values({ ...session, deviceBound: session.deviceBound === false ? 0 : 1, address: session.address ?? null }).execute();
  }

  /**
   * The session with its user, in one statement (every request whose session is not cached asks
   * this), built once (kysely-helpers.ts precompiled). Columns are named, not `*`, so PostgreSQL
   * runs it as a prepared statement.
   */
  async findSession(tokenHash: string): Promise<(SessionRecord & { user: User | undefined }) | undefined> {
    this.sessionQuery ??= precompiled<SessionRow, [string]>(this.db.selectFrom('sessions').leftJoin('users', 'users.id', 'sessions.userId')
      .select([
        'sessions.tokenHash', 'sessions.userId', 'sessions.deviceId', 'sessions.createdAt', 'sessions.expiresAt', 'sessions.deviceBound',
        'sessions.address', 'users.id as uId', 'users.username', 'users.displayName', 'users.role', 'users.teamId',
      ])
      .where('sessions.tokenHash', '=', TOKEN_HASH), TOKEN_HASH);
    const row = (await this.db.executeQuery(this.sessionQuery(tokenHash))).rows[0];
    if (!row) return undefined;
    const { uId, username, displayName, role, teamId, ...session } = row;
    const user = uId !== null && username !== null && displayName !== null && role !== null ? { id: uId, username, displayName, role, teamId } : undefined;
    return { ...session, deviceBound: Boolean(Number(session.deviceBound)), user };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(userId: string, now: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('userId', '=', userId).where('expiresAt', '<=', now)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
