import { type Kysely, Migrator } from 'kysely';
import { migrations } from '../migrations/index';

/** Brings the schema to the newest version; returns the names it applied (empty when current). */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  // Migrations name snake_case columns themselves, so they run without the camelCase plugin.
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Database migration${failed ? ` ${failed}` : ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
