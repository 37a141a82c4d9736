import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, StoreOpenError } from '../../electron/core/store/database';
import { migrations } from '../../electron/core/store/migrations';
import { appendEvent, clearOutboxThrough, outboxBatch, pendingCount } from '../../electron/core/store/events';
import { accountDetail, applyBundles, retainAccounts } from '../../electron/core/store/portfolio';
import { bundle } from '../support/bundles';

const tmp = () => mkdtempSync(join(tmpdir(), 'fairline-store-'));
const NOW = new Date('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';

describe('migrations', () => {
  it('0001 creates strict tables on an empty file and a second run changes nothing', () => {
    const db = new Database(join(tmp(), 'a.db'));
    expect(migrate(db)).toBe(migrations.at(-1)!.version);
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['accounts', 'debts', 'phones', 'holds', 'history', 'events', 'outbox', 'meta']));
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT$/);
    const before = db.prepare('SELECT count(*) n FROM sqlite_schema').get();
    expect(migrate(db)).toBe(migrations.at(-1)!.version);
    expect(db.prepare('SELECT count(*) n FROM sqlite_schema').get()).toEqual(before);
  });

  it('0001 rejects a value of the wrong type (STRICT) and an unknown region', () => {
    const db = openDatabase(join(tmp(), 'a.db'));
    applyBundles(db, [bundle(1)], NOW);
    expect(() => db.prepare("UPDATE debts SET balance_minor = 'lots'").run()).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => db.prepare("UPDATE accounts SET region = 'XX'").run()).toThrow(/CHECK constraint failed/);
  });
});

describe('opening the local database', () => {
  it('refuses a corrupt file, names it, and leaves its bytes untouched', () => {
    const file = join(tmp(), 'fairline.db');
    const garbage = Buffer.from('this is not a database'.repeat(300));
    writeFileSync(file, garbage);
    expect(() => openDatabase(file)).toThrow(StoreOpenError);
    expect(() => openDatabase(file)).toThrow(file);
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a database written by a newer schema', () => {
    const file = join(tmp(), 'future.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer Fairline/);
  });
});

describe('events', () => {
  it('are append-only and each one enters the outbox in the same transaction', () => {
    const db = openDatabase(join(tmp(), 'a.db'));
    const e1 = appendEvent(db, { deviceId: 'd', userId: 'u', accountId: null, body: { type: 'agent.status', status: { state: 'available' } }, now: NOW });
    const e2 = appendEvent(db, { deviceId: 'd', userId: 'u', accountId: 'acc-1', body: { type: 'note.added', text: 'called back' }, now: NOW });
    expect([e1.seq, e2.seq]).toEqual([1, 2]);
    expect(e1.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e1.id < e2.id).toBe(true); // UUIDv7 sorts by time
    expect(() => db.prepare("UPDATE events SET type = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(outboxBatch(db, 'd', 10).map((e) => e.seq)).toEqual([1, 2]);
    clearOutboxThrough(db, 1);
    expect(pendingCount(db)).toBe(1);
  });
});

describe('portfolio', () => {
  it('drops accounts no longer assigned and shows a re-pulled account with its new data', () => {
    const db = openDatabase(join(tmp(), 'a.db'));
    applyBundles(db, [bundle(1), bundle(2), bundle(3)], NOW);
    retainAccounts(db, ['acc-1', 'acc-3']);
    expect(accountDetail(db, 'acc-2', TODAY)).toBeUndefined();
    applyBundles(db, [bundle(1, { dueDate: '2026-11-20', balance: 1_00 })], NOW);
    expect(accountDetail(db, 'acc-1', TODAY)!.debts[0]!.balanceMinor).toBe(1_00);
  });

  it('keeps the later of two versions of an account applied together (pages written in id order)', () => {
    // An account changed on the server during a pull comes again on a later page of the same group.
    const db = openDatabase(join(tmp(), 'a.db'));
    applyBundles(db, [bundle(3), bundle(2, { balance: 5_00 }), bundle(1), bundle(2, { balance: 7_00 }), bundle(4)], NOW);
    expect(accountDetail(db, 'acc-2', TODAY)!.debts[0]!.balanceMinor).toBe(7_00);
    for (const id of ['acc-1', 'acc-3', 'acc-4']) expect(accountDetail(db, id, TODAY)).toBeDefined();
  });
});
