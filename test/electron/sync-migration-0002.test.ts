// Local schema version 2 (talk_tracks, policy): created STRICT over a version-1 file, once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/store/database';
import { migrations } from '../../electron/core/store/migrations';

const LATEST = migrations.at(-1)!.version;

describe('local migration 0002_central_data', () => {
  it('adds strict talk_tracks and policy tables to a version-1 file, and a second run changes nothing', () => {
    const db = new Database(join(mkdtempSync(join(tmpdir(), 'fairline-m2-')), 'a.db'));
    db.transaction(() => { db.exec(migrations[0]!.sql); db.pragma('user_version = 1'); })();
    db.prepare("INSERT INTO meta (key, value) VALUES ('kept', '1')").run();
    expect(migrate(db)).toBe(LATEST);
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name IN ('talk_tracks', 'policy')").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual(['policy', 'talk_tracks']);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'kept'").pluck().get()).toBe('1');
    expect(() => db.prepare("INSERT INTO policy (pack_id, overrides, version, received_at) VALUES ('cn', '{}', 'x', 'now')").run()).toThrow(/cannot store TEXT value in INTEGER/);
    expect(migrate(db)).toBe(LATEST);
    db.close();
  });
});
