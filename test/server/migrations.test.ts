import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/store/migrate';
import { openPostgresDatabase } from '../../server/store/postgres';
import { openSqliteDatabase } from '../../server/store/sqlite';
import { type TestDatabase, createTestDatabase, describeEachStore, tempDir } from './helpers';

const TABLES = [
  'accounts', 'counters', 'debts', 'device_cursors', 'devices', 'events', 'history', 'holds', 'parties', 'phones',
  'sessions', 'team_leads', 'teams', 'users', 'policies', 'talk_tracks', 'sync_removals', 'violations', 'visit_routes', 'blobs', 'blob_refs', 'past_assignments', 'call_events', 'call_reviews', 'monitor_keys', 'monitor_sessions', 'presence_state_times', 'call_owners', 'security_events', 'monitor_addresses', 'audit_chain', 'audit_head', 'access_log', 'audit_tombstones', 'legal_holds', 'retention_settings',
  'message_templates', 'message_emails', 'messages', 'message_events', 'message_opt_outs',
  'complaints', 'complaint_links', 'complaint_events', 'complaint_settings', 'account_identity',
];
const ALL = ['0001_initial', '0002_buckets', '0003_blobs', '0004_visit_routes', '0005_past_assignments', '0006_call_reviews', '0007_monitor', '0008_presence_state_times', '0009_security', '0011_monitor_addresses', '0012_messaging', '0013_device_wipe', '0014_audit_chain', '0015_retention', '0016_channel_opt_out_holds', '0017_letters', '0018_complaints', '0019_complaint_settings', '0020_identity_on_file', '0021_ladder', '0022_agencies', '0023_audit_pending', '0024_holds_version_by_owner'];

describe('migrations — SQLite specifics', () => {
  const temp = tempDir();
  afterEach(() => temp.remove());

  it('create the schema on an empty file, and a second run is a no-op', async () => {
    const file = join(temp.dir, 'nested', 'server.db');
    const db = openSqliteDatabase(file);
    expect(await migrateToLatest(db)).toEqual(ALL);
    expect(await migrateToLatest(db)).toEqual([]);
    await db.destroy();

    const again = openSqliteDatabase(file);
    expect(await migrateToLatest(again)).toEqual([]);
    await again.destroy();

    const raw = new BetterSqlite3(file, { readonly: true });
    const tables = raw.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(TABLES));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare("select value from counters where name = 'account_version'").get()).toEqual({ value: 0 });
    expect(raw.prepare("select name, value from counters where name like 'floor.%' order by name").all())
      .toEqual([{ name: 'floor.compliance', value: 0 }, { name: 'floor.talktracks', value: 0 }]);
    raw.close();
  });
});

// The same migration files, through the same migrator, on each database.
describeEachStore('migrations', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(kind); });
  afterAll(async () => { await database?.drop(); });

  const open = () => (database.location.databaseUrl
    ? openPostgresDatabase(database.location.databaseUrl)
    : openSqliteDatabase(database.location.databaseFile!));

  it('create every table once, from two connections in turn', async () => {
    const db = open();
    expect(await migrateToLatest(db)).toEqual(ALL);
    await db.destroy();
    const again = open();
    expect(await migrateToLatest(again)).toEqual([]);
    // Through the store's connection INT8 arrives as a number on both.
    expect(await again.selectFrom('counters').selectAll().orderBy('name').execute()).toEqual([
      { name: 'account_version', value: 0 }, { name: 'floor.compliance', value: 0 }, { name: 'floor.talktracks', value: 0 },
    ]);
    await again.destroy();

    const tables = kind === 'sqlite'
      ? await database.query<{ name: string }>("select name from sqlite_master where type = 'table'")
      : await database.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = 'public'");
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(TABLES));
  });

  it('keep the check constraints', async () => {
    const db = open();
    await expect(db.insertInto('teams').values({ id: 't', name: 'T', createdAt: 'now' }).execute()).resolves.toBeDefined();
    await expect(db.insertInto('users').values({
      id: 'u', username: 'u', displayName: 'U', role: 'boss' as never, teamId: 't', passwordHash: 'x', createdAt: 'now',
    }).execute()).rejects.toThrow(/users_role_check|CHECK constraint/i);
    await db.destroy();
  });
});
