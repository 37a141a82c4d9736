// Small typed key/value records kept in the local store (device id, session, sync cursor,
// settings), each validated on read so a damaged value reads as absent, not as a crash.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { first, qb, run } from './sql';

export function readMeta<S extends z.ZodType>(db: Database.Database, key: string, schema: S): z.output<S> | undefined {
  const row = first(db, qb.selectFrom('meta').select('value').where('key', '=', key));
  if (!row) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeMeta(db: Database.Database, key: string, value: unknown): void {
  run(db, qb.insertInto('meta').values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) })));
}

export function deleteMeta(db: Database.Database, key: string): void {
  run(db, qb.deleteFrom('meta').where('key', '=', key));
}
