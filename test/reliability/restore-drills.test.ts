// The central store goes back in time and nothing a console was told is stored is lost:
// - a server that lost the events past a device's cursor (what a restore does to it), on both stores;
// - PostgreSQL restored from a pg_dump taken earlier, while consoles went on working;
// - a failover to a streaming replica (pg_basebackup) that had fallen behind, promoted mid-load.
// Each time the consoles notice, send again what the server lost (events and recordings), say so
// in their status, and the server ends up with exactly their logs. docs/sync.md "Restore and failover".
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../server/databases';
import { describeEachStore } from '../server/helpers';
import { openConsole, type TestConsole } from './console';
import { clusterUnavailable, PgCluster } from './pg-cluster';
import { freePort } from './processes';
import { eventsDiff, localDeviceId } from './state';

const AT = '2026-11-24T02:00:00.000Z';

/** A change made behind the server's back, as a restore would leave the database. */
async function execute(database: TestDatabase, statements: string[]): Promise<void> {
  if (database.kind === 'sqlite') {
    const db = new BetterSqlite3(database.location.databaseFile!);
    try {
      for (const s of statements) db.prepare(s).run();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: database.location.databaseUrl });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

/** Events that cost nothing to make: the agent's status, back and forth. */
async function work(c: TestConsole, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await c.api('agent.setStatus', i % 2 ? { state: 'available' } : { state: 'paused', reason: 'break' });
}

/** A call with its recording, as the softphone logs one; the recording's hash. */
async function recordedCall(c: TestConsole, callId: string): Promise<string> {
  await c.api('recording.append', { callId, seq: 0, data: randomBytes(50_000).toString('base64') });
  const logged = await c.api('call.logAttempt', {
    accountId: null, callId, direction: 'outbound', phoneId: null, number: '+12125550142', result: 'answered',
    startedAt: AT, answeredAt: AT, endedAt: AT, sipStatus: 200, recordingDurationMs: 5_000,
  });
  return logged.recording!.sha256;
}

async function signedIn(serverUrl: string, username: string): Promise<TestConsole> {
  const c = openConsole(serverUrl);
  await c.api('session.signIn', { username, password: 'demo1234' });
  expect((await c.api('sync.now', {})).lastError).toBeNull();
  return c;
}

/** Syncs until nothing is pending (a big re-send takes a few runs' worth of batches, but one run sends them all). */
async function drained(c: TestConsole) {
  const status = await c.api('sync.now', {});
  expect(status).toMatchObject({ lastError: null, pendingEvents: 0, pendingRecordings: 0 });
  return status;
}

/** Every recording named is stored on the server (its row says so) and its file hashes to its name. */
async function recordingsDiff(database: TestDatabase, blobDir: string, hashes: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const sha256 of hashes) {
    const rows = await database.query<{ stored_at: string | null }>(`select stored_at from blobs where sha256 = '${sha256}'`);
    if (!rows[0]?.stored_at) out.push(`recording ${sha256} is not stored on the server`);
    else if (createHash('sha256').update(readFileSync(join(blobDir, sha256.slice(0, 2), sha256))).digest('hex') !== sha256) out.push(`recording ${sha256} differs on the server`);
  }
  return out;
}

describeEachStore('a server that lost the events past a device’s cursor', (kind) => {
  it('gets them again, and the 800 new ones too, and the status says what happened', { timeout: 120_000 }, async () => {
    const database = await createTestDatabase(kind);
    const server = await startServer({ ...database.location, blobDir: mkdtempSync(join(tmpdir(), 'fairline-drill-blobs-')), seedDemo: true, logger: false });
    const c = await signedIn(server.url, 'collector1');
    try {
      await work(c, 1000);
      await drained(c);
      const deviceId = localDeviceId(c.dataDir);
      const confirmed = Number((await database.query<{ last_seq: string }>(`select last_seq from device_cursors where device_id = '${deviceId}'`))[0]!.last_seq);
      // What the issue did by hand: the server forgets everything above 700.
      await execute(database, [
        `delete from events where device_id = '${deviceId}' and seq > 700`,
        `update device_cursors set last_seq = 700 where device_id = '${deviceId}'`,
      ]);
      await work(c, 800); // more than one push batch
      const status = await drained(c);
      expect(status.recovery).toMatchObject({ reason: 'behind', serverHadSeq: 700, confirmedSeq: confirmed, resentEvents: confirmed - 700 });
      expect(await eventsDiff(database, c.dataDir)).toEqual([]);
    } finally {
      c.close();
      await server.close();
      await database.drop();
    }
  });
});

const pgDrills = TEST_DATABASE_URL ? describe : describe.skip;
if (!TEST_DATABASE_URL) console.warn('\n*** PostgreSQL restore and failover drills SKIPPED: FAIRLINE_TEST_DATABASE_URL is not set ***\n');

