// Monitor grants (docs/monitor.md): a lead of the agent's team gets a grant signed for that
// lead, agent and call, only while the agent is on a call; everyone else is refused with a clear
// error; every grant is logged; every server instance on the database signs with one key.
import { type JWK, importJWK, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { MonitorClaims, type MonitorGrantResponse, type MonitorKeyResponse } from '../../shared/monitor/protocol';
import { buildApp } from '../../server/app';
import { type ErrorBody, NOW, type TestServer, addUsLead, call, describeEachStore, loginAll, startTestServer } from './helpers';
import { PresenceClient, agentState } from './presence-client';

describeEachStore('monitor grants', (kind) => {
  let server: TestServer;
  const USERS = ['collector1', 'collector2', 'lead', 'lead_us', 'admin'] as const;
  type Username = (typeof USERS)[number];
  const tokens = {} as Record<Username, string>;
  const ids = {} as Record<Username, string>;
  const open: PresenceClient[] = [];

  /** collector1's console on a call, as presence reports it. */
  async function onCall(username: Username, extra: { callId?: string | null; sipUri?: string | null } = {}): Promise<PresenceClient> {
    const agent = await PresenceClient.open(server.url, tokens[username]);
    open.push(agent);
    const board = await PresenceClient.board(server.url, tokens.admin);
    open.push(board);
    const seen = board.next((m) => m.type === 'presence' && m.agent.agentId === ids[username] && m.agent.state === 'on_call');
    agent.send(agentState('on_call', {
      account: { id: 'acc-1', ref: 'CN-1', masked: true }, callStartedAt: new Date().toISOString(),
      callId: 'call-abc-1', sipUri: `sip:${username}@lab.test`, ...extra,
    }));
    await seen;
    return agent;
  }

  const grant = (username: Username, body: unknown) => call<MonitorGrantResponse & ErrorBody>(server.url, '/api/monitor/sessions', { token: tokens[username], body });

  async function claimsOf(token: string): Promise<MonitorClaims> {
    const key = await call<MonitorKeyResponse>(server.url, '/api/monitor/key', { token: tokens.collector1 });
    expect(key.status).toBe(200);
    const { payload } = await jwtVerify(token, await importJWK(key.body.jwk as JWK, 'EdDSA'), { currentDate: NOW, issuer: 'fairline', audience: 'fairline-monitor' });
    return MonitorClaims.parse(payload);
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    await addUsLead(server.store);
    const signedIn = await loginAll(server.url, USERS);
    Object.assign(tokens, signedIn.tokens);
    Object.assign(ids, signedIn.ids);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => { await server?.stop(); });

  it("gives the agent's lead a grant signed for that lead, agent and call, and logs it", async () => {
    await onCall('collector1');
    const reply = await grant('lead', { agentId: ids.collector1, mode: 'listen' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ target: 'sip:collector1@lab.test', callId: 'call-abc-1', agentName: '李娜', modes: ['listen', 'whisper', 'barge'] });
    const claims = await claimsOf(reply.body.grant);
    expect(claims).toMatchObject({ sub: ids.collector1, callId: 'call-abc-1', jti: reply.body.sessionId, notifyAgent: true, lead: { id: ids.lead } });
    expect(claims.exp - claims.iat).toBe(60);
    expect(Date.parse(reply.body.expiresAt)).toBe(claims.exp * 1000);
    // Tampering with the claims breaks the signature.
    const [header, payload, signature] = reply.body.grant.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: ids.collector2 })).toString('base64url');
    await expect(claimsOf(`${header}.${forged}.${signature}`)).rejects.toThrow(/signature/);
    expect(payload).toBeTruthy();

    const logged = await server.store.monitor.sessionsOf(ids.collector1, 10);
    expect(logged[0]).toMatchObject({ id: reply.body.sessionId, leadId: ids.lead, agentId: ids.collector1, callId: 'call-abc-1', accountId: 'acc-1', mode: 'listen' });
    // An admin may too.
    expect((await grant('admin', { agentId: ids.collector1, mode: 'barge' })).status).toBe(200);
  });

  it("refuses a lead of another team, agents, unknown agents and bad requests, with clear errors", async () => {
    await onCall('collector1');
    const other = await grant('lead_us', { agentId: ids.collector1, mode: 'listen' });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe(`Agent ${ids.collector1} is not in your teams`);
    const unknown = await grant('lead', { agentId: 'nobody', mode: 'listen' });
    expect(unknown.status).toBe(403);
    const agent = await grant('collector2', { agentId: ids.collector1, mode: 'listen' });
    expect(agent.status).toBe(403);
    expect(agent.body.error.message).toMatch(/Only team leads/);
    const badMode = await grant('lead', { agentId: ids.collector1, mode: 'spy' });
    expect(badMode.status).toBe(400);
    expect(badMode.body.error.issues?.[0]?.path).toBe('mode');
    expect((await grant('lead', { agentId: ids.collector1, mode: 'listen', extra: 1 })).status).toBe(400);
    expect((await call(server.url, '/api/monitor/sessions', { rawBody: '{"agentId":', token: tokens.lead })).status).toBe(400);
    expect((await call(server.url, '/api/monitor/sessions', { body: { agentId: ids.collector1, mode: 'listen' } })).status).toBe(401);
    expect((await call(server.url, '/api/monitor/key')).status).toBe(401);
    expect(await server.store.monitor.sessionsOf(ids.collector1, 10)).toHaveLength(2); // only the first test's
  });

  it('refuses while the agent is not on a call, or their console has no phone', async () => {
    const idle = await PresenceClient.open(server.url, tokens.collector2);
    open.push(idle);
    idle.send(agentState('available'));
    await new Promise((r) => setTimeout(r, 200));
    const notOnCall = await grant('lead', { agentId: ids.collector2, mode: 'listen' });
    expect(notOnCall.status).toBe(404);
    expect(notOnCall.body.error.message).toMatch(/is not on a call/);
    await idle.close();
    await onCall('collector2', { sipUri: null });
    const noPhone = await grant('lead', { agentId: ids.collector2, mode: 'whisper' });
    expect(noPhone.status).toBe(404);
    expect(noPhone.body.error.message).toMatch(/no phone registered/);
  });

  it('signs with one key for every server instance on the database', async () => {
    const first = await call<MonitorKeyResponse>(server.url, '/api/monitor/key', { token: tokens.lead });
    const second = buildApp(server.store, { logger: false, now: () => NOW });
    try {
      const reply = await second.inject({ method: 'GET', url: '/api/monitor/key', headers: { authorization: `Bearer ${tokens.lead}` } });
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toEqual(first.body);
    } finally {
      await second.close();
    }
  });
});
