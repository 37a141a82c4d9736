// Presence across server instances on one PostgreSQL database (LISTEN/NOTIFY): a board on one
// instance sees agents and alerts of another, a late instance learns the current states, and
// agents of an instance that stops answering are shown offline. PostgreSQL only.
import { v7 as uuidv7 } from 'uuid';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../shared/domain/events';
import type { AgentPresence, Alert } from '../../shared/presence/protocol';
import { type RunningServer, type ServerOptions, startServer } from '../../server/app';
import { PRESENCE_CHANNEL } from '../../server/presence/bus';
import { PG_SKIP_BANNER, TEST_DATABASE_URL, type TestDatabase, createTestDatabase } from './databases';
import { NOW, addUsLead, call, login, loginAll } from './helpers';
import { PresenceClient, agentState } from './presence-client';

const TITLE = 'live board across server instances — PostgreSQL store';
const presence: ServerOptions['presence'] = { instanceHeartbeatMs: 200, instanceTimeoutMs: 1_000, sweepMs: 100 };

if (!TEST_DATABASE_URL) console.warn(PG_SKIP_BANNER);

(TEST_DATABASE_URL ? describe : describe.skip)(TEST_DATABASE_URL ? TITLE : `${TITLE} — SKIPPED: set FAIRLINE_TEST_DATABASE_URL`, () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  const tokens: Record<'collector1' | 'collector2' | 'lead' | 'lead_us', string> = { collector1: '', collector2: '', lead: '', lead_us: '' };
  const ids = { ...tokens };
  const open: PresenceClient[] = [];
  const servers: RunningServer[] = [];

  const start = async (extra: Partial<ServerOptions> = {}) => {
    const s = await startServer({ ...database.location, logger: { level: 'warn' }, now: () => NOW, presence, ...extra });
    servers.push(s);
    return s;
  };
  const track = <T extends PresenceClient>(c: T) => { open.push(c); return c; };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    a = await start({ seedDemo: true }); // one instance seeds; the next starts on the seeded database
    b = await start();
    await addUsLead(a.store);
    const signedIn = await loginAll(a.url, Object.keys(tokens) as (keyof typeof tokens)[]);
    Object.assign(tokens, signedIn.tokens);
    Object.assign(ids, signedIn.ids);
  }, 60_000);
  afterEach(async () => { await Promise.all(open.splice(0).map((c) => c.close())); });
  afterAll(async () => {
    for (const s of servers.reverse()) await s.close().catch(() => {});
    await database?.drop();
  });

  it('delivers a state change on one instance to a board on the other within a second', async () => {
    const board = track(await PresenceClient.board(a.url, tokens.lead));
    const agent = track(await PresenceClient.open(b.url, tokens.collector1));
    const states = ['available', 'dialing', 'ringing', 'on_call', 'wrap_up', 'available'] as const;
    const latencies: number[] = [];
    for (const [i, state] of states.entries()) {
      const arrived = board.upcoming<{ type: 'presence'; agent: AgentPresence }>((m) => m.type === 'presence' && m.agent.agentId === ids.collector1 && m.agent.step === `s${i}`);
      const t0 = performance.now();
      agent.send(agentState(state, { step: `s${i}` }));
      const m = await arrived;
      latencies.push(performance.now() - t0);
      expect(m.agent.state).toBe(state);
    }
    expect(Math.max(...latencies)).toBeLessThan(1000);

    // The other direction too, and a lead of another team on either instance sees nothing of it.
    const leadUsOnB = track(await PresenceClient.board(b.url, tokens.lead_us));
    const boardOnB = track(await PresenceClient.board(b.url, tokens.lead));
    const agentOnA = track(await PresenceClient.open(a.url, tokens.collector2));
    agentOnA.send(agentState('paused', { pauseReason: 'training' }));
    await boardOnB.next((m) => m.type === 'presence' && m.agent.agentId === ids.collector2 && m.agent.state === 'paused', 1_000);
    await leadUsOnB.next((m) => m.type === 'presence' && m.agent.agentId === ids.collector2, 1_000);
    expect(boardOnB.snapshot().agents.find((x) => x.agentId === ids.collector1)).toMatchObject({ state: 'available' });
    expect(leadUsOnB.about(ids.collector1)).toEqual([]);
    expect(leadUsOnB.snapshot().agents.map((x) => x.agentId)).toEqual([ids.collector2]);

    // Closing the agent's socket on B: offline on A.
    await agent.close();
    await board.next((m) => m.type === 'presence' && m.agent.agentId === ids.collector1 && m.agent.offlineReason === 'closed', 1_000);
  });

  it('fans out alerts raised by a push on one instance', async () => {
    const board = track(await PresenceClient.board(a.url, tokens.lead));
    const leadUs = track(await PresenceClient.board(a.url, tokens.lead_us));
    const device = 'device-fanout';
    const session = await login(b.url, 'collector1', device);
    const event: ClientEvent = {
      id: uuidv7(), deviceId: device, seq: 1, userId: session.user.id, accountId: null, deviceTime: NOW.toISOString(),
      body: { type: 'note.flagged', flags: [{ phrase: '骗子', category: 'insult' }], text: '你这个骗子' },
    };
    const t0 = performance.now();
    expect((await call(b.url, '/api/sync/push', { token: session.token, body: { deviceId: device, events: [event] } })).status).toBe(200);
    const alert = await board.next<Alert>((m) => m.type === 'alert' && m.id === `note_flagged:${event.id}`, 1_000);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(alert).toMatchObject({ kind: 'note_flagged', agentId: session.user.id, detail: { text: '你这个骗子' } });
    // Scoped on the receiving instance too.
    const usSession = await login(b.url, 'collector2', 'device-fanout-us');
    const usEvent: ClientEvent = { ...event, id: uuidv7(), deviceId: 'device-fanout-us', userId: usSession.user.id, body: { ...event.body } };
    expect((await call(b.url, '/api/sync/push', { token: usSession.token, body: { deviceId: 'device-fanout-us', events: [usEvent] } })).status).toBe(200);
    await leadUs.next((m) => m.type === 'alert' && m.agentId === usSession.user.id, 1_000);
    expect(leadUs.messages.filter((m) => m.type === 'alert' && m.agentId === session.user.id)).toEqual([]);
  });

  it('lets an instance started later learn the states the others hold', async () => {
    const agent = track(await PresenceClient.open(a.url, tokens.collector2));
    const lead = track(await PresenceClient.board(a.url, tokens.lead));
    agent.send(agentState('on_call', { step: 'late-joiner' }));
    await lead.next((m) => m.type === 'presence' && m.agent.step === 'late-joiner');
    const c = await start();
    const board = track(await PresenceClient.board(c.url, tokens.lead));
    const fromSnapshot = board.snapshot().agents.find((x) => x.agentId === ids.collector2);
    if (fromSnapshot?.step !== 'late-joiner') {
      await board.next((m) => m.type === 'presence' && m.agent.agentId === ids.collector2 && m.agent.step === 'late-joiner', 2_000);
    }
    // Shutting an instance down publishes its agents offline before it goes.
    await c.close();
    await a.close();
    await lead.closed;
    const onB = track(await PresenceClient.board(b.url, tokens.lead));
    if (onB.snapshot().agents.find((x) => x.agentId === ids.collector2)?.offlineReason !== 'closed') {
      await onB.next((m) => m.type === 'presence' && m.agent.agentId === ids.collector2 && m.agent.offlineReason === 'closed', 1_000);
    }
  });

  it('shows the agents of an instance that stops answering offline', async () => {
    const board = track(await PresenceClient.board(b.url, tokens.lead));
    // A fake instance announces collector1 on a call, then falls silent (no "alive", no "bye").
    const p: AgentPresence = {
      agentId: ids.collector1, name: '李娜', teamId: board.snapshot().agents.find((x) => x.agentId === ids.collector1)!.teamId,
      state: 'on_call', pauseReason: null, offlineReason: null, account: null, callStartedAt: null, step: 'ghost', lastOutcome: null, callId: null, sipUri: null,
      at: new Date().toISOString(), since: new Date().toISOString(), updatedAt: new Date().toISOString(),
    };
    const client = new pg.Client({ connectionString: (database.location as { databaseUrl: string }).databaseUrl });
    await client.connect();
    try {
      await client.query('select pg_notify($1, $2)', [PRESENCE_CHANNEL, JSON.stringify({ from: 'ghost-instance', t: 'presence', items: [{ conn: 'ghost:1', p }] })]);
      // Malformed bus messages are ignored.
      await client.query('select pg_notify($1, $2)', [PRESENCE_CHANNEL, '{"from":"ghost-instance","t":"presence","items":[{"p":{"agentId":1}}]}']);
    } finally {
      await client.end();
    }
    await board.next((m) => m.type === 'presence' && m.agent.step === 'ghost', 1_000);
    const t0 = Date.now();
    const lost = await board.next<{ type: 'presence'; agent: AgentPresence }>((m) => m.type === 'presence' && m.agent.agentId === ids.collector1 && m.agent.offlineReason === 'server_lost', 3_000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(800);
    expect(lost.agent.state).toBe('offline');
  });
});
