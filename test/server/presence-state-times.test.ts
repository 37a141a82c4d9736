// Time in each presence state, stored in the database (migration 0008, docs/presence.md "State
// times"): a restarted server still has the day's figures; with several instances on one
// PostgreSQL database each state is written once, by the instance holding the agent's socket,
// and every instance answers the same; the state of an agent whose instance was lost is written
// by the instance they come back to.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type AgentPresence, BoardFiguresResponse, type PresenceState } from '../../shared/presence/protocol';
import { type RunningServer, type ServerOptions, startServer } from '../../server/app';
import { PRESENCE_CHANNEL } from '../../server/presence/bus';
import { sliceRows } from '../../server/presence/state-time';
import { type TestDatabase, NOW, call, createTestDatabase, describeEachStore, loginAll } from './helpers';
import { PresenceClient, agentState } from './presence-client';

const presence: ServerOptions['presence'] = { instanceHeartbeatMs: 200, instanceTimeoutMs: 1_000, sweepMs: 100 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const today = () => new Date().toISOString().slice(0, 10);

it('splits a state over the slices it covers', () => {
  const q = 15 * 60_000;
  const from = Date.parse('2026-03-01T15:50:00Z');
  expect(sliceRows('a', 'on_call', from, from + 30 * 60_000, q)).toEqual([
    { agentId: 'a', sliceStart: '2026-03-01T15:45:00.000Z', state: 'on_call', ms: 10 * 60_000 },
    { agentId: 'a', sliceStart: '2026-03-01T16:00:00.000Z', state: 'on_call', ms: q },
    { agentId: 'a', sliceStart: '2026-03-01T16:15:00.000Z', state: 'on_call', ms: 5 * 60_000 },
  ]);
  expect(sliceRows('a', 'paused', from, from, q)).toEqual([]);
});

describeEachStore('live board state times', (kind) => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];
  const open: PresenceClient[] = [];
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  const start = async (extra: Partial<ServerOptions> = {}) => {
    const s = await startServer({ ...database.location, logger: { level: 'warn' }, now: () => NOW, presence, ...extra });
    servers.push(s);
    return s;
  };
  const track = <T extends PresenceClient>(c: T) => { open.push(c); return c; };
  const stateMs = async (server: RunningServer, username = 'collector1', date = today(), tz = 'UTC') => {
    const reply = await call(server.url, `/api/board/figures?date=${date}&tz=${encodeURIComponent(tz)}`, { token: tokens.lead });
    expect(reply.status).toBe(200);
    return BoardFiguresResponse.parse(reply.body).agents.find((a) => a.agentId === ids[username])!.stateMs;
  };
  const stored = async () => {
    const rows = await database.query<{ agent_id: string; state: string; ms: number | string }>('select agent_id, state, ms from presence_state_times');
    const out: Partial<Record<PresenceState, number>> = {};
    for (const r of rows) if (r.agent_id === ids.collector1) out[r.state as PresenceState] = (out[r.state as PresenceState] ?? 0) + Number(r.ms);
    return out;
  };
  const seen = (board: PresenceClient, state: PresenceState, timeout?: number) =>
    board.next<{ type: 'presence'; agent: AgentPresence }>((m) => m.type === 'presence' && m.agent.agentId === ids.collector1 && m.agent.state === state, timeout);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const first = await start({ seedDemo: true });
    const signedIn = await loginAll(first.url, ['collector1', 'lead']);
    Object.assign(tokens, signedIn.tokens);
    Object.assign(ids, signedIn.ids);
  }, 60_000);
  afterEach(async () => { await Promise.all(open.splice(0).map((c) => c.close())); });
  afterAll(async () => {
    for (const s of servers.reverse()) await s.close().catch(() => {});
    await database?.drop();
  });

  it('keeps the day’s state times across a restart', async () => {
    const first = servers[0]!;
    const agent = track(await PresenceClient.open(first.url, tokens.collector1!));
    const board = track(await PresenceClient.board(first.url, tokens.lead!));
    const t0 = Date.now();
    agent.send(agentState('available'));
    await seen(board, 'available');
    await sleep(300);
    agent.send(agentState('wrap_up'));
    await seen(board, 'wrap_up');
    const t1 = Date.now();
    await sleep(200);
    const before = await stateMs(first);
    expect(before.available).toBeGreaterThanOrEqual(250);
    expect(before.available).toBeLessThanOrEqual(t1 - t0);
    expect(before.wrap_up).toBeGreaterThanOrEqual(150); // still going on: counted up to the request

    // Shutting down takes the agent offline and writes the wrap-up that ended.
    await first.close();
    await agent.closed;
    const second = await start();
    const after = await stateMs(second);
    expect(after.available).toBe(before.available);
    expect(after.wrap_up).toBeGreaterThanOrEqual(before.wrap_up);
    expect(after.wrap_up).toBeLessThan(before.wrap_up + 1_000);
    expect(await stored()).toEqual({ available: after.available, wrap_up: after.wrap_up });
    // The figures of another day, or of a zone whose day has not begun, do not count it.
    expect((await stateMs(second, 'collector1', '2020-01-01')).available).toBe(0);
    // Boards on the new instance see it too, once the agent is back.
    const back = track(await PresenceClient.open(second.url, tokens.collector1!));
    const board2 = track(await PresenceClient.board(second.url, tokens.lead!));
    back.send(agentState('paused', { pauseReason: 'lunch' }));
    await seen(board2, 'paused');
    await sleep(100);
    const resumed = await stateMs(second);
    expect(resumed.available).toBe(after.available);
    expect(resumed.paused).toBeGreaterThanOrEqual(50);
  });

  // Several instances share a database only on PostgreSQL (SQLite is one process's file): asked there alone.
  if (kind === 'postgres') it('writes each state once with two instances, and every instance answers the same', async () => {
    const a = servers.at(-1)!;
    const b = await start();
    const before = await stored();
    const board = track(await PresenceClient.board(b.url, tokens.lead!));
    const agent = track(await PresenceClient.open(a.url, tokens.collector1!));
    const t0 = Date.now();
    agent.send(agentState('on_call', { step: 'two-instances' }));
    await seen(board, 'on_call');
    await sleep(400);
    agent.send(agentState('available'));
    await seen(board, 'available');
    const t1 = Date.now();
    await sleep(200);
    const added = (await stored()).on_call! - (before.on_call ?? 0);
    // Once, by A (which holds the socket), not by B as well.
    expect(added).toBeGreaterThanOrEqual(350);
    expect(added).toBeLessThanOrEqual(t1 - t0);
    const [onA, onB] = await Promise.all([stateMs(a), stateMs(b)]);
    expect(onB.on_call).toBe(onA.on_call);
    expect(Math.abs(onB.available - onA.available)).toBeLessThan(300); // the open state, counted to each answer

    // An instance that stops answering: its agent's call was never written by it. The instance
    // the agent comes back to writes it, once.
    agent.send(agentState('offline'));
    await seen(board, 'offline');
    const base = await stored();
    const since = new Date(Date.now() - 2_000).toISOString();
    const ghost: AgentPresence = {
      agentId: ids.collector1!, name: '李娜', teamId: board.snapshot().agents.find((x) => x.agentId === ids.collector1)!.teamId,
      state: 'on_call', pauseReason: null, offlineReason: null, account: null, callStartedAt: null, step: 'ghost', lastOutcome: null, callId: null, sipUri: null,
      at: since, since, updatedAt: since,
    };
    const client = new pg.Client({ connectionString: (database.location as { databaseUrl: string }).databaseUrl });
    await client.connect();
    try {
      await client.query('select pg_notify($1, $2)', [PRESENCE_CHANNEL, JSON.stringify({ from: 'ghost-instance', t: 'presence', items: [{ conn: 'ghost:1', p: ghost }] })]);
    } finally {
      await client.end();
    }
    const lost = await board.next<{ type: 'presence'; agent: AgentPresence }>((m) => m.type === 'presence' && m.agent.agentId === ids.collector1 && m.agent.offlineReason === 'server_lost', 3_000);
    await sleep(300); // both instances have marked it lost
    const returned = track(await PresenceClient.open(a.url, tokens.collector1!));
    returned.send(agentState('available'));
    await seen(board, 'available');
    await sleep(300);
    const after = await stored();
    const ghostCall = after.on_call! - (base.on_call ?? 0);
    const lostAt = Date.parse(lost.agent.since!);
    expect(ghostCall).toBeGreaterThanOrEqual(lostAt - Date.parse(since) - 300); // each instance stamps its own loss
    expect(ghostCall).toBeLessThanOrEqual(lostAt - Date.parse(since) + 300);
    await b.close();
  });
});
