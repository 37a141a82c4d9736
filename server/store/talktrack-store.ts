// Talk-track versions and their bucket. Part of the ServerStore: kysely-store.ts delegates here.
import type { Kysely } from 'kysely';
import { bucketState, changeAccounts, nextVersions, snapshot } from './kysely-helpers';
import type { Database } from './schema';
import { StoreError, type TalkTrackPageData, type TalkTrackRecord } from './store';

export class TalkTrackStore {
  constructor(private readonly db: Kysely<Database>) {}

  async pullTalkTracks(cursor: number, limit: number): Promise<TalkTrackPageData> {
    return snapshot(this.db, async (trx) => {
      const { counter, floor } = await bucketState(trx, 'talktracks');
      if (cursor > counter || (cursor > 0 && cursor < floor)) {
        const keep = await trx.selectFrom('talkTracks').select(['id', 'version']).orderBy('id').orderBy('version').execute();
        return { cursor: 0, hasMore: true, reset: true, tracks: [], keepTracks: keep.map((r) => `${r.id}@${r.version}`) };
      }
      const rows = await trx.selectFrom('talkTracks').select(['id', 'version', 'body', 'opVersion']).where('opVersion', '>', cursor)
        .orderBy('opVersion').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      return {
        cursor: page.length > 0 ? Number(page.at(-1)!.opVersion) : cursor,
        hasMore: rows.length > limit,
        reset: false,
        tracks: page.map((r) => ({ id: r.id, version: Number(r.version), track: JSON.parse(r.body) as unknown })),
        keepTracks: null,
      };
    });
  }

  async addTalkTrack(track: { id: string; version: number; locale: string; pack: string; kind: string; title: string }, body: unknown, at: string): Promise<TalkTrackRecord> {
    return changeAccounts(this.db, async (trx) => {
      const active = await trx.selectFrom('talkTracks').select('version').where('id', '=', track.id).orderBy('version', 'desc').limit(1).executeTakeFirst();
      if (active && Number(active.version) >= track.version) {
        throw new StoreError('conflict', `Talk track ${track.id} version ${track.version} is not newer than the active version ${Number(active.version)}`);
      }
      const opVersion = await nextVersions(trx, 1);
      const row = {
        id: track.id, version: track.version, locale: track.locale, pack: track.pack, kind: track.kind, title: track.title,
        body: JSON.stringify(body), opVersion, importedAt: at,
      };
      await trx.insertInto('talkTracks').values(row).execute();
      const { body: _body, ...record } = row;
      return record;
    });
  }

  async listTalkTracks(): Promise<TalkTrackRecord[]> {
    const rows = await this.db.selectFrom('talkTracks').select(['id', 'version', 'locale', 'pack', 'kind', 'title', 'importedAt', 'opVersion'])
      .orderBy('id').orderBy('version', 'desc').execute();
    return rows.map((r) => ({ ...r, version: Number(r.version), opVersion: Number(r.opVersion) }));
  }

  async activeTalkTrack(id: string): Promise<unknown> {
    const row = await this.db.selectFrom('talkTracks').select('body').where('id', '=', id).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row ? JSON.parse(row.body) as unknown : undefined;
  }
}
