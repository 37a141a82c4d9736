// The compliance bucket (hold sets and policy overrides) and its removal log. Part of the
// ServerStore: kysely-store.ts delegates here.
import type { CompiledQuery, Kysely } from 'kysely';
import type { Hold } from '../../shared/domain/portfolio';
import { bucketState, changeAccounts, nextVersions, precompiled, snapshot, visibleTo } from './kysely-helpers';
import { DEVICE_STAND_IN, mayNotPull, refusedDevice, truthy } from './pull-gate';
import { toHold } from './rows';
import type { Database } from './schema';
import type { CompliancePageData, PolicyRecord, Viewer } from './store';

export class ComplianceStore {
  /** The counter and the device check, built once: every compliance pull asks them. */
  private gate?: (deviceId: string) => CompiledQuery<{ counter: number | string | null; refused: unknown }>;

  constructor(private readonly db: Kysely<Database>) {}

  async pullCompliance(viewer: Viewer, cursor: number, limit: number): Promise<CompliancePageData> {
    const device = viewer.pullingDevice;
    if (cursor > 0 || device !== undefined) {
      // One statement: the counter (at the cursor nothing has changed since, as in most pulls:
      // nothing to look for) and whether the pulling device may pull at all (pull-gate.ts).
      this.gate ??= precompiled<{ counter: number | string | null; refused: unknown }, [string]>(this.db.selectNoFrom((eb) => [
        eb.selectFrom('counters').select('value').where('name', '=', 'account_version').as('counter'),
        eb.exists(refusedDevice(this.db, DEVICE_STAND_IN)).as('refused'),
      ]), DEVICE_STAND_IN);
      // Without a pulling device, one no device row can have (the empty id) is asked about.
      const gate = (await this.db.executeQuery(this.gate(device ?? ''))).rows[0]!;
      if (device !== undefined && truthy(gate.refused)) throw mayNotPull(device);
      if (cursor > 0 && Number(gate.counter) === cursor) return { cursor, hasMore: false, reset: false, holds: [], policies: [], removedPolicies: [], keepPolicies: null };
    }
    return snapshot(this.db, async (trx) => {
      const { counter, floor } = await bucketState(trx, 'compliance');
      // A cursor from another database, or older than compacted removals: a reset. The client
      // drops the policies not in keepPolicies and pulls again from 0 (a full snapshot).
      if (cursor > counter || (cursor > 0 && cursor < floor)) {
        const keep = await trx.selectFrom('policies').select('packId').orderBy('packId').execute();
        return { cursor: 0, hasMore: true, reset: true, holds: [], policies: [], removedPolicies: [], keepPolicies: keep.map((r) => r.packId) };
      }
      const [accounts, policies, removals] = await Promise.all([
        trx.selectFrom('accounts').select(['id', 'holdsVersion']).where(visibleTo(viewer)).where('holdsVersion', '>', cursor)
          .orderBy('holdsVersion').limit(limit + 1).execute(),
        trx.selectFrom('policies').selectAll().where('version', '>', cursor).orderBy('version').limit(limit + 1).execute(),
        trx.selectFrom('syncRemovals').selectAll().where('bucket', '=', 'compliance').where('opVersion', '>', cursor)
          .orderBy('opVersion').limit(limit + 1).execute(),
      ]);
      type Entry = { v: number; account?: string; policy?: (typeof policies)[number]; removed?: string };
      const merged: Entry[] = [
        ...accounts.map((a) => ({ v: Number(a.holdsVersion), account: a.id })),
        ...policies.map((p) => ({ v: Number(p.version), policy: p })),
        ...removals.map((r) => ({ v: Number(r.opVersion), removed: r.entityKey })),
      ].sort((x, y) => x.v - y.v);
      const hasMore = merged.length > limit;
      const page = merged.slice(0, limit);
      const ids = page.flatMap((e) => (e.account ? [e.account] : []));
      const holds = ids.length === 0 ? []
        : await trx.selectFrom('holds').selectAll().where('accountId', 'in', ids).orderBy('effectiveAt').orderBy('id').execute();
      const byAccount = new Map<string, Hold[]>(ids.map((id) => [id, []]));
      for (const h of holds) byAccount.get(h.accountId)!.push(toHold(h));
      // A pack cleared and set again: its row is newer than the removal, so only the row is sent.
      const current = new Map((await trx.selectFrom('policies').select(['packId', 'version']).execute()).map((p) => [p.packId, Number(p.version)]));
      return {
        // The last page moves the cursor up to the counter (see pullAccounts).
        cursor: hasMore ? page.at(-1)!.v : counter,
        hasMore,
        reset: false,
        holds: [...byAccount].map(([accountId, list]) => ({ accountId, holds: list })),
        policies: page.flatMap((e) => (e.policy ? [toPolicy(e.policy)] : [])),
        removedPolicies: page.flatMap((e) => (e.removed && !((current.get(e.removed) ?? -1) > e.v) ? [e.removed] : [])),
        keepPolicies: null,
      };
    });
  }

  async setPolicy(packId: string, overrides: unknown, at: string): Promise<PolicyRecord> {
    return changeAccounts(this.db, async (trx) => {
      const version = await nextVersions(trx, 1);
      const row = { packId, overrides: JSON.stringify(overrides), version, updatedAt: at };
      await trx.insertInto('policies').values(row)
        .onConflict((oc) => oc.column('packId').doUpdateSet({ overrides: row.overrides, version, updatedAt: at })).execute();
      return toPolicy(row);
    });
  }

  async clearPolicy(packId: string, at: string): Promise<boolean> {
    return changeAccounts(this.db, async (trx) => {
      const r = await trx.deleteFrom('policies').where('packId', '=', packId).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) return false;
      const opVersion = await nextVersions(trx, 1);
      await trx.insertInto('syncRemovals').values({ opVersion, bucket: 'compliance', entityKey: packId, removedAt: at }).execute();
      return true;
    });
  }

  async listPolicies(): Promise<PolicyRecord[]> {
    return (await this.db.selectFrom('policies').selectAll().orderBy('packId').execute()).map(toPolicy);
  }

  async compactSyncLog(before: string): Promise<{ removed: number; floors: Record<string, number> }> {
    return changeAccounts(this.db, async (trx) => {
      const old = await trx.selectFrom('syncRemovals').select(['bucket', (eb) => eb.fn.max('opVersion').as('top'), (eb) => eb.fn.countAll().as('n')])
        .where('removedAt', '<', before).groupBy('bucket').execute();
      let removed = 0;
      for (const { bucket, top, n } of old) {
        await trx.updateTable('counters').set({ value: Number(top) }).where('name', '=', `floor.${bucket}`)
          .where('value', '<', Number(top)).execute();
        removed += Number(n);
      }
      await trx.deleteFrom('syncRemovals').where('removedAt', '<', before).execute();
      const floors = await trx.selectFrom('counters').selectAll().where('name', 'like', 'floor.%').execute();
      return { removed, floors: Object.fromEntries(floors.map((f) => [f.name.slice('floor.'.length), Number(f.value)])) };
    });
  }
}

const toPolicy = (r: { packId: string; overrides: string; version: number; updatedAt: string }): PolicyRecord => ({
  packId: r.packId, overrides: JSON.parse(r.overrides) as unknown, version: Number(r.version), updatedAt: r.updatedAt,
});
