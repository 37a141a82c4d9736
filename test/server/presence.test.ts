// The live board on one server: presence over real sockets, scoping by team, silence and
// malformed messages, auth before the upgrade, alerts from pushed events, and the day's
// figures from pushed events against values worked out by hand. See docs/presence.md.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import { type AgentPresence, type Alert, BoardFiguresResponse, CLOSE_POLICY_VIOLATION, CLOSE_SILENT, RIGHT_PARTY_OUTCOMES } from '../../shared/presence/protocol';
import { PullResponse } from '../../shared/sync/protocol';
import { DEMO_TEAMS } from '../../server/seed/demo';
import { type ErrorBody, NOW, type TestServer, addUsLead, call, describeEachStore, login, loginAll, startTestServer } from './helpers';
import { PresenceClient, agentState, presenceUrl, upgradeStatus } from './presence-client';

const SILENCE_MS = 600;
const THRESHOLD_MINUTES = 0.01; // 600 ms: long calls and long absences, so the test need not wait 20 minutes

describeEachStore('live board presence', (kind) => {
  let server: TestServer;
  const USERS = ['collector1', 'collector2', 'field', 'lead', 'lead_us', 'admin'] as const;
  type Username = (typeof USERS)[number];
  const tokens = {} as Record<Username, string>;
  const ids = {} as Record<Username, string>;
  const open: PresenceClient[] = [];

  const connect = async (username: Username, via: 'header' | 'query' = 'header') => {
    const c = await PresenceClient.open(server.url, tokens[username], via);
    open.push(c);
    return c;
  };
  const board = async (username: Username) => {
    const c = await PresenceClient.board(server.url, tokens[username]);
    open.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer({
      seedDemo: true,
      presence: { silenceMs: SILENCE_MS, sweepMs: 50, longCallMinutes: THRESHOLD_MINUTES, offlineAlertMinutes: THRESHOLD_MINUTES },
    }, kind);
    await addUsLead(server.store);
    const signedIn = await loginAll(server.url, USERS);
    Object.assign(tokens, signedIn.tokens);
    Object.assign(ids, signedIn.ids);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => { await server?.stop(); });

  it("sends an agent's state to their lead's board, and never to a lead of another team", async () => {
    const lead = await board('lead');
    const leadUs = await board('lead_us');
    const admin = await board('admin');

    // Snapshots: everyone of the teams led, never-connected agents shown offline.
    const names = (b: PresenceClient) => b.snapshot().agents.map((a) => a.agentId).sort();
    expect(names(lead)).toEqual([ids.collector1, ids.collector2, ids.field].sort());
    expect(names(leadUs)).toEqual([ids.collector2]);
    expect(names(admin)).toEqual([ids.collector1, ids.collector2, ids.field].sort());
    expect(lead.snapshot().agents.find((a) => a.agentId === ids.field)).toMatchObject({ state: 'offline', offlineReason: 'never_connected', since: null });
    expect(lead.snapshot().teams.map((t) => t.name).sort()).toEqual([DEMO_TEAMS.cn, DEMO_TEAMS.us].sort());

    // A token in the URL is refused (it would land in access logs), even a valid one.
    await expect(connect('collector1', 'query')).rejects.toThrow(/400/);
    const agent = await connect('collector1');
    agent.send(agentState('available'));
    const seen = await lead.next<{ type: 'presence'; agent: AgentPresence }>((m) => m.type === 'presence' && m.agent.agentId === ids.collector1);
    expect(seen.agent).toMatchObject({ state: 'available', name: '李娜', offlineReason: null, account: null });
    expect(Date.parse(seen.agent.since!)).toBeGreaterThan(Date.now() - 5_000);

    const account = { id: 'acc-1', ref: 'CN-100001', masked: false, debtorName: '王五' };
    const callStartedAt = new Date().toISOString();
    agent.send(agentState('on_call', { account, callStartedAt, step: 'verify_identity' }));
    const onCall = await lead.next<{ type: 'presence'; agent: AgentPresence }>((m) => m.type === 'presence' && m.agent.state === 'on_call');
    expect(onCall.agent).toMatchObject({ agentId: ids.collector1, account, callStartedAt, step: 'verify_identity' });
    await admin.next((m) => m.type === 'presence' && m.agent.state === 'on_call');

    // collector2 (US East) changes after collector1: once leadUs sees it, anything about
    // collector1 would have arrived already.
    const other = await connect('collector2');
    other.send(agentState('paused', { pauseReason: 'lunch' }));
    const paused = await leadUs.next<{ type: 'presence'; agent: AgentPresence }>((m) => m.type === 'presence' && m.agent.agentId === ids.collector2);
    expect(paused.agent).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    expect(leadUs.about(ids.collector1)).toEqual([]);

    // A board opened now gets the current states in its snapshot.
    const late = await board('lead');
    expect(late.snapshot().agents.find((a) => a.agentId === ids.collector1)).toMatchObject({ state: 'on_call', account });

    // Closing the socket: offline at once.
    await agent.close();
    const gone = await lead.next<{ type: 'presence'; agent: AgentPresence }>((m) => m.type === 'presence' && m.agent.agentId === ids.collector1 && m.agent.state === 'offline');
    expect(gone.agent).toMatchObject({ offlineReason: 'closed', account: null, step: null });
  });

  it('shows an agent that goes silent offline within the silence timeout, and drops its socket', async () => {
    const lead = await board('lead');
    const agent = await connect('field');
    agent.send(agentState('available'));
    await lead.next((m) => m.type === 'presence' && m.agent.agentId === ids.field && m.agent.state === 'available');
    // Heartbeats keep it alive past the timeout...
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, SILENCE_MS / 2));
      agent.send({ type: 'heartbeat' });
    }
    expect(lead.about(ids.field).at(-1)!.state).toBe('available');
    // ...then silence.
    const t0 = Date.now();
    const offline = await lead.upcoming<{ type: 'presence'; agent: AgentPresence }>((m) => m.type === 'presence' && m.agent.agentId === ids.field, 5_000);
    const took = Date.now() - t0;
    expect(offline.agent).toMatchObject({ state: 'offline', offlineReason: 'silent' });
    expect(took).toBeGreaterThanOrEqual(SILENCE_MS - 100);
    expect(took).toBeLessThan(SILENCE_MS + 1_000);
    expect((await agent.closed).code).toBe(CLOSE_SILENT);
  });

  it('answers a malformed message with an error frame and closes with 1008, storing nothing', async () => {
    const lead = await board('lead');
    const cases: { send: unknown; path?: string }[] = [
      { send: { type: 'state', state: 'flying', account: null, callStartedAt: null, step: null, lastOutcome: null, at: new Date().toISOString() }, path: 'state' },
      { send: { ...agentState('paused'), pauseReason: undefined }, path: 'pauseReason' },
      { send: { ...agentState('on_call'), account: { id: 'a', ref: 'r', masked: true, debtorName: 'Leak' } }, path: 'account.debtorName' },
      { send: { ...agentState('available'), extra: 1 } },
      { send: 'not json {' },
      { send: { type: 'heartbeat' } }, // the first message must say what the client is
    ];
    for (const c of cases) {
      const agent = await connect('collector2');
      agent.send(c.send);
      const error = await agent.next<{ type: 'error'; code: string; message: string; issues?: { path: string; message: string }[] }>((m) => m.type === 'error');
      expect(error.code).toBe('VALIDATION');
      expect(error.message.length).toBeGreaterThan(10);
      if (c.path) expect(error.issues?.map((i) => i.path)).toContain(c.path);
      expect((await agent.closed).code).toBe(CLOSE_POLICY_VIOLATION);
    }
    // A valid message after an invalid one on a fresh socket still works; before it, nothing about collector2 reached the board.
    expect(lead.about(ids.collector2)).toEqual([]);
    const fresh = await board('lead');
    expect(fresh.snapshot().agents.find((a) => a.agentId === ids.collector2)).toMatchObject({ state: 'offline' });

    // Roles: an agent cannot watch, a lead cannot report presence.
    const sneaky = await connect('collector1');
    sneaky.send({ type: 'watch' });
    expect(await sneaky.next((m) => m.type === 'error')).toMatchObject({ code: 'FORBIDDEN' });
    expect((await sneaky.closed).code).toBe(CLOSE_POLICY_VIOLATION);
    const leadAsAgent = await connect('lead');
    leadAsAgent.send(agentState('available'));
    expect(await leadAsAgent.next((m) => m.type === 'error')).toMatchObject({ code: 'FORBIDDEN' });
    // A board that then sends a state is refused too.
    lead.send(agentState('available'));
    expect(await lead.next((m) => m.type === 'error')).toMatchObject({ code: 'VALIDATION' });
    expect((await lead.closed).code).toBe(CLOSE_POLICY_VIOLATION);
  });

  it('refuses a missing or bad token with 401, and any token in the URL with 400, before the upgrade', async () => {
    const none = await upgradeStatus(presenceUrl(server.url));
    expect(none.status).toBe(401);
    expect((JSON.parse(none.body) as ErrorBody).error.code).toBe('UNAUTHORIZED');
    expect((await upgradeStatus(presenceUrl(server.url), { authorization: 'Bearer bogus' })).status).toBe(401);
    expect((await upgradeStatus(presenceUrl(server.url), { authorization: `Bearer ${tokens.lead}` })).status).toBe(101);
    // A token in the URL, good or bad, is refused before it is read: URLs end up in access logs.
    expect((await upgradeStatus(presenceUrl(server.url, 'bogus'))).status).toBe(400);
    expect((await upgradeStatus(presenceUrl(server.url, tokens.lead))).status).toBe(400);
    expect((await upgradeStatus(server.url.replace(/^http/, 'ws') + '/api/elsewhere', { authorization: `Bearer ${tokens.lead}` })).status).toBe(404);
    // Without an upgrade the route says what it is.
    expect((await call(server.url, '/api/presence')).status).toBe(426);
  });

  it('streams alerts from pushed events to the boards that lead the agent', async () => {
    const lead = await board('lead');
    const leadUs = await board('lead_us');
    const device = 'device-collector1';
    const { token, user } = await login(server.url, 'collector1', device);
    const accounts = PullResponse.parse((await call(server.url, '/api/sync/pull?limit=1000', { token })).body).accounts;
    const target = accounts.find((b) => b.holds.length === 0)!;
    let seq = 0;
    const event = (body: EventBody, accountId: string | null = target.account.id): ClientEvent => ({
      id: uuidv7(), deviceId: device, seq: ++seq, userId: user.id, accountId, deviceTime: NOW.toISOString(), body,
    });
    const flagged = event({ type: 'note.flagged', flags: [{ phrase: '不还钱就去你单位', category: 'threat' }], text: '不还钱就去你单位闹' });
    const phone = target.phones[0]!;
    const refused = event({
      type: 'compliance.decision', phoneId: phone.id, partyId: phone.partyId, decision: 'block', action: 'refused', packId: 'cn', packVersion: '1',
      allowedFrom: null, reasons: [{ rule: 'cn.quiet_hours', severity: 'block', source: 'pack', messageKey: 'quietHours', params: { window: '08:00–22:00', places: '23:10' } }],
    });
    // A lead's approval of a warned call, logged with the dial's decision: the warnings come with the alert.
    const override = event({ type: 'compliance.override', phoneId: phone.id, approvedBy: ids.lead, approverName: '王强', reason: 'debtor asked for the call', rules: ['us.warn.calls_per_day'] });
    const warned = event({
      type: 'compliance.decision', phoneId: phone.id, partyId: phone.partyId, decision: 'warn', action: 'dial', packId: 'us-regf', packVersion: '1', allowedFrom: null,
      reasons: [{ rule: 'us.warn.calls_per_day', severity: 'warn', source: 'pack', messageKey: 'warnCallsPerDay', params: { count: 6, limit: 7 } }],
    });
    expect((await call(server.url, '/api/sync/push', { token, body: { deviceId: device, events: [flagged, refused, override, warned] } })).status).toBe(200);

    const note = await lead.next<Alert>((m) => m.type === 'alert' && m.kind === 'note_flagged');
    expect(note).toMatchObject({
      id: `note_flagged:${flagged.id}`, agentId: user.id, accountId: target.account.id, at: NOW.toISOString(),
      detail: { flags: [{ phrase: '不还钱就去你单位', category: 'threat' }], text: '不还钱就去你单位闹' },
    });
    // Reasons carry the message key and parameters the console logged, so the board words them as the agent read them.
    expect(await lead.next((m) => m.type === 'alert' && m.kind === 'dial_blocked')).toMatchObject({
      id: `dial_blocked:${refused.id}`,
      detail: { reasons: [{ rule: 'cn.quiet_hours', severity: 'block', messageKey: 'quietHours', params: { window: '08:00–22:00', places: '23:10' } }] },
    });
    expect(await lead.next((m) => m.type === 'alert' && m.kind === 'warning_overridden')).toMatchObject({
      id: `warning_overridden:${override.id}`,
      detail: { rules: ['us.warn.calls_per_day'], reasons: [{ rule: 'us.warn.calls_per_day', messageKey: 'warnCallsPerDay', params: { count: 6, limit: 7 } }] },
    });

    // A contact during a cease hold: a violation alert, found on arrival.
    await server.store.setHold({ id: 'presence-cease', accountId: target.account.id, kind: 'cease', note: 'cease', effectiveAt: new Date(NOW.getTime() - 60_000).toISOString() }, NOW.toISOString());
    const attempt = event({
      type: 'call.attempt', callId: 'presence-call', direction: 'outbound', phoneId: phone.id, partyId: phone.partyId, number: phone.number,
      result: 'no_answer', startedAt: NOW.toISOString(), answeredAt: null, endedAt: NOW.toISOString(), sipStatus: 480, recording: null,
    });
    const batch = { deviceId: device, events: [attempt] };
    expect((await call(server.url, '/api/sync/push', { token, body: batch })).status).toBe(200);
    expect((await call(server.url, '/api/sync/push', { token, body: batch })).status).toBe(200); // a retry raises nothing new
    expect(await lead.next((m) => m.type === 'alert' && m.kind === 'violation')).toMatchObject({
      id: `violation:${attempt.id}:presence-cease`, agentId: user.id, accountId: target.account.id, detail: { rule: 'hold.cease', holdKind: 'cease' },
    });

    // leadUs leads US East only: a US agent's alert arrives, collector1's never did.
    const us = await login(server.url, 'collector2', 'device-collector2');
    const usNote: ClientEvent = {
      id: uuidv7(), deviceId: 'device-collector2', seq: 1, userId: us.user.id, accountId: null, deviceTime: NOW.toISOString(),
      body: { type: 'note.flagged', flags: [{ phrase: 'idiot', category: 'insult' }], text: 'you idiot' },
    };
    expect((await call(server.url, '/api/sync/push', { token: us.token, body: { deviceId: 'device-collector2', events: [usNote] } })).status).toBe(200);
    await leadUs.next((m) => m.type === 'alert' && m.agentId === us.user.id);
    expect(leadUs.messages.filter((m) => m.type === 'alert' && m.agentId === user.id)).toEqual([]);
    const alertIds = lead.messages.flatMap((m) => (m.type === 'alert' ? [m.id] : []));
    expect(new Set(alertIds).size).toBe(alertIds.length);

    // A board that connects later finds the recent alerts in its snapshot.
    const late = await board('lead');
    expect(late.snapshot().alerts.map((a) => a.id)).toEqual(expect.arrayContaining([`note_flagged:${flagged.id}`, `violation:${attempt.id}:presence-cease`]));
    expect((await board('lead_us')).snapshot().alerts.map((a) => a.agentId)).not.toContain(user.id);
  });

  it('alerts on a call longer than the threshold and on an agent offline too long after working', async () => {
    const lead = await board('lead');
    const agent = await connect('field');
    const heartbeat = setInterval(() => agent.send({ type: 'heartbeat' }), SILENCE_MS / 3);
    void agent.closed.then(() => clearInterval(heartbeat));
    agent.send(agentState('on_call', { account: { id: 'acc-9', ref: 'CN-100009', masked: true }, callStartedAt: new Date().toISOString() }));
    const long = await lead.next<Alert>((m) => m.type === 'alert' && m.kind === 'long_call' && m.agentId === ids.field, 5_000);
    expect(long).toMatchObject({ accountId: 'acc-9', detail: { thresholdMinutes: THRESHOLD_MINUTES } });
    agent.ws.terminate(); // the connection is lost while working
    const away = await lead.next<Alert>((m) => m.type === 'alert' && m.kind === 'offline_too_long' && m.agentId === ids.field, 5_000);
    expect(away.detail).toMatchObject({ reason: 'closed' });
    // Each is raised once.
    await new Promise((r) => setTimeout(r, 300));
    expect(lead.messages.filter((m) => m.type === 'alert' && m.agentId === ids.field && (m.kind === 'long_call' || m.kind === 'offline_too_long'))).toHaveLength(2);

    // Signing out is not an absence.
    const again = await connect('field');
    again.send(agentState('available'));
    again.send(agentState('offline'));
    await lead.next((m) => m.type === 'presence' && m.agent.agentId === ids.field && m.agent.offlineReason === 'signed_out');
    await again.close();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(lead.messages.filter((m) => m.type === 'alert' && m.kind === 'offline_too_long')).toHaveLength(1);
  }, 15_000);

  it("computes the day's figures from pushed events, per agent and per team", async () => {
    const device = 'device-figures';
    const { token, user } = await login(server.url, 'collector2', device);
    const accounts = PullResponse.parse((await call(server.url, '/api/sync/pull?limit=1000', { token })).body).accounts;
    const [a1, a2] = accounts.filter((b) => b.holds.length === 0) as [AccountBundle, AccountBundle];
    let seq = 0;
    const ev = (account: AccountBundle | null, deviceTime: string, body: EventBody): ClientEvent => ({
      id: uuidv7(), deviceId: device, seq: ++seq, userId: user.id, accountId: account?.account.id ?? null, deviceTime, body,
    });
    const attempt = (account: AccountBundle, callId: string, direction: 'outbound' | 'inbound', result: 'answered' | 'no_answer' | 'busy', startedAt: string, answeredAt: string | null, endedAt: string) =>
      ev(account, endedAt, {
        type: 'call.attempt', callId, direction, phoneId: account.phones[0]!.id, partyId: account.phones[0]!.partyId, number: account.phones[0]!.number,
        result, startedAt, answeredAt, endedAt, sipStatus: result === 'answered' ? 200 : 486, recording: null,
      });
    const outcome = (account: AccountBundle, callId: string | null, code: string, deviceTime: string, extra: Partial<Extract<EventBody, { type: 'call.outcome' }>> = {}) =>
      ev(account, deviceTime, {
        type: 'call.outcome', callId, phoneId: null, partyId: null, packId: 'us-regf', outcome: code,
        contact: code === 'no_answer' ? 'no_answer' : 'conversation', hold: null, promise: null, plan: null, callback: null, note: '',
        extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null, ...extra,
      });
    // The day: 2025-06-02 in New York (EDT, UTC-4) = 04:00Z on the 2nd to 04:00Z on the 3rd.
    const events = [
      // c1 09:00 local: answered, talk 300 s, wrap-up 60 s, promise of $50.00.
      attempt(a1, 'c1', 'outbound', 'answered', '2025-06-02T13:00:00Z', '2025-06-02T13:00:10Z', '2025-06-02T13:05:10Z'),
      outcome(a1, 'c1', 'promise_to_pay', '2025-06-02T13:06:10Z', { promise: { amountMinor: 5_000, dueDate: '2025-06-10' } }),
      // c2 09:30 local: no answer.
      attempt(a2, 'c2', 'outbound', 'no_answer', '2025-06-02T13:30:00Z', null, '2025-06-02T13:30:30Z'),
      outcome(a2, 'c2', 'no_answer', '2025-06-02T13:30:40Z'),
      // c3 18:15 local, times written with the local offset: talk 600 s, wrap-up 120 s, a $1,200 plan.
      attempt(a2, 'c3', 'outbound', 'answered', '2025-06-02T18:15:00-04:00', '2025-06-02T18:15:05-04:00', '2025-06-02T18:25:05-04:00'),
      outcome(a2, 'c3', 'payment_plan', '2025-06-02T18:27:05-04:00', {
        plan: { totalMinor: 120_000, frequency: 'monthly', instalments: [1, 2, 3].map((m) => ({ amountMinor: 40_000, dueDate: `2025-0${6 + m}-01` })) },
      }),
      // c4 inbound: talk 120 s and wrap-up 60 s count, but it is not an attempt.
      attempt(a1, 'c4', 'inbound', 'answered', '2025-06-02T15:00:00Z', '2025-06-02T15:00:02Z', '2025-06-02T15:02:02Z'),
      outcome(a1, 'c4', 'right_party_contact', '2025-06-02T15:03:02Z'),
      // c5 started 23:59 the day before (local): not today's, nor is its talk; its wrong-number outcome counts nothing.
      attempt(a1, 'c5', 'outbound', 'answered', '2025-06-02T03:59:00Z', '2025-06-02T03:59:05Z', '2025-06-02T04:01:05Z'),
      outcome(a1, 'c5', 'wrong_number', '2025-06-02T04:05:00Z'),
      // c6 23:30 local: busy, the day's last hour.
      attempt(a2, 'c6', 'outbound', 'busy', '2025-06-03T03:30:00Z', null, '2025-06-03T03:30:10Z'),
      // A contact logged by hand (desk phone): a refusal is still the debtor reached.
      outcome(a1, null, 'refusal', '2025-06-02T16:00:00Z', { note: 'will not pay' }),
      // A field-style visit with a $70.00 promise.
      ev(a2, '2025-06-02T17:00:00Z', {
        type: 'visit.outcome', visitId: 'v1', checkedInAt: '2025-06-02T16:40:00Z', outcome: 'promise_to_pay',
        promise: { amountMinor: 7_000, dueDate: '2025-06-09' }, plan: null, note: 'promised', flaggedPhrases: [], photos: [],
      }),
      // The next day (local): not counted.
      attempt(a1, 'c7', 'outbound', 'answered', '2025-06-03T04:00:00Z', '2025-06-03T04:00:05Z', '2025-06-03T04:10:05Z'),
    ];
    expect((await call(server.url, '/api/sync/push', { token, body: { deviceId: device, events } })).status).toBe(200);

    const hourly = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0);
    const expected = {
      attempts: 4, connects: 2, rightPartyContacts: 4,
      promises: 2, promisedMinor: { USD: 12_000 }, plans: 1, planMinor: { USD: 120_000 },
      talkMs: (300 + 600 + 120) * 1000, handled: 3, handleMs: (360 + 720 + 180) * 1000, averageHandleMs: 420_000,
      hourly: { attempts: hourly({ 9: 2, 18: 1, 23: 1 }), connects: hourly({ 9: 1, 18: 1 }) },
    };
    const reply = await call<unknown>(server.url, '/api/board/figures?date=2025-06-02&tz=America/New_York', { token: tokens.lead });
    expect(reply.status).toBe(200);
    const figures = BoardFiguresResponse.parse(reply.body);
    expect(figures).toMatchObject({ date: '2025-06-02', tz: 'America/New_York', from: '2025-06-02T04:00:00.000Z', to: '2025-06-03T04:00:00.000Z' });
    expect(figures.rightPartyOutcomes).toEqual(RIGHT_PARTY_OUTCOMES);
    expect(figures.rightPartyOutcomes).toEqual(expect.arrayContaining(['right_party_contact', 'promise_to_pay', 'payment_plan', 'refusal']));
    expect(figures.rightPartyOutcomes).not.toContain('wrong_number');
    expect(figures.agents.find((a) => a.agentId === user.id)).toMatchObject(expected);
    expect(figures.teams.find((t) => t.name === DEMO_TEAMS.us)).toMatchObject({ agents: 1, ...expected });
    expect(figures.teams.find((t) => t.name === DEMO_TEAMS.cn)).toMatchObject({ attempts: 0, promisedMinor: {}, averageHandleMs: null });

    // lead_us sees US East only; agents may not look; a bad zone is a 400.
    const us = BoardFiguresResponse.parse((await call(server.url, '/api/board/figures?date=2025-06-02&tz=America/New_York', { token: tokens.lead_us })).body);
    expect(us.agents.map((a) => a.agentId)).toEqual([user.id]);
    expect(us.teams.map((t) => t.name)).toEqual([DEMO_TEAMS.us]);
    expect((await call(server.url, '/api/board/figures?tz=UTC', { token: tokens.collector1 })).status).toBe(403);
    expect((await call(server.url, '/api/board/figures?tz=Mars/Olympus', { token: tokens.lead })).status).toBe(400);
    expect((await call(server.url, '/api/board/figures?tz=UTC&date=2025-13-40', { token: tokens.lead })).status).toBe(400);
    expect((await call(server.url, '/api/board/figures?tz=UTC')).status).toBe(401);
    // The same events in another zone's day: 2025-06-03 in Shanghai is 16:00Z on the 2nd to 16:00Z on the 3rd (c3, c6, c7).
    const shanghai = BoardFiguresResponse.parse((await call(server.url, '/api/board/figures?date=2025-06-03&tz=Asia/Shanghai', { token: tokens.lead })).body);
    expect(shanghai.agents.find((a) => a.agentId === user.id)).toMatchObject({
      attempts: 3, connects: 2, rightPartyContacts: 2, plans: 1, promises: 1, hourly: { attempts: hourly({ 6: 1, 11: 1, 12: 1 }), connects: hourly({ 6: 1, 12: 1 }) },
    });
  });

  it('keeps time in each state for the day', async () => {
    const agent = await connect('collector1');
    const lead = await board('lead');
    agent.send(agentState('available'));
    await lead.next((m) => m.type === 'presence' && m.agent.agentId === ids.collector1 && m.agent.state === 'available');
    await new Promise((r) => setTimeout(r, 300));
    agent.send(agentState('wrap_up'));
    await lead.next((m) => m.type === 'presence' && m.agent.agentId === ids.collector1 && m.agent.state === 'wrap_up');
    await new Promise((r) => setTimeout(r, 200));
    const today = new Date().toISOString().slice(0, 10);
    const figures = BoardFiguresResponse.parse((await call(server.url, `/api/board/figures?date=${today}&tz=UTC`, { token: tokens.lead })).body);
    const mine = figures.agents.find((a) => a.agentId === ids.collector1)!;
    expect(mine.stateMs.available).toBeGreaterThanOrEqual(250);
    expect(mine.stateMs.wrap_up).toBeGreaterThanOrEqual(150);
    const team = figures.teams.find((t) => t.name === DEMO_TEAMS.cn)!;
    expect(team.stateMs.available).toBeGreaterThanOrEqual(mine.stateMs.available);
  });
});
