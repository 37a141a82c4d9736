// Version 3 of the central schema: uploaded files (call recordings, visit photos), named by the
// SHA-256 of their bytes (docs/sync.md "Uploads"). The bytes live on disk under the blob
// directory; these tables say how far each upload got and who may send it. Frozen once shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per blob being received or stored. `received` is how many bytes from the start are
  // on disk (where the next chunk goes); `stored_at` is set only once the whole file hashed to
  // its name, and a blob without it is never served as stored.
  await db.schema.createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('recording', 'photo')`))
    .addColumn('length', 'bigint', (c) => c.notNull())
    .addColumn('received', 'bigint', (c) => c.notNull())
    .addColumn('stored_at', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Which pushed event names which blob, written in the push's transaction: a user may upload a
  // blob only when an event of theirs names it.
  await db.schema.createTable('blob_refs')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('recording', 'photo')`))
    .addPrimaryKeyConstraint('blob_refs_pk', ['sha256', 'event_id'])
    .execute();
  await db.schema.createIndex('blob_refs_user_idx').on('blob_refs').columns(['sha256', 'user_id']).execute();

  // Recordings named by events pushed before this version. (Written out here rather than shared
  // with the store, so this migration does not change when the store does.)
  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string; user_id: string; body: string }>`
      select id, user_id, body from events where type = 'call.attempt' and id > ${after} order by id limit 1000`.execute(db);
    if (rows.length === 0) break;
    const refs = rows.flatMap((r) => {
      const sha256 = (JSON.parse(r.body) as { recording?: { sha256?: unknown } | null }).recording?.sha256;
      return typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256) ? [{ sha256, event_id: r.id, user_id: r.user_id, kind: 'recording' }] : [];
    });
    for (const r of refs) {
      await sql`insert into blob_refs (sha256, event_id, user_id, kind) values (${r.sha256}, ${r.event_id}, ${r.user_id}, ${r.kind})
        on conflict do nothing`.execute(db);
    }
    after = rows.at(-1)!.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('blob_refs').execute();
  await db.schema.dropTable('blobs').execute();
}
