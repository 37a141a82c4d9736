// A week without the central server: two consoles keep logging (50k events between them, and
// 200 recorded calls on one), a cease is set centrally on one of the accounts in that week,
// then the server comes back. Everything arrives, in each device's order; the recordings
// arrive byte for byte; and once the console has pulled, the next dial on that account is
// refused for the cease.
//
// How the week is made: one clock, shared by the server and both consoles, starts a week ago and
// moves forward as the consoles log (a week in a few minutes). The clocks are honest: the server
// judges contacts by the device's time only when it is plausible (docs/sync.md "Arrival checks:
// whose clock"), and the week's calls, made long after the consoles last synced, must be judged
// by their own times. So the server runs in this process, on that clock (a server process on
// the real clock would see consoles whose clocks were a week behind when they last synced: a
// skewed device, whose calls it rightly judges at their receive time). The cease is set with
// the admin CLI, at the real now, which falls on the last day of the week; the calls of that
// last day come after it, so the server must flag them on arrival, and only them.
//
// Sessions: a console's session lasts as long as the server says (its expiresAt); the server
// here gives 8 days so the consoles can log all week (with the default 12 h a console cannot
// log past 12 h offline, since its session ends locally and cannot be renewed without the
// server: see findings.test.ts). When the server comes back, console A's session has been
// ended there (deleted here): its first sync is refused, the agent signs in again, and
// everything goes up then.
//
// Most of the events are appended with the core's own appendEvent on a second connection to
// the console's database (the function every logged event goes through): logging 50k through
// the whole API (queue re-rank, gate) takes minutes on a 2-core machine. The recorded calls,
// the calls on the ceased account, status changes and the dials go through the API.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type BetterSqlite3 from 'better-sqlite3';
import { expect, it } from 'vitest';
import { appendEvent } from '../../electron/core/store/events';
import type { EventBody } from '../../shared/domain/events';
import { startServer } from '../../server/app';
import { openStore } from '../../server/store/open';
import { createTestDatabase } from '../server/databases';
import { describeEachStore } from '../server/helpers';
import { openConsoleStore, readSealed } from '../support/console-store';
import { openConsole, type TestConsole } from './console';
import { FaultProxy } from './fault-proxy';
import { admin } from './processes';
import { type Rng, seeded } from './random';
import { eventsDiff, localDeviceId, localEvents, serverEvents, userId } from './state';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const EVENTS = Number(process.env.FAIRLINE_RELIABILITY_WEEK_EVENTS ?? 50_000);
const RECORDINGS = Number(process.env.FAIRLINE_RELIABILITY_WEEK_RECORDINGS ?? 200);

interface Callable { accountId: string; phoneId: string; number: string }

/** A second connection to a console's store (encrypted at rest: opened with the agent's password), for the bulk of the week's events. */
function bulkConnection(dataDir: string): BetterSqlite3.Database {
  const db = openConsoleStore(dataDir, { readonly: false });
  db.pragma('busy_timeout = 5000');
  return db;
}

async function callables(c: TestConsole, rng: Rng, n: number): Promise<Callable[]> {
  const page = await c.api('queue.page', { filter: {}, offset: 0, limit: 500 });
  const out: Callable[] = [];
  for (const row of page.rows) {
    if (out.length >= n) break;
    if (!rng.chance(0.5)) continue;
    const detail = await c.api('account.get', { accountId: row.accountId });
    // The debtor's own phone: a cease stops contact with the person who asked for it, not a third party's line.
    const debtor = detail.parties.find((p) => p.kind === 'debtor');
    const phone = detail.phones.find((p) => p.partyId === debtor?.id);
    const held = detail.holds.some((h) => h.liftedAt === null);
    if (phone && !held) out.push({ accountId: row.accountId, phoneId: phone.id, number: phone.number });
  }
  return out;
}

