// Teams, users, devices and sessions: who may sign in and from where. Part of the ServerStore:
// kysely-store.ts delegates here.
import { type Kysely, sql } from 'kysely';
import type { User } from '../../shared/domain/users';
import { changeAccounts, nextVersions } from './kysely-helpers';
import { toUser } from './rows';
import type { Database } from './schema';
import { type DeviceRecord, type NewUser, type SessionRecord, StoreError, type Team, type UserWithSecret } from './store';

export class UserStore {
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
    await this.db.insertInto('users').values({ ...user, createdAt: at }).execute();
    return toUser({ ...user, createdAt: at });
  }

  async findUserByUsername(username: string): Promise<UserWithSecret | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && { ...toUser(row), passwordHash: row.passwordHash };
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

  async touchDevice(deviceId: string, userId: string, at: string): Promise<void> {
    await this.db.insertInto('devices')
      .values({ id: deviceId, userId, firstSeenAt: at, lastSeenAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ userId, lastSeenAt: at }))
      .execute();
  }

  async getDevice(id: string): Promise<DeviceRecord | undefined> {
    const row = await this.db.selectFrom('devices').leftJoin('deviceCursors', 'deviceCursors.deviceId', 'devices.id')
      .select(['devices.id', 'devices.userId', 'devices.firstSeenAt', 'devices.lastSeenAt', 'deviceCursors.lastSeq'])
      .where('devices.id', '=', id).executeTakeFirst();
    return row && { id: row.id, userId: row.userId, firstSeenAt: row.firstSeenAt, lastSeenAt: row.lastSeenAt, lastSeq: Number(row.lastSeq ?? 0) };
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  async findSession(tokenHash: string): Promise<SessionRecord | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
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
