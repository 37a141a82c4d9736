// The sync engine's buckets against a real central server: a hold set centrally with the admin
// CLI reaches the local store at the next pull, the compliance time is recorded, and talk
// tracks and policy land in their tables (an invalid talk track never replaces a valid one).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../electron/core/store/database';
import { FileSealer } from '../../electron/core/files/sealed-file';
import { applyTalkTracks, readPolicy, readTalkTracks } from '../../electron/core/store/central-data';
import { signIn } from '../../electron/core/session';
import { SyncEngine, complianceSyncedAt, talkTrackRejections } from '../../electron/core/sync/engine';
import { runAdmin } from '../../server/admin/cli';
import { startServer } from '../../server/app';
import { DEMO_TRACK_INPUTS } from '../../shared/talktrack/demo';
import { seedAccounts } from '../bench/sync-fixtures';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-sync-buckets-'));
  const serverDb = join(dir, 'server.db');
  let now = new Date('2026-11-24T02:00:00Z');
  const server = await startServer({ databaseFile: serverDb, seedDemo: true, logger: false, now: () => now });
  cleanups.push(() => server.close());
  const db = openDatabase(join(dir, 'console.db'));
  cleanups.push(() => db.close());
  const onPulled = vi.fn<(accountIds: string[], assignedIds: string[] | null) => void>();
  const engine = new SyncEngine({ db: () => db, fetch, serverUrl: () => server.url, deviceId: 'dev-1', now: () => now, onPulled, sealer: () => new FileSealer(randomBytes(32)) }, 3_600_000);
  await signIn(db, { fetch, serverUrl: server.url, deviceId: 'dev-1' }, { username: 'collector2', password: 'demo1234' });
  const out: string[] = [];
  const admin = (...argv: string[]) => runAdmin(argv, {
    out: (l) => out.push(l), err: (l) => out.push(l), env: { FAIRLINE_SERVER_DB: serverDb }, now: () => now,
  });
  return { db, engine, onPulled, admin, out, dir, setNow: (d: Date) => { now = d; } };
}

