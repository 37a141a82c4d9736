// Field visits in the core, against a real central server: the route pulled before going out,
// check-in through the gate (two collectors in China), the outcome with photos and a promise,
// all logged offline, and everything arriving once the server is back.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { type RunningServer, startServer } from '../../server/app';
import { DEMO_ROUTE_LENGTH } from '../../server/seed/demo';
import { TEST_KDF } from '../support/console-store';

// Tuesday 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PAIR = [{ name: '张伟', staffId: 'F-1001' }, { name: '刘洋', staffId: 'F-1002' }];

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-visits-'));
  const clock = { now: NOW };
  const now = () => clock.now;
  const serve = async (port = 0): Promise<RunningServer> => {
    const s = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now, port });
    cleanups.push(() => s.close().catch(() => undefined));
    return s;
  };
  const server = await serve();
  const core: Core = createCore({ dataDir: join(dir, 'console'), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, { now, syncIntervalMs: 3_600_000, kdf: TEST_KDF });
  cleanups.push(() => core.close());
  const h = core.handlers;
  await h['session.signIn']({ username: 'field', password: 'demo1234' });
  await h['sync.now']({});
  return { server, serve, core, h, clock, port: Number(new URL(server.url).port) };
}

/** Hands a file to the core in one chunk, as the renderer's stageFile does for small files. */
async function stage(h: Core['handlers'], bytes: Buffer): Promise<string> {
  const uploadId = randomUUID();
  await h['files.stage']({ uploadId, offset: 0, data: bytes.toString('base64') });
  return uploadId;
}