pgDrills('PostgreSQL restored from a dump', () => {
  it('every console re-sends what the restore lost; events and recordings then match exactly', { timeout: 180_000 }, async () => {
    const database = await createTestDatabase('postgres');
    const url = database.location.databaseUrl!;
    const blobDir = mkdtempSync(join(tmpdir(), 'fairline-drill-blobs-'));
    const dumpDir = mkdtempSync(join(tmpdir(), 'fairline-drill-dump-'));
    const port = await freePort();
    let server = await startServer({ databaseUrl: url, blobDir, port, seedDemo: true, logger: false });
    const consoles = [await signedIn(server.url, 'collector1'), await signedIn(server.url, 'collector2')];
    const recordings: string[] = [];
    try {
      for (const [i, c] of consoles.entries()) {
        await work(c, 300);
        recordings.push(await recordedCall(c, `before-${i}`));
        await drained(c);
      }
      // T1: the nightly backup.
      const dump = join(dumpDir, 'fairline.dump');
      execFileSync('pg_dump', ['-Fc', '-f', dump, url]);

      // The day goes on: both consoles log and send more, with recordings.
      for (const [i, c] of consoles.entries()) {
        await work(c, 200 + 100 * i);
        recordings.push(await recordedCall(c, `after-${i}`));
        await drained(c);
      }

      // The database is lost and restored from T1, into a new database of the same name.
      await server.close();
      const name = new URL(url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database ${name} with (force)`);
      await admin.query(`create database ${name}`);
      await admin.end();
      execFileSync('pg_restore', ['--no-owner', '-d', url, dump]);
      server = await startServer({ databaseUrl: url, blobDir, port, logger: false });

      for (const c of consoles) {
        const status = await drained(c);
        expect(status.recovery).toMatchObject({ reason: 'epoch' });
        expect(status.recovery!.resentEvents).toBeGreaterThan(200);
        expect(await eventsDiff(database, c.dataDir)).toEqual([]);
      }
      expect(await recordingsDiff(database, blobDir, recordings)).toEqual([]);
    } finally {
      for (const c of consoles) c.close();
      await server.close();
      await database.drop();
      rmSync(dumpDir, { recursive: true, force: true });
      rmSync(blobDir, { recursive: true, force: true });
    }
  });
});

const unavailable = clusterUnavailable();
const failoverDrill = TEST_DATABASE_URL && !unavailable ? describe : describe.skip;
if (TEST_DATABASE_URL && unavailable) console.warn(`\n*** PostgreSQL failover drill SKIPPED: ${unavailable} ***\n`);

failoverDrill('PostgreSQL failover to a replica that fell behind', () => {
  it('the promoted replica gets from the console everything the old primary had confirmed', { timeout: 180_000 }, async () => {
    const primary = await PgCluster.create(await freePort());
    let replica: PgCluster | null = null;
    const blobDir = mkdtempSync(join(tmpdir(), 'fairline-drill-blobs-'));
    const port = await freePort();
    let server: RunningServer | null = null;
    let c: TestConsole | null = null;
    try {
      await primary.sql('create database fairline');
      server = await startServer({ databaseUrl: primary.url('fairline'), blobDir, port, seedDemo: true, logger: false });
      c = await signedIn(server.url, 'collector1');
      replica = await primary.replica(await freePort());
      await work(c, 300);
      await drained(c);
      // Wait until the replica has replayed all of that, then cut it off: from here it falls behind.
      for (;;) {
        const [lag] = await primary.sql<{ behind: boolean }>("select coalesce(bool_or(replay_lsn < pg_current_wal_lsn()), true) as behind from pg_stat_replication");
        if (!lag!.behind) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await replica.detach();

      // Under load: the console goes on logging and pushing to the primary, which confirms it all.
      await work(c, 400);
      expect((await drained(c)).pendingEvents).toBe(0);
      let loading = true;
      const load = (async () => {
        while (loading) {
          await work(c!, 5);
          await c!.api('sync.now', {}); // fails while the database is away: the events wait
        }
      })();

      // Mid-load, the primary dies; the replica is promoted and the server pointed at it.
      await new Promise((r) => setTimeout(r, 300));
      await primary.stop();
      await server.close();
      await replica.promote();
      server = await startServer({ databaseUrl: replica.url('fairline'), blobDir, port, logger: false });
      await new Promise((r) => setTimeout(r, 500));
      loading = false;
      await load;
      const status = await drained(c);
      expect(status.recovery).toMatchObject({ reason: 'epoch' });
      expect(status.recovery!.resentEvents).toBeGreaterThanOrEqual(400); // everything after the replica fell behind
      const onReplica: TestDatabase = {
        kind: 'postgres', location: { databaseUrl: replica.url('fairline') }, env: {},
        query: (text) => replica!.sql(text, 'fairline'), drop: async () => undefined,
      };
      expect(await eventsDiff(onReplica, c.dataDir)).toEqual([]);
    } finally {
      c?.close();
      await server?.close();
      await replica?.destroy();
      await primary.destroy();
      rmSync(blobDir, { recursive: true, force: true });
    }
  });
});
