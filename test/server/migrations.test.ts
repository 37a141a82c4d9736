import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/store/migrate';
import { openSqliteDatabase } from '../../server/store/sqlite';
import { tempDir } from './helpers';

describe('migrations', () => {
  const temp = tempDir();
  afterEach(() => temp.remove());

  it('create the schema on an empty file, and a second run is a no-op', async () => {
    const file = join(temp.dir, 'nested', 'server.db');
    const db = openSqliteDatabase(file);
    expect(await migrateToLatest(db)).toEqual(['0001_initial']);
    expect(await migrateToLatest(db)).toEqual([]);
    await db.destroy();

    const again = openSqliteDatabase(file);
    expect(await migrateToLatest(again)).toEqual([]);
    await again.destroy();

    const raw = new BetterSqlite3(file, { readonly: true });
    const tables = raw.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining([
      'accounts', 'counters', 'debts', 'device_cursors', 'devices', 'events', 'history', 'holds', 'parties', 'phones',
      'sessions', 'team_leads', 'teams', 'users',
    ]));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare("select value from counters where name = 'account_version'").get()).toEqual({ value: 0 });
    raw.close();
  });
});