describe('field visits', { timeout: 30_000 }, () => {
  it('brings the day’s route with addresses, and the gate asks for two collectors', async () => {
    const { h } = await world();
    const route = await h['visits.route']({});
    expect(route.date).toBe('2026-11-24');
    expect(route.stops).toHaveLength(DEMO_ROUTE_LENGTH);
    expect(route.stops.map((s) => s.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(route.missing).toBe(0);
    expect(route.dataAsOf).toBe(NOW.toISOString());
    expect(route.lastAttendees).toEqual([{ name: '张伟', staffId: 'field' }]);
    for (const stop of route.stops) {
      expect(stop.address.length).toBeGreaterThan(4);
      expect(stop.visit).toBeNull();
      // Only the agent is named before any check-in: the cn pack's staffing rule blocks.
      expect(stop.gate.decision).toBe('block');
      expect(stop.gate.reasons.map((r) => r.rule)).toContain('cn.visit.collectors');
    }
  });

  it('refuses a check-in with one collector and logs the refusal; allows it with two', async () => {
    const { h } = await world();
    const [stop] = (await h['visits.route']({})).stops;
    const alone = await h['visits.checkIn']({ accountId: stop!.accountId, location: { kind: 'typed', place: '小区门口' }, attendees: [PAIR[0]!] });
    expect(alone.ok).toBe(false);
    expect(alone.gate.reasons).toEqual([expect.objectContaining({ rule: 'cn.visit.collectors', messageKey: 'visitCollectors', params: expect.objectContaining({ min: 2, count: 1 }) })]);
    const timeline = (await h['account.get']({ accountId: stop!.accountId })).timeline;
    expect(timeline.find((i) => i.source === 'local')).toMatchObject({ kind: 'visit.refused', result: 'refused' });

    const both = await h['visits.checkIn']({ accountId: stop!.accountId, location: { kind: 'gps', latitude: 31.23, longitude: 121.47, accuracyM: 12 }, attendees: PAIR });
    expect(both.ok).toBe(true);
    const route = await h['visits.route']({});
    expect(route.stops[0]!.visit).toMatchObject({ state: 'checked_in', attendees: PAIR });
    // The pair is remembered for the next stop, whose gate now allows the visit.
    expect(route.lastAttendees).toEqual(PAIR);
    expect(route.stops[1]!.gate.decision).not.toBe('block');
    await expect(h['visits.checkIn']({ accountId: stop!.accountId, location: { kind: 'typed', place: 'x' }, attendees: PAIR }))
      .rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('already open') });
  });

  it('refuses visits at night in Beijing, naming when they may start', async () => {
    const { h, clock } = await world();
    clock.now = new Date('2026-11-24T14:30:00Z'); // 22:30 in Shanghai
    await h['session.signIn']({ username: 'field', password: 'demo1234' }); // a new day's session
    const [stop] = (await h['visits.route']({})).stops;
    const r = await h['visits.checkIn']({ accountId: stop!.accountId, location: { kind: 'typed', place: '楼下' }, attendees: PAIR });
    expect(r.ok).toBe(false);
    expect(r.gate.reasons.map((x) => x.rule)).toContain('cn.visit_hours');
    expect(r.gate.allowedFrom).toBe('2026-11-25T00:00:00.000Z'); // 08:00 the next morning
  });

  it('logs the visit offline, photos included, and sends it all once the server is back', async () => {
    const { h, server, serve, port } = await world();
    const [stop] = (await h['visits.route']({})).stops;
    await server.close(); // the agent goes out of coverage

    const { visitId } = await h['visits.checkIn']({ accountId: stop!.accountId, location: { kind: 'typed', place: '3号楼' }, attendees: PAIR }) as { visitId: string };
    const photo = await h['visits.attachPhoto']({ name: 'door.png', uploadId: await stage(h, PNG) });
    expect(photo).toMatchObject({ bytes: PNG.length, type: 'image/png', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await expect(h['visits.attachPhoto']({ name: 'notes.txt', uploadId: await stage(h, Buffer.from('hello')) }))
      .rejects.toMatchObject({ code: 'VALIDATION', message: 'notes.txt is not a JPEG, PNG or WebP photo' });

    await expect(h['visits.checkOut']({ visitId, outcome: 'promise_to_pay', promise: { amountMinor: 500_00, dueDate: '2026-11-28' }, plan: null, note: '再不还钱就让你坐牢', photos: [photo] }))
      .rejects.toMatchObject({ code: 'VALIDATION', issues: [expect.objectContaining({ path: 'note.phrases' })] });
    await expect(h['visits.checkOut']({ visitId, outcome: 'promise_to_pay', promise: { amountMinor: 500_00, dueDate: '2026-02-30' }, plan: null, note: '', photos: [] }))
      .rejects.toMatchObject({ code: 'VALIDATION', issues: [expect.objectContaining({ path: 'promise.dueDate' })] });
    await h['visits.checkOut']({ visitId, outcome: 'promise_to_pay', promise: { amountMinor: 500_00, dueDate: '2026-11-28' }, plan: null, note: '本人在家，承诺周六还款', photos: [photo] });
    await expect(h['visits.checkOut']({ visitId, outcome: 'not_home', promise: null, plan: null, note: '', photos: [] }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });

    const route = await h['visits.route']({});
    expect(route.stops[0]!.visit).toMatchObject({ state: 'done', outcome: 'promise_to_pay' });
    const offline = await h['sync.now']({});
    expect(offline.connected).toBe(false);
    expect(offline.pendingEvents).toBe(3); // check-in, the refused note's flag, the outcome

    const back = await serve(port);
    const synced = await h['sync.now']({});
    expect(synced).toMatchObject({ connected: true, pendingEvents: 0 });
    const stored = await back.store.counts();
    expect(stored.events).toBe(3);
    // The photo went up with the sync, verified against its hash.
    expect(await back.store.getBlob(photo.sha256)).toMatchObject({ kind: 'photo', length: PNG.length, storedAt: expect.any(String) });

    // The centre now sends the visit back as history with the account: this console logged it,
    // so it is not counted twice.
    const account = (await back.store.getAccount(stop!.accountId))!.account;
    expect((await back.store.getAccount(stop!.accountId))!.history.filter((x) => x.kind === 'visit' && x.actor === '张伟' && x.result === 'promise_to_pay')).toHaveLength(1);
    await back.store.assignAccount(account.id, { assignedTo: account.assignedTo, teamId: account.teamId }, NOW.toISOString());
    await h['sync.now']({});
    const timeline = (await h['account.get']({ accountId: stop!.accountId })).timeline;
    expect(timeline.filter((i) => i.kind === 'visit.outcome' || (i.kind === 'visit' && i.result === 'promise_to_pay'))).toEqual([
      expect.objectContaining({ kind: 'visit.outcome', source: 'local' }),
    ]);
  });

  it('shows no route to a console whose agent has none', async () => {
    const { core } = await world();
    await core.handlers['session.signOut']({});
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    expect(await core.handlers['visits.route']({})).toMatchObject({ date: null, stops: [], dates: [] });
  });
});
