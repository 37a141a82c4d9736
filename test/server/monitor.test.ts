// Monitor grants (docs/monitor.md): a lead of the agent's team gets a grant signed for that
// lead, agent and call, only while the agent is on a call; everyone else is refused with a clear
// error; every grant is logged; every server instance on the database signs with one key. The
// lead's call goes to the agent's address of record as the server knows it (an administrator's,
// else the one the agent's console registered in this sign-in), never to what a console says in
// its presence state; a grant is marked used once.
import { type JWK, importJWK, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { MonitorClaims, type MonitorAddressResponse, type MonitorGrantResponse, type MonitorKeyResponse, type MonitorUseResponse } from '../../shared/monitor/protocol';
import { buildApp } from '../../server/app';
import { HOSTILE_CORPUS, urlEncode } from './hostile-corpus';
import { type ErrorBody, NOW, type TestServer, addUsLead, call, describeEachStore, login, loginAll, startTestServer } from './helpers';
import { PresenceClient, agentState } from './presence-client';

describeEachStore('monitor grants', (kind) => {
  let server: TestServer;
  const USERS = ['collector1', 'collector2', 'lead', 'lead_us', 'admin'] as const;
  type Username = (typeof USERS)[number];
  const tokens = {} as Record<Username, string>;
  const ids = {} as Record<Username, string>;
  const open: PresenceClient[] = [];

  /** The agent's console on a call, as presence reports it; its presence names an address the server must ignore. */
  async function onCall(username: Username, extra: { callId?: string | null; sipUri?: string | null } = {}, token = tokens[username]): Promise<PresenceClient> {
    const agent = await PresenceClient.open(server.url, token);
    open.push(agent);
    const board = await PresenceClient.board(server.url, tokens.admin);
    open.push(board);
    const seen = board.next((m) => m.type === 'presence' && m.agent.agentId === ids[username] && m.agent.state === 'on_call');
    agent.send(agentState('on_call', {
      account: { id: 'acc-1', ref: 'CN-1', masked: true }, callStartedAt: new Date().toISOString(),
      callId: 'call-abc-1', sipUri: 'sip:someone-else@elsewhere.test', ...extra,
    }));
    await seen;
    return agent;
  }

  const grant = (username: Username, body: unknown) => call<MonitorGrantResponse & ErrorBody>(server.url, '/api/monitor/sessions', { token: tokens[username], body });
  const report = (token: string, sipUri: unknown) => call<MonitorAddressResponse & ErrorBody>(server.url, '/api/monitor/address', { token, body: { sipUri } });
  const use = (token: string, sessionId: string, callId = 'call-abc-1') =>
    call<MonitorUseResponse & ErrorBody>(server.url, `/api/monitor/sessions/${urlEncode(sessionId)}/use`, { token, body: { callId } });

  async function claimsOf(token: string): Promise<MonitorClaims> {
    const key = await call<MonitorKeyResponse>(server.url, '/api/monitor/key', { token: tokens.collector1 });
    expect(key.status).toBe(200);
    const { payload } = await jwtVerify(token, await importJWK(key.body.jwk as JWK, 'EdDSA'), { currentDate: NOW, issuer: 'fairline', audience: 'fairline-monitor' });
    return MonitorClaims.parse(payload);
  }

  beforeAll(async () => {
    // A clock that moves (a millisecond a reading) so that "the latest sign-in" means something.
    let tick = NOW.getTime();
    server = await startTestServer({ seedDemo: true, now: () => new Date(tick++) }, kind);
    await addUsLead(server.store);
    const signedIn = await loginAll(server.url, USERS);
    Object.assign(tokens, signedIn.tokens);
    Object.assign(ids, signedIn.ids);
    // collector1's console registered its softphone in this sign-in.
    expect((await report(tokens.collector1, 'sip:collector1@lab.test')).body).toEqual({ sipUri: 'sip:collector1@lab.test', source: 'registration' });
  }, 60_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => { await server?.stop(); });

  it("gives the agent's lead a grant signed for that lead, agent and call, to the address the agent registered, and logs it", async () => {
    await onCall('collector1');
    const reply = await grant('lead', { agentId: ids.collector1, mode: 'listen' });
    expect(reply.status).toBe(200);
    // Not the address the console put in its presence state.
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
    expect(logged[0]).toMatchObject({
      id: reply.body.sessionId, leadId: ids.lead, agentId: ids.collector1, callId: 'call-abc-1', accountId: 'acc-1', mode: 'listen',
      target: 'sip:collector1@lab.test', usedAt: null,
    });
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

  it("refuses while the agent is not on a call, or before their console registered a phone in this sign-in", async () => {
    const idle = await PresenceClient.open(server.url, tokens.collector2);
    open.push(idle);
    idle.send(agentState('available'));
    await new Promise((r) => setTimeout(r, 200));
    const notOnCall = await grant('lead', { agentId: ids.collector2, mode: 'listen' });
    expect(notOnCall.status).toBe(404);
    expect(notOnCall.body.error.message).toMatch(/is not on a call/);
    await idle.close();
    // On a call, with an address in its presence state: still no address the server knows.
    await onCall('collector2', { sipUri: 'sip:collector2@lab.test' });
    const noPhone = await grant('lead', { agentId: ids.collector2, mode: 'whisper' });
    expect(noPhone.status).toBe(404);
    expect(noPhone.body.error.message).toMatch(/has no SIP address: their console has not registered a phone since signing in, and no administrator set one/);
    expect(await server.store.monitor.sessionsOf(ids.collector2, 10)).toHaveLength(0);
  });

  it('keeps one address per sign-in: another address in the same sign-in is refused; a new sign-in may register another; signing out forgets it', async () => {
    const first = await login(server.url, 'collector2', 'device-collector2-desk');
    expect((await report(first.token, 'sip:Desk7@LAB.test')).body).toEqual({ sipUri: 'sip:Desk7@lab.test', source: 'registration' });
    // The same address again (a re-registration) is fine; another is refused, and changes nothing.
    expect((await report(first.token, 'sip:Desk7@lab.test')).status).toBe(200);
    const moved = await report(first.token, 'sip:attacker@lab.test');
    expect(moved.status).toBe(403);
    expect(moved.body.error.message).toMatch(/already registered another SIP address: sign in again/);
    await onCall('collector2', { sipUri: 'sip:attacker@lab.test' }, first.token);
    expect((await grant('lead', { agentId: ids.collector2, mode: 'listen' })).body.target).toBe('sip:Desk7@lab.test');

    // A new sign-in (another desk) registers its own; the latest live one is where calls go.
    const second = await login(server.url, 'collector2', 'device-collector2-laptop');
    expect((await report(second.token, 'sip:laptop7@lab.test')).status).toBe(200);
    expect((await grant('lead', { agentId: ids.collector2, mode: 'listen' })).body.target).toBe('sip:laptop7@lab.test');
    // Signing out of it ends what it registered: the first desk's address stands again.
    expect((await call(server.url, '/api/auth/logout', { token: second.token, body: {} })).status).toBeLessThan(300);
    expect((await grant('lead', { agentId: ids.collector2, mode: 'listen' })).body.target).toBe('sip:Desk7@lab.test');
    expect((await call(server.url, '/api/auth/logout', { token: first.token, body: {} })).status).toBeLessThan(300);
    expect((await grant('lead', { agentId: ids.collector2, mode: 'listen' })).status).toBe(404);
  });

  it("puts an administrator's address before any registration, and refuses another user's address", async () => {
    // collector1 registered sip:collector1@lab.test: nobody else may claim it.
    const taken = await report(tokens.collector2, 'sip:collector1@lab.test');
    expect(taken.status).toBe(403);
    expect(taken.body.error.message).toBe("sip:collector1@lab.test is another user's SIP address: ask an administrator");

    await server.store.security.setSipUri(ids.collector2, 'sip:agent2@pbx.example.com');
    // An administrator's address is nobody else's to register either.
    expect((await report(tokens.collector1, 'sip:agent2@pbx.example.com')).status).toBe(403);
    // The agent's own registration is kept, but the administrator's address is where calls go.
    expect((await report(tokens.collector2, 'sip:collector2@lab.test')).body).toEqual({ sipUri: 'sip:agent2@pbx.example.com', source: 'admin' });
    await onCall('collector2', { sipUri: 'sip:collector2@lab.test' });
    const reply = await grant('lead', { agentId: ids.collector2, mode: 'listen' });
    expect(reply.body.target).toBe('sip:agent2@pbx.example.com');
    expect((await server.store.monitor.sessionsOf(ids.collector2, 1))[0]!.target).toBe('sip:agent2@pbx.example.com');
    await server.store.security.setSipUri(ids.collector2, null);
    expect((await grant('lead', { agentId: ids.collector2, mode: 'listen' })).body.target).toBe('sip:collector2@lab.test');
  });

  it('takes only an address of record, from a sign-in that proved its device, in the SIP domains the organisation allows', async () => {
    for (const bad of ['collector1', 'tel:+12125550100', '"Li Na" <sip:li@lab.test>', 'sip:li@lab.test;transport=ws', 'sip:li@lab.test?subject=x', 'sip:li@', 'https://lab.test', 7, null]) {
      const reply = await report(tokens.collector2, bad);
      expect(reply.status, String(bad)).toBe(400);
      expect(reply.body.error.issues?.[0]?.path).toBe('sipUri');
    }
    expect((await call(server.url, '/api/monitor/address', { token: tokens.collector2, body: { sipUri: 'sip:x@lab.test', extra: 1 } })).status).toBe(400);
    expect((await call(server.url, '/api/monitor/address', { body: { sipUri: 'sip:x@lab.test' } })).status).toBe(401);

    // A device bound to a secret, signed in without it: this session proves nothing.
    const secret = 'S'.repeat(43);
    const bound = await call<{ token: string }>(server.url, '/api/auth/login', { body: { username: 'collector2', password: 'demo1234', deviceId: 'device-secret-7', deviceSecret: secret } });
    expect(bound.status).toBe(200);
    const unproven = await call<{ token: string }>(server.url, '/api/auth/login', { body: { username: 'collector2', password: 'demo1234', deviceId: 'device-secret-7' } });
    expect(unproven.status).toBe(200);
    const refused = await report(unproven.body.token, 'sip:unproven@lab.test');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/did not prove its device/);

    // The organisation allows registrations in its own domain only.
    // (Its clock is later than the suite's: this sign-in's registration is the latest of collector2's.)
    const strict = buildApp(server.store, { logger: false, now: () => new Date(NOW.getTime() + 60_000), monitor: { sipDomains: ['pbx.example.com'] } });
    try {
      const put = (sipUri: string) => strict.inject({ method: 'POST', url: '/api/monitor/address', headers: { authorization: `Bearer ${bound.body.token}` }, payload: { sipUri } });
      const outside = await put('sip:agent2@lab.test');
      expect(outside.statusCode).toBe(403);
      expect(outside.json<ErrorBody>().error.message).toMatch(/not in the organisation's SIP domains \(pbx\.example\.com\)/);
      expect((await put('sip:agent2b@PBX.example.com:5061')).json()).toEqual({ sipUri: 'sip:agent2b@pbx.example.com:5061', source: 'registration' });
    } finally {
      await strict.close();
    }
  });

  it("marks a grant used once, on the agent's own call; a replay hears it was used, another agent or call finds no grant", async () => {
    await onCall('collector1');
    const given = (await grant('lead', { agentId: ids.collector1, mode: 'listen' })).body;
    const otherCall = await use(tokens.collector1, given.sessionId, 'call-other');
    expect(otherCall.status).toBe(404);
    const otherAgent = await use(tokens.collector2, given.sessionId);
    expect(otherAgent.status).toBe(404);
    expect(otherAgent.body.error.message).toBe(`No monitor grant ${given.sessionId} for your call call-abc-1`);
    // Neither burnt it.
    const first = await use(tokens.collector1, given.sessionId);
    expect(first.body).toEqual({ first: true, usedAt: expect.stringMatching(/^2025-06-02T01:30/) });
    // From another console of the same agent, or the same one after losing its record.
    const other = await login(server.url, 'collector1', 'device-collector1-other');
    expect((await use(other.token, given.sessionId)).body).toEqual({ first: false, usedAt: first.body.usedAt });
    expect((await server.store.monitor.sessionsOf(ids.collector1, 10)).find((s) => s.id === given.sessionId))
      .toMatchObject({ usedAt: first.body.usedAt, usedDeviceId: 'device-collector1' });
    // Two consoles racing with one grant: exactly one is first.
    const raced = (await grant('lead', { agentId: ids.collector1, mode: 'listen' })).body;
    const answers = await Promise.all([use(tokens.collector1, raced.sessionId), use(other.token, raced.sessionId), use(tokens.collector1, raced.sessionId)]);
    expect(answers.map((a) => a.body.first).sort()).toEqual([false, false, true]);
    expect((await use(tokens.collector1, 'not-a-uuid')).status).toBe(400);
    expect((await call(server.url, `/api/monitor/sessions/${given.sessionId}/use`, { token: tokens.collector1, body: {} })).status).toBe(400);
    expect((await call(server.url, `/api/monitor/sessions/${given.sessionId}/use`, { body: { callId: 'call-abc-1' } })).status).toBe(401);
  });

  it('answers hostile text in every field of the address and use routes with a 4xx, never a 5xx', async () => {
    const failures: string[] = [];
    const uuid = '0190a0b0-0000-7000-8000-000000000000';
    for (const h of HOSTILE_CORPUS) {
      const cases: [string, Promise<{ status: number }>][] = [
        ['address sipUri', report(tokens.collector2, h.value)],
        ['address sipUri in an address', report(tokens.collector2, `sip:${h.value}@lab.test`)],
        ['use callId', use(tokens.collector2, uuid, h.value)],
        ['use sessionId', use(tokens.collector2, h.value)],
      ];
      for (const [name, pending] of cases) {
        const { status } = await pending;
        if (status >= 500 || status < 400) failures.push(`${name} ← ${h.name}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
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
