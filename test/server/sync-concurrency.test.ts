// Many things at once, as on a busy morning: devices pushing overlapping and repeated batches
// in parallel while holds change and an agent pulls page by page. On PostgreSQL these really
// run concurrently (a pool of connections); on SQLite they are serialised, and must give the
// same answers.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClientEvent } from '../../shared/domain/events';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { PullResponse, PushResponse } from '../../shared/sync/protocol';
import { NOW, type TestServer, call, clientEvent, describeEachStore, login, startTestServer } from './helpers';

const DEVICES = 5;
const EVENTS_PER_DEVICE = 100;
const BATCH = 25;
const HELD = 60;
const PULLERS = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fixed shuffle (so a failure can be replayed) of the work items. */
function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describeEachStore('concurrent sync', (kind) => {
  let server: TestServer;
  let adminToken: string;
  const devices: { id: string; token: string; userId: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    adminToken = (await login(server.url, 'admin')).token;
    for (let d = 0; d < DEVICES; d++) {
      const session = await login(server.url, 'collector1', `busy-device-${d}`);
      devices.push({ id: `busy-device-${d}`, token: session.token, userId: session.user.id });
    }
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  const push = (device: (typeof devices)[number], events: ClientEvent[]) =>
    call<PushResponse>(server.url, '/api/sync/push', { token: device.token, body: { deviceId: device.id, events } });

  async function pullPage(cursor: number): Promise<PullResponse> {
    const reply = await call(server.url, `/api/sync/pull?cursor=${cursor}&limit=7`, { token: adminToken });
    expect(reply.status).toBe(200);
    return PullResponse.parse(reply.body);
  }

  /** Pulls every page after `from`, keeping the newest copy of each account in `into`. */
  async function pullAll(from: number, into = new Map<string, AccountBundle>()): Promise<{ cursor: number; into: typeof into }> {
    let cursor = from;
    for (let more = true; more;) {
      const page = await pullPage(cursor);
      expect(page.cursor).toBeGreaterThanOrEqual(cursor);
      for (const b of page.accounts) into.set(b.account.id, b);
      cursor = page.cursor;
      more = page.hasMore;
    }
    return { cursor, into };
  }

  it('stores every event exactly once and pulls every change, with nothing skipped', async () => {
    const eventsBefore = (await server.store.counts()).events;
    const { cursor: cursorBefore, into: everything } = await pullAll(0);

    // 20 batches (4 per device) plus 10 repeats: a whole batch again, and one straddling two.
    const work: { device: (typeof devices)[number]; events: ClientEvent[] }[] = [];
    for (const device of devices) {
      const events = Array.from({ length: EVENTS_PER_DEVICE }, (_, i) => clientEvent(i + 1, device.userId, device.id));
      for (let i = 0; i < EVENTS_PER_DEVICE; i += BATCH) work.push({ device, events: events.slice(i, i + BATCH) });
      work.push({ device, events: events.slice(0, BATCH) });
      work.push({ device, events: events.slice(BATCH / 2, BATCH * 2 + 3) });
    }

    // Holds placed on 60 accounts and some lifted again, spread over a few tens of
    // milliseconds so that they commit while agents are in the middle of pulling.
    const targets = [...everything.values()].slice(0, HELD).map((b) => b.account.id);
    const changes = targets.map(async (accountId, i) => {
      await sleep((i * 7) % 50);
      const hold = await server.store.setHold({
        id: `busy-hold-${i}`, accountId, kind: 'dispute', note: `busy ${i}`, effectiveAt: NOW.toISOString(),
      }, NOW.toISOString());
      if (i % 3 === 0) await server.store.liftHold(hold.id, NOW.toISOString());
    });

    let writing = true;
    const pullers = Array.from({ length: PULLERS }, async () => {
      // Keeps pulling while the writes go on, then once more after they have all committed.
      const seen = new Map<string, AccountBundle>();
      let cursor = cursorBefore;
      for (let last = false; ; last = !writing) {
        cursor = (await pullAll(cursor, seen)).cursor;
        if (last) return seen;
      }
    });

    const pushes = Promise.all(shuffled(work).map((w) => push(w.device, w.events)));
    const [replies] = await Promise.all([pushes, ...changes]);
    writing = false;
    const seenByPuller = await Promise.all(pullers);

    // Exactly once: 500 new rows. Each device's stored cursor is at 100 as the pushes left it
    // (the last push to commit saw all the others: none computed from a stale cursor), and
    // one of the answers said so.
    expect(replies.filter((r) => r.status !== 200)).toEqual([]);
    expect((await server.store.counts()).events - eventsBefore).toBe(DEVICES * EVENTS_PER_DEVICE);
    const cursors = await server.database.query<{ device_id: string; last_seq: number | string }>(
      "select device_id, last_seq from device_cursors where device_id like 'busy-device-%' order by device_id");
    expect(cursors.map((r) => [r.device_id, Number(r.last_seq)])).toEqual(devices.map((d) => [d.id, EVENTS_PER_DEVICE]));
    expect(Math.max(...replies.map((r) => r.body.lastSeq))).toBe(EVENTS_PER_DEVICE);
    for (const device of devices) expect((await push(device, [])).body).toEqual({ lastSeq: EVENTS_PER_DEVICE });
    const perDevice = await server.database.query<{ device_id: string; n: number | string; seqs: number | string }>(
      "select device_id, count(*) as n, count(distinct seq) as seqs from events where device_id like 'busy-device-%' group by device_id");
    expect(perDevice.map((r) => [Number(r.n), Number(r.seqs)])).toEqual(Array(DEVICES).fill([EVENTS_PER_DEVICE, EVENTS_PER_DEVICE]));

    // Nothing skipped: what the agent assembled page by page during the writes is what a
    // fresh pull of the final state gives, for every account that changed.
    const { into: final } = await pullAll(cursorBefore);
    expect(new Set(final.keys())).toEqual(new Set(targets));
    for (const seen of seenByPuller) for (const id of targets) expect(seen.get(id), id).toEqual(final.get(id));
    expect(targets.every((id, i) => final.get(id)!.holds.some((h) => h.id === `busy-hold-${i}` && (h.liftedAt !== null) === (i % 3 === 0))))
      .toBe(true);
  }, 60_000);

  // The race above is timing-dependent; this pins it down. A writer holds version v open
  // (as a slow request would), a second change comes in, and a pull meanwhile must not hand
  // out a cursor past v: otherwise v would commit behind the agent's cursor and never reach it.
  if (kind === 'postgres') {
    it('never lets a cursor pass a version that is still being written', async () => {
      const { cursor: c0, into: all } = await pullAll(0);
      const [slow, quick] = [...all.values()].slice(-2).map((b) => b.account.id);
      const writer = new pg.Client({ connectionString: server.database.location.databaseUrl });
      await writer.connect();
      try {
        await writer.query('begin');
        const { rows } = await writer.query<{ value: string }>(
          "update counters set value = value + 1 where name = 'account_version' returning value");
        await writer.query("update accounts set version = $1, updated_at = 'slow' where id = $2", [rows[0]!.value, slow]);

        const held = server.store.setHold({ id: 'quick-hold', accountId: quick!, kind: 'cease', note: 'q', effectiveAt: NOW.toISOString() },
          NOW.toISOString());
        await sleep(100); // gives the quick change every chance to commit first, were it allowed to
        const during = await pullAll(c0);
        expect([...during.into.keys()]).toEqual([]);
        expect(during.cursor).toBe(c0);

        await writer.query('commit');
        await held;
        const after = await pullAll(during.cursor);
        expect([...after.into.keys()]).toEqual([slow, quick]);
      } finally {
        await writer.end();
      }
    });
  }
});
