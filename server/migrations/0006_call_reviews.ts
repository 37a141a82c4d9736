// Version 6 of the central schema: call review (docs/server.md "Call review"). Team leads score
// and comment their teams' calls; a call is found by the softphone's call id, which lives in
// the events' JSON bodies, so pushed events naming a call are indexed by it. Frozen once shipped.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Every pushed event whose body names a call (`callId`): the attempt, its wrap-up, monitoring.
  // Written in the push's transaction (server/store/review-store.ts recordCallRefs).
  await db.schema.createTable('call_events')
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('call_events_pk', ['call_id', 'event_id'])
    .execute();
  await db.schema.createIndex('call_events_event_idx').on('call_events').column('event_id').execute();

  // The review list reads attempts newest first.
  await db.schema.createIndex('events_type_time_idx').on('events').columns(['type', 'device_time']).execute();

  // A lead's review of a call: appended, never edited (a second opinion is another row).
  await db.schema.createTable('call_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id')) // the call's attempt
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 1 and 5`))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('call_reviews_call_idx').on('call_reviews').columns(['call_id', 'created_at']).execute();

  // Calls pushed before this version. (Written out here rather than shared with the store, so
  // this migration does not change when the store does.)
  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string; type: string; body: string }>`
      select id, type, body from events where id > ${after} order by id limit 1000`.execute(db);
    if (rows.length === 0) break;
    for (const r of rows) {
      let callId: unknown;
      try {
        callId = (JSON.parse(r.body) as { callId?: unknown }).callId;
      } catch {
        continue;
      }
      if (typeof callId !== 'string' || callId.length === 0 || callId.length > 200) continue;
      await sql`insert into call_events (call_id, event_id, type) values (${callId}, ${r.id}, ${r.type}) on conflict do nothing`.execute(db);
    }
    after = rows.at(-1)!.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('call_reviews').execute();
  await db.schema.dropIndex('events_type_time_idx').execute();
  await db.schema.dropTable('call_events').execute();
}
