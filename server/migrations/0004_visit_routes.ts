// Version 4 of the central schema: field agents' visit routes. One row per agent and day holds
// the whole ordered list of accounts to visit; the routes bucket sends the row as it stands, so a
// route is replaced, never patched. Frozen once shipped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('visit_routes')
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('route_date', 'text', (c) => c.notNull()) // the agent's local date, yyyy-mm-dd
    .addColumn('account_ids', 'text', (c) => c.notNull()) // JSON array, in visiting order
    .addColumn('op_version', 'bigint', (c) => c.notNull().unique())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('visit_routes_pk', ['agent_id', 'route_date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('visit_routes').execute();
}
