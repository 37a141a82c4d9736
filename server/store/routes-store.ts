// Field agents' visit routes and their bucket. Part of the ServerStore: kysely-store.ts delegates here.
import type { Kysely, Selectable } from 'kysely';
import { bucketState, bumpAccount, changeAccounts, chunks, nextVersions, rememberAssignment, snapshot } from './kysely-helpers';
import type { Database } from './schema';
import { type RoutePageData, type RouteRecord, StoreError, type Viewer } from './store';

export class RouteStore {
  constructor(private readonly db: Kysely<Database>) {}

  async setRoute(agentId: string, date: string, accountIds: readonly string[], at: string): Promise<RouteRecord> {
    return changeAccounts(this.db, async (trx) => {
      const agent = await trx.selectFrom('users').select(['id', 'teamId']).where('id', '=', agentId).executeTakeFirst();
      if (!agent) throw new StoreError('not_found', `No user ${agentId}`);
      const found = new Map<string, string | null>();
      for (const ids of chunks([...new Set(accountIds)])) {
        const rows = await trx.selectFrom('accounts').select(['id', 'assignedTo']).where('id', 'in', ids).execute();
        for (const r of rows) found.set(r.id, r.assignedTo);
      }
      const missing = accountIds.filter((id) => !found.has(id));
      if (missing.length > 0) throw new StoreError('not_found', `No account ${missing.slice(0, 5).join(', ')}`);
      for (const [id, assignedTo] of found) {
        if (assignedTo === agentId) continue;
        await rememberAssignment(trx, id, at);
        await trx.updateTable('accounts').set({ assignedTo: agentId, teamId: agent.teamId }).where('id', '=', id).execute();
        await bumpAccount(trx, id, at);
      }
      const version = await nextVersions(trx, 1);
      const row = { agentId, routeDate: date, accountIds: JSON.stringify(accountIds), opVersion: version, updatedAt: at };
      await trx.insertInto('visitRoutes').values(row)
        .onConflict((oc) => oc.columns(['agentId', 'routeDate']).doUpdateSet({ accountIds: row.accountIds, opVersion: version, updatedAt: at }))
        .execute();
      return { agentId, date, accountIds: [...accountIds], version, updatedAt: at };
    });
  }

  async listRoutes(agentId: string): Promise<RouteRecord[]> {
    const rows = await this.db.selectFrom('visitRoutes').selectAll().where('agentId', '=', agentId).orderBy('routeDate', 'desc').execute();
    return rows.map(toRoute);
  }

  async pullRoutes(viewer: Viewer, cursor: number, limit: number): Promise<RoutePageData> {
    return snapshot(this.db, async (trx) => {
      const { counter } = await bucketState(trx, 'routes');
      // Routes are replaced, never removed, so only a cursor from another database needs a reset.
      if (cursor > counter) return { cursor: 0, hasMore: true, reset: true, routes: [] };
      const rows = await trx.selectFrom('visitRoutes').selectAll().where('agentId', '=', viewer.id).where('opVersion', '>', cursor)
        .orderBy('opVersion').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      return { cursor: page.length > 0 ? Number(page.at(-1)!.opVersion) : cursor, hasMore: rows.length > limit, reset: false, routes: page.map(toRoute) };
    });
  }
}

/** The op counter and the bucket's compaction floor. */
function toRoute(r: Selectable<Database['visitRoutes']>): RouteRecord {
  return { agentId: r.agentId, date: r.routeDate, accountIds: JSON.parse(r.accountIds) as string[], version: Number(r.opVersion), updatedAt: r.updatedAt };
}