describeEachStore('a week offline', (kind) => {
  it(`brings ${EVENTS} events and ${RECORDINGS} recordings in order, and a cease set meanwhile blocks the next dial once pulled`, async () => {
    const rng = seeded(`week-offline ${kind}`);
    const started = Date.now();
    const database = await createTestDatabase(kind);
    const weekStart = Date.now() - 7 * DAY;
    let clock = weekStart;
    const now = () => new Date(clock);
    // The server's error lines (pino level 50 and up): a 5xx or an unexpected failure is a finding.
    const errors: string[] = [];
    const log = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          try {
            if (((JSON.parse(line) as { level?: number }).level ?? 0) >= 50) errors.push(line);
          } catch {
            errors.push(line);
          }
        }
        done();
      },
    });
    const blobDir = mkdtempSync(join(tmpdir(), 'fairline-reliability-blobs-'));
    const server = await startServer({
      ...database.location, blobDir, seedDemo: true, now, tokenTtlMs: 8 * DAY, logger: { level: 'warn', stream: log } as never,
    });
    const store = await openStore(database.location);
    const proxy = new FaultProxy(rng.fork('proxy'), Number(new URL(server.url).port));
    await proxy.listen();
    const consoles: TestConsole[] = [];
    const second: BetterSqlite3.Database[] = []; // the second connections to the consoles' stores
    try {
      const a = openConsole(proxy.url, { now });
      const b = openConsole(proxy.url, { now });
      consoles.push(a, b);
      await a.api('session.signIn', { username: 'collector1', password: 'demo1234' });
      await b.api('session.signIn', { username: 'collector2', password: 'demo1234' });
      for (const c of consoles) expect((await c.api('sync.now', {})).lastError).toBeNull();
      const users = { a: await userId(database, 'collector1'), b: await userId(database, 'collector2') };
      const callsA = await callables(a, rng, 41);
      const callsB = await callables(b, rng, 40);
      const ceased = callsA.pop()!; // the account the cease will be set on: clear of holds until then

      // Offline: every connection refused.
      proxy.offline = true;
      expect(await a.api('sync.now', {})).toMatchObject({ connected: false });

      const devices = [
        { name: 'a', console: a, user: users.a, calls: callsA, share: 0.8 },
        { name: 'b', console: b, user: users.b, calls: callsB, share: 0.2 },
      ].map((d) => ({ ...d, bulkDb: bulkConnection(d.console.dataDir) }));
      second.push(...devices.map((d) => d.bulkDb));
      const deviceIds = devices.map((d) => localDeviceId(d.console.dataDir));
      const throughApi: string[] = []; // ids of A's calls logged through the API, in order
      const recordings: { sha256: string; file: string; bytes: number }[] = [];
      const ceasedCalls = { before: [] as string[], after: [] as string[] };
      const bodyRng = rng.fork('bodies');
      let bulkN = 0;
      let bulkMs = 0;
      let recMs = 0;

      /** `n` events appended straight into a console's store, the clock moving on by `spanMs` over them. */
      function bulk(device: (typeof devices)[number], deviceId: string, n: number, spanMs: number): void {
        const db = device.bulkDb;
        const t0 = performance.now();
        db.transaction(() => {
          for (let i = 0; i < n; i++) {
            clock += Math.max(1, Math.floor(spanMs / Math.max(1, n)));
            const call = bodyRng.chance(0.4) ? bodyRng.pick(device.calls) : null;
            const at = new Date(clock).toISOString();
            const body: EventBody = call
              ? { type: 'call.attempt', callId: `bulk-${bulkN}`, direction: 'outbound', phoneId: call.phoneId, partyId: null, number: call.number,
                  result: 'no_answer', startedAt: at, answeredAt: null, endedAt: at, sipStatus: 480, recording: null }
              : { type: 'agent.status', status: bodyRng.chance(0.5) ? { state: 'available' } : { state: 'paused', reason: 'break' } };
            appendEvent(db, { deviceId, userId: device.user, accountId: call?.accountId ?? null, body, now: new Date(clock) });
            bulkN += 1;
          }
        })();
        bulkMs += performance.now() - t0;
      }

      async function recordedCall(i: number): Promise<void> {
        const call = bodyRng.pick(callsA);
        const callId = `rec-${i}`;
        const chunks = bodyRng.int(1, 3);
        for (let k = 0; k < chunks; k++) {
          await a.api('recording.append', { callId, seq: k, data: randomBytes(bodyRng.int(4, 32) * 1024).toString('base64') });
        }
        clock += 90_000;
        const startedAt = new Date(clock - 80_000).toISOString();
        const res = await a.api('call.logAttempt', {
          accountId: call.accountId, callId, direction: 'outbound', phoneId: call.phoneId, number: call.number, result: 'answered',
          startedAt, answeredAt: startedAt, endedAt: new Date(clock).toISOString(), sipStatus: 200, recordingDurationMs: 75_000,
        });
        throughApi.push(res.eventId);
        recordings.push({ sha256: res.recording!.sha256, file: join(a.dataDir, 'recordings', `${callId}.webm`), bytes: res.recording!.bytes });
      }

      async function callCeased(list: string[]): Promise<void> {
        clock += 60_000;
        const at = new Date(clock).toISOString();
        const res = await a.api('call.logAttempt', {
          accountId: ceased.accountId, callId: `ceased-${list.length}-${clock}`, direction: 'outbound', phoneId: ceased.phoneId, number: ceased.number,
          result: 'no_answer', startedAt: at, answeredAt: null, endedAt: at, sipStatus: 480, recordingDurationMs: null,
        });
        throughApi.push(res.eventId);
        list.push(res.eventId);
      }

      // Seven working days of 10 hours, each in 20 stretches: some events through the API, the
      // rest appended. Day 7 starts after the cease has been set (at the server's now).
      const accumulateStarted = Date.now();
      let ceaseHoldId = '';
      const SLOTS = 20;
      const apiPerDevice = { a: RECORDINGS + 14 + 140, b: 70 };
      for (let day = 0; day < 7; day++) {
        if (day === 6) {
          const set = await admin(database, ['hold', 'set', (await store.getAccount(ceased.accountId))!.account.ref, 'cease', '--note', 'Written request to stop, received by post']);
          expect(set.code, set.err).toBe(0);
          ceaseHoldId = /Set hold (\S+)/.exec(set.out)![1]!;
          const effectiveAt = (await database.query<{ effective_at: string }>(`select effective_at from holds where id = '${ceaseHoldId}'`))[0]!.effective_at;
          clock = Math.max(clock, Date.parse(effectiveAt) + 60_000);
        } else {
          clock = Math.max(clock, weekStart + day * DAY + HOUR);
        }
        for (let slot = 0; slot < SLOTS; slot++) {
          const stretch = (10 * HOUR) / SLOTS;
          const k = day * SLOTS + slot;
          // Console A: recorded calls spread over the week, the ceased account twice a day, status changes.
          const recTarget = Math.round(((k + 1) * RECORDINGS) / (7 * SLOTS));
          const r0 = performance.now();
          while (recordings.length < recTarget) await recordedCall(recordings.length);
          recMs += performance.now() - r0;
          if (slot === 3 || slot === 13) await callCeased(day === 6 ? ceasedCalls.after : ceasedCalls.before);
          await a.api('agent.setStatus', slot % 2 ? { state: 'available' } : { state: 'paused', reason: 'lunch' });
          if (slot % 2 === 0) await b.api('agent.setStatus', { state: 'paused', reason: 'training' });
          for (const [i, device] of devices.entries()) {
            const target = Math.round(((k + 1) * (EVENTS * device.share - apiPerDevice[device.name as 'a' | 'b'])) / (7 * SLOTS));
            const done = Math.round((k * (EVENTS * device.share - apiPerDevice[device.name as 'a' | 'b'])) / (7 * SLOTS));
            bulk(device, deviceIds[i]!, target - done, stretch / 2);
          }
        }
      }
      const accumulateMs = Date.now() - accumulateStarted;
      const counts = devices.map((d) => localEvents(d.console.dataDir).length);
      expect(counts[0]! + counts[1]!).toBeGreaterThanOrEqual(EVENTS);
      expect(recordings).toHaveLength(RECORDINGS);

      // Still offline: no dial on stale compliance data, and the console does not know of the cease.
      const before = await a.api('dial.authorize', { accountId: ceased.accountId, phoneId: ceased.phoneId });
      expect(before.outcome).toBe('blocked');
      expect(before.gate.reasons.map((r) => r.rule)).toContain('console.compliance_stale');
      expect(before.gate.reasons.filter((r) => r.rule.endsWith('hold.cease'))).toEqual([]);

      // The server is back. A's session was ended there meanwhile.
      clock += 5 * 60_000;
      await store.deleteExpiredSessions(users.a, new Date(Date.now() + 365 * DAY).toISOString());
      proxy.offline = false;
      const syncStarted = Date.now();
      await expect(a.api('sync.now', {})).resolves.toMatchObject({ lastError: expect.stringMatching(/sign in|Not signed in|expired/i) });
      await expect(a.api('sync.now', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await a.api('session.signIn', { username: 'collector1', password: 'demo1234' });

      // Both go up at once, through a network that drops the odd connection.
      proxy.faultRate = 0.03;
      const rounds: number[] = [];
      await Promise.all(consoles.map(async (c) => {
        for (let round = 1; ; round++) {
          const status = await c.api('sync.now', {});
          if (status.pendingEvents === 0 && status.lastError === null) {
            rounds.push(round);
            return;
          }
          if (round > 200) throw new Error(`still ${status.pendingEvents} events waiting after 200 syncs: ${status.lastError}`);
        }
      }));
      proxy.faultRate = 0;
      for (const c of consoles) expect(await c.api('sync.now', {})).toMatchObject({ pendingEvents: 0, lastError: null, connected: true });
      const syncMs = Date.now() - syncStarted;

      // Everything arrived, once, at its seq; in each device's order.
      for (const d of devices) expect(await eventsDiff(database, d.console.dataDir), `device ${d.name}`).toEqual([]);
      const storedA = await serverEvents(database, deviceIds[0]!);
      for (const id of deviceIds) {
        const stored = await serverEvents(database, id);
        const times = stored.map((e) => Date.parse(e.deviceTime));
        expect(times.every((t, i) => i === 0 || t >= times[i - 1]!), 'device times in seq order').toBe(true);
      }
      const apiIds = new Set(throughApi);
      expect(storedA.filter((e) => apiIds.has(e.id)).map((e) => e.id)).toEqual(throughApi);

      // The recordings, byte for byte.
      const blobs = new Map((await database.query<{ sha256: string; stored_at: string | null; length: number | string }>(
        'select sha256, stored_at, length from blobs')).map((r) => [r.sha256, r]));
      const missing: string[] = [];
      for (const r of recordings) {
        const local = readSealed(a.dataDir, r.file); // sealed at rest on the console
        expect(createHash('sha256').update(local).digest('hex')).toBe(r.sha256);
        const row = blobs.get(r.sha256);
        if (!row?.stored_at || Number(row.length) !== r.bytes) {
          missing.push(`${r.sha256} ${row ? `received, not stored (${JSON.stringify(row)})` : 'not on the server'}`);
          continue;
        }
        const onServer = readFileSync(join(blobDir, r.sha256.slice(0, 2), r.sha256));
        if (!onServer.equals(local)) missing.push(`${r.sha256}: the server's bytes differ`);
      }
      expect(missing, 'recordings not on the server byte for byte').toEqual([]);

      // The cease, pulled: the next dial is refused for it.
      const after = await a.api('dial.authorize', { accountId: ceased.accountId, phoneId: ceased.phoneId });
      expect(after.outcome).toBe('blocked');
      expect(after.gate.reasons.filter((r) => r.rule.endsWith('hold.cease')), JSON.stringify(after.gate.reasons)).toHaveLength(1);
      expect(after.gate.reasons.map((r) => r.rule)).not.toContain('console.compliance_stale');
      // And the calls made on that account after it was set, unknowing, are flagged on arrival: those, and only those.
      const flagged = await database.query<{ event_id: string }>(`select event_id from violations where hold_id = '${ceaseHoldId}' order by event_id`);
      expect(flagged.map((r) => r.event_id)).toEqual([...ceasedCalls.after].sort());
      // Honest clocks: every event of the week was judged by its own time, and no console was taken for a skewed one.
      const judgedAtReceipt = await database.query<{ n: number | string }>('select count(*) as n from events where checked_at is distinct from device_time');
      expect(Number(judgedAtReceipt[0]!.n)).toBe(0);
      expect(await database.query("select device_id, detail from security_events where kind = 'device.skewed'")).toEqual([]);

      expect(proxy.fivexx(), 'answers with a 5xx').toBe(0);
      expect(errors, 'errors in the server log').toEqual([]);
      console.log(`[reliability] week-offline ${kind}: ${counts.join(' + ')} events and ${recordings.length} recordings `
        + `(${recordings.reduce((n, r) => n + r.bytes, 0)} bytes) accumulated in ${accumulateMs} ms (appending ${Math.round(bulkMs)} ms, recorded calls ${Math.round(recMs)} ms), synced in ${syncMs} ms `
        + `(${rounds.join('/')} sync runs), ${proxy.totalFaults()} faults ${JSON.stringify(proxy.faults)}; ${Math.round((Date.now() - started) / 1000)} s`);
      console.log(`[reliability] faults injected: week-offline ${kind}: ${proxy.totalFaults()}`);
    } finally {
      for (const db of second) db.close();
      for (const c of consoles) c.close();
      await proxy.close();
      await server.close();
      rmSync(blobDir, { recursive: true, force: true });
      await store.close();
      await database.drop();
    }
  }, 600_000);
});