describe('sync buckets', () => {
  it('brings a cease hold set by the CLI into the local holds table at the next pull', async () => {
    const { db, engine, onPulled, admin, out } = await world();
    expect(complianceSyncedAt(db)).toBeNull();
    expect(await engine.syncNow()).toMatchObject({ connected: true, lastError: null });
    expect(complianceSyncedAt(db)).toBe('2026-11-24T02:00:00.000Z');
    expect(readTalkTracks(db).map((t) => t.id).sort()).toEqual(DEMO_TRACK_INPUTS.map((t) => t.id).sort());
    const accountId = (db.prepare("SELECT id FROM accounts WHERE ref = 'US-100004'").pluck().get() as string);
    expect(accountId).toBeTruthy();
    onPulled.mockClear();

    expect(await admin('hold', 'set', 'US-100004', 'cease', '--note', 'cease by letter')).toBe(0);
    const holdId = /hold (\S+)/.exec(out.at(-1)!)![1]!;
    await engine.syncNow();
    expect(db.prepare('SELECT account_id, kind, lifted_at FROM holds WHERE id = ?').get(holdId))
      .toEqual({ account_id: accountId, kind: 'cease', lifted_at: null });
    expect(JSON.parse(db.prepare('SELECT active_holds FROM account_summary WHERE account_id = ?').pluck().get(accountId) as string)).toContain('cease');
    // The compliance bucket reports it first; the assignments bucket brings the bundle again
    // (without the list of accounts: the set is the one this console holds).
    expect(onPulled.mock.calls[0]).toEqual([[accountId], null]);
    expect(onPulled.mock.calls.slice(1).some(([ids, assigned]) => ids.includes(accountId) && assigned === null)).toBe(true);

    expect(await admin('hold', 'lift', holdId)).toBe(0);
    await engine.syncNow();
    expect(db.prepare('SELECT lifted_at FROM holds WHERE id = ?').pluck().get(holdId)).not.toBeNull();
  });

  it('stores the organisation policy, and drops it after a reset snapshot once the server has cleared it', async () => {
    const { db, engine, admin, dir, setNow } = await world();
    const file = join(dir, 'tight.json');
    writeFileSync(file, JSON.stringify({ organisation: 'acme', caps: { 'us.frequency.calls_per_7_days': 5 } }));
    expect(await admin('policy', 'tighten', 'us-regf', file)).toBe(0);
    await engine.syncNow();
    expect(readPolicy(db)).toEqual([{ packId: 'us-regf', overrides: { organisation: 'acme', caps: { 'us.frequency.calls_per_7_days': 5 } } }]);

    // Cleared, then the removal is compacted away before this console pulls again.
    expect(await admin('policy', 'clear', 'us-regf')).toBe(0);
    setNow(new Date('2026-11-24T03:00:00Z'));
    expect(await admin('sync', 'compact', '--days', '0')).toBe(0);
    expect(await engine.syncNow()).toMatchObject({ lastError: null });
    expect(readPolicy(db)).toEqual([]);
    expect(complianceSyncedAt(db)).toBe('2026-11-24T03:00:00.000Z');
    expect(db.prepare('SELECT count(*) FROM holds').pluck().get()).toBeGreaterThan(0);
  });

  it('keeps the previous talk-track version when an invalid one arrives, and says why', async () => {
    const { db, engine } = await world();
    await engine.syncNow();
    const base = DEMO_TRACK_INPUTS[0]!;
    const broken = { ...base, version: base.version + 1, start: 'missing-step' };
    const rejected = applyTalkTracks(db, [{ id: base.id, version: base.version + 1, track: broken }], new Date());
    expect(rejected).toEqual([{ id: base.id, version: base.version + 1, message: expect.stringContaining('missing-step') }]);
    expect(readTalkTracks(db).find((t) => t.id === base.id)!.version).toBe(base.version);
    expect(talkTrackRejections(db)).toEqual([]);
  });

  it('forgets every cursor and the compliance time when another agent signs in', async () => {
    const { db, engine } = await world();
    await engine.syncNow();
    engine.reset();
    expect(complianceSyncedAt(db)).toBeNull();
    await engine.syncNow();
    expect(complianceSyncedAt(db)).not.toBeNull();
  });
});

describe('a pull of several pages', () => {
  it('tells the queue about every account it applied, also when a later page fails to arrive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-sync-pages-'));
    const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false });
    cleanups.push(() => server.close());
    const agent = (await server.store.findUserByUsername('collector2'))!;
    // 1,200 more accounts: with the demo's, three pages of 500 and a last one.
    await seedAccounts(server.store, 0, 1_200, () => ({ assignedTo: agent.id, teamId: agent.teamId! }), new Date().toISOString());
    const db = openDatabase(join(dir, 'console.db'));
    cleanups.push(() => db.close());
    let assignmentPages = 0;
    let failThird = true;
    const flaky: typeof fetch = async (input, init) => {
      if (new URL(String(input)).pathname === '/api/sync/pull' && ++assignmentPages === 3 && failThird) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const told = new Set<string>();
    const onPulled = (accountIds: string[]) => { for (const id of accountIds) told.add(id); };
    const engine = new SyncEngine({ db: () => db, fetch: flaky, serverUrl: () => server.url, deviceId: 'dev-1', now: () => new Date(), onPulled, sealer: () => new FileSealer(randomBytes(32)) }, 3_600_000);
    await signIn(db, { fetch, serverUrl: server.url, deviceId: 'dev-1' }, { username: 'collector2', password: 'demo1234' });
    const held = () => new Set(db.prepare('SELECT id FROM accounts').pluck().all() as string[]);

    expect((await engine.syncNow()).lastError).toMatch(/Cannot reach the central server/);
    expect(held().size).toBe(1_000); // the two pages that came are kept...
    expect(told).toEqual(held()); // ...and the queue has heard of each of their accounts

    failThird = false;
    expect((await engine.syncNow()).lastError).toBeNull();
    expect(held().size).toBeGreaterThan(1_200);
    expect(told).toEqual(held());
  });
});
