// Outside collection agencies (migration 0022, docs/ladder.md "Agencies"): teams marked external,
// and the placements of accounts with them. A placement is an assignment like any other (the
// account's team and collector change under the version lock, the old ones are kept as a past
// assignment, the account is bumped), so visibility follows from who the account belongs to:
// the agency's consoles get it at their next pull and ours lose it. Reached as `store.ladder.agencies`.
import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { bumpAccount, changeAccounts, rememberAssignment } from './kysely-helpers';
import type { Database } from './schema';
import { StoreError } from './store';

interface AgencyPlacementsTable {
  id: string; accountId: string; agencyTeamId: string; fromTeamId: string | null; fromUserId: string | null;
  placedAt: string; placedBy: string; recalledAt: string | null; recalledBy: string | null;
}

type Tables = Omit<Database, 'teams'> & { teams: Database['teams'] & { external: number }; agencyPlacements: AgencyPlacementsTable };
type Db = Kysely<Tables>;

export interface TeamKind { id: string; name: string; external: boolean }
export interface Placement {
  id: string; accountId: string; agencyTeamId: string; fromTeamId: string | null; fromUserId: string | null;
  placedAt: string; placedBy: string; assignedTo: string | null;
}

export class AgencyStore {
  private readonly db: Db;

  constructor(private readonly base: Kysely<Database>) {
    this.db = base as unknown as Db;
  }

  async createAgency(team: { id: string; name: string }, at: string): Promise<TeamKind> {
    if (await this.db.selectFrom('teams').select('id').where('name', '=', team.name).executeTakeFirst()) throw new StoreError('conflict', `Team "${team.name}" already exists`);
    await this.db.insertInto('teams').values({ id: team.id, name: team.name, createdAt: at, external: 1 }).execute();
    return { ...team, external: true };
  }

  /** Every team with whether it is an outside agency (what the policy import checks placements against). */
  async teams(): Promise<TeamKind[]> {
    const rows = await this.db.selectFrom('teams').select(['id', 'name', 'external']).orderBy('name').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, external: Number(r.external) === 1 }));
  }

  async team(id: string): Promise<TeamKind | undefined> {
    return (await this.teams()).find((t) => t.id === id);
  }

  /** The open placement of the account, if it is with an agency now. */
  async placementOf(accountId: string): Promise<Placement | undefined> {
    const row = await this.db.selectFrom('agencyPlacements').innerJoin('accounts', 'accounts.id', 'agencyPlacements.accountId')
      .select(['agencyPlacements.id', 'agencyPlacements.accountId', 'agencyTeamId', 'fromTeamId', 'fromUserId', 'placedAt', 'placedBy', 'accounts.assignedTo'])
      .where('agencyPlacements.accountId', '=', accountId).where('recalledAt', 'is', null).executeTakeFirst();
    return row;
  }

  /**
   * Places the account with the agency: its team becomes the agency's and its collector the
   * agency's enabled collector with the fewest accounts (none: the agency's lead hands it out).
   * Once: an account already with this agency is left as it is (null). Placed with another agency,
   * that placement is closed first.
   */
  async place(accountId: string, agencyTeamId: string, by: string, at: string): Promise<Placement | null> {
    return changeAccounts(this.base, async (base) => {
      const trx = base as unknown as Transaction<Tables>;
      const agency = await trx.selectFrom('teams').select(['id', 'external']).where('id', '=', agencyTeamId).executeTakeFirst();
      if (!agency) throw new StoreError('not_found', `No team ${agencyTeamId}`);
      if (Number(agency.external) !== 1) throw new StoreError('conflict', `Team ${agencyTeamId} is not an outside agency`);
      const account = await trx.selectFrom('accounts').select(['teamId', 'assignedTo']).where('id', '=', accountId).executeTakeFirst();
      if (!account) throw new StoreError('not_found', `No account ${accountId}`);
      const open = await trx.selectFrom('agencyPlacements').selectAll().where('accountId', '=', accountId).where('recalledAt', 'is', null).executeTakeFirst();
      if (open?.agencyTeamId === agencyTeamId) return null;
      if (open) await trx.updateTable('agencyPlacements').set({ recalledAt: at, recalledBy: by }).where('id', '=', open.id).execute();
      const collector = await leastLoaded(trx, agencyTeamId);
      // Where it goes back to on recall: where it was before the first of these placements.
      const row = {
        id: uuidv7(), accountId, agencyTeamId, fromTeamId: open ? open.fromTeamId : account.teamId, fromUserId: open ? open.fromUserId : account.assignedTo,
        placedAt: at, placedBy: by, recalledAt: null, recalledBy: null,
      };
      await trx.insertInto('agencyPlacements').values(row).execute();
      await reassign(trx, accountId, agencyTeamId, collector, at);
      return { id: row.id, accountId, agencyTeamId, fromTeamId: row.fromTeamId, fromUserId: row.fromUserId, placedAt: at, placedBy: by, assignedTo: collector };
    });
  }

  /**
   * Hands a placed account back to the team and collector it came from (the collector only if
   * still enabled and in that team). Null when it is not with an agency.
   */
  async recall(accountId: string, by: string, at: string): Promise<{ placement: Placement; teamId: string | null; assignedTo: string | null } | null> {
    return changeAccounts(this.base, async (base) => {
      const trx = base as unknown as Transaction<Tables>;
      const open = await trx.selectFrom('agencyPlacements').selectAll().where('accountId', '=', accountId).where('recalledAt', 'is', null).executeTakeFirst();
      if (!open) return null;
      const back = open.fromUserId
        ? await trx.selectFrom('users').select('id').where('id', '=', open.fromUserId).where('disabledAt', 'is', null)
          .where((eb) => (open.fromTeamId === null ? eb('teamId', 'is', null) : eb('teamId', '=', open.fromTeamId))).executeTakeFirst()
        : undefined;
      await trx.updateTable('agencyPlacements').set({ recalledAt: at, recalledBy: by }).where('id', '=', open.id).execute();
      await reassign(trx, accountId, open.fromTeamId, back?.id ?? null, at);
      const placement = { id: open.id, accountId, agencyTeamId: open.agencyTeamId, fromTeamId: open.fromTeamId, fromUserId: open.fromUserId, placedAt: open.placedAt, placedBy: open.placedBy, assignedTo: null };
      return { placement, teamId: open.fromTeamId, assignedTo: back?.id ?? null };
    });
  }
}

/** The assignment change itself, as assignAccount makes it, inside the caller's locked transaction. */
async function reassign(trx: Transaction<Tables>, accountId: string, teamId: string | null, assignedTo: string | null, at: string): Promise<void> {
  const t = trx as unknown as Transaction<Database>;
  await rememberAssignment(t, accountId, at);
  await trx.updateTable('accounts').set({ teamId, assignedTo }).where('id', '=', accountId).execute();
  await bumpAccount(t, accountId, at);
}

async function leastLoaded(trx: Transaction<Tables>, teamId: string): Promise<string | null> {
  const row = await trx.selectFrom('users')
    .leftJoin('accounts', 'accounts.assignedTo', 'users.id')
    .select(['users.id', 'users.username', (eb) => eb.fn.count('accounts.id').as('n')])
    .where('users.teamId', '=', teamId).where('users.role', '=', 'collector').where('users.disabledAt', 'is', null)
    .groupBy(['users.id', 'users.username']).orderBy('n').orderBy('users.username').executeTakeFirst();
  return row?.id ?? null;
}
