// What the live board reads: its roster and the events behind today's figures. Part of the
// ServerStore: kysely-store.ts delegates here.
import type { Kysely } from 'kysely';
import { chunks } from './kysely-helpers';
import type { Role } from '../../shared/domain/users';
import type { Database } from './schema';
import type { BoardAgent, BoardEventRow, Team, Viewer } from './store';

export class BoardStore {
  constructor(private readonly db: Kysely<Database>) {}

  // The live board (server/presence).
  async boardRoster(viewer: Viewer): Promise<{ teams: Team[]; agents: BoardAgent[] }> {
    let teams = this.db.selectFrom('teams').select(['teams.id', 'teams.name']);
    if (viewer.role !== 'admin') {
      teams = teams.where('teams.id', 'in', (eb) => eb.selectFrom('teamLeads').select('teamLeads.teamId').where('teamLeads.userId', '=', viewer.id));
    }
    const found = await teams.orderBy('teams.name').execute();
    if (viewer.role !== 'admin' && found.length === 0) return { teams: [], agents: [] };
    let agents = this.db.selectFrom('users').select(['id', 'displayName', 'teamId']).where('role', 'in', ['collector', 'field_agent']);
    if (viewer.role !== 'admin') agents = agents.where('teamId', 'in', found.map((t) => t.id));
    return { teams: found, agents: await agents.orderBy('displayName').orderBy('id').execute() };
  }

  async colleagues(): Promise<(BoardAgent & { role: Role })[]> {
    const rows = await this.db.selectFrom('users').select(['id', 'displayName', 'teamId', 'role'])
      .where('role', 'in', ['collector', 'field_agent', 'team_lead']).where('disabledAt', 'is', null)
      .orderBy('displayName').orderBy('id').execute();
    return rows.map((r) => ({ ...r, role: r.role as Role }));
  }

  async boardEvents(userIds: readonly string[], types: readonly string[], from: string, to: string): Promise<BoardEventRow[]> {
    if (userIds.length === 0 || types.length === 0) return [];
    const rows: BoardEventRow[] = [];
    for (const ids of chunks([...new Set(userIds)])) {
      rows.push(...await this.db.selectFrom('events').leftJoin('accounts', 'accounts.id', 'events.accountId')
        .select(['events.id', 'events.userId', 'events.accountId', 'events.deviceTime', 'events.type', 'events.body', 'accounts.currency'])
        .where('events.userId', 'in', ids).where('events.type', 'in', [...types])
        .where('events.deviceTime', '>=', from).where('events.deviceTime', '<', to)
        .execute());
    }
    return rows;
  }
}
