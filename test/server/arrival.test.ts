// Server-side checks on arrival: contacts re-checked against the holds of their time, forged
// device sequences, foreign accounts, body limits and dead tokens. A refusal writes nothing.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import { PullResponse, ViolationsResponse } from '../../shared/sync/protocol';
import { NOW, type ErrorBody, type TestServer, call, describeEachStore, login, startTestServer } from './helpers';

const MINUTE = 60_000;

describeEachStore('arrival checks', (kind) => {
  let server: TestServer;
  let token: string;
  let userId: string;
  let accounts: AccountBundle[];
  let seq = 0;
  const device = 'device-arrival';

  // The portfolio arrives and the agent signs in the day before: contacts made in the hours
  // before NOW are then plausible by the server's clock (docs/sync.md "Arrival checks").
  let clock = new Date(NOW.getTime() - 24 * 60 * MINUTE);
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, now: () => clock, tokenTtlMs: 48 * 60 * MINUTE }, kind);
    const session = await login(server.url, 'collector2', device);
    token = session.token;
    userId = session.user.id;
    accounts = PullResponse.parse((await call(server.url, '/api/sync/pull?limit=1000', { token })).body).accounts;
    clock = NOW;
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  const quiet = () => accounts.filter((b) => b.holds.length === 0);
  const attempt = (account: AccountBundle, at: Date, phone = account.phones[0]!): ClientEvent => ({
    id: uuidv7(), deviceId: device, seq: ++seq, userId, accountId: account.account.id, deviceTime: at.toISOString(),
    body: {
      type: 'call.attempt', callId: `call-${seq}`, direction: 'outbound', phoneId: phone.id, partyId: phone.partyId, number: phone.number,
      result: 'no_answer', startedAt: at.toISOString(), answeredAt: null, endedAt: at.toISOString(), sipStatus: 480, recording: null,
    } satisfies EventBody,
  });
  const push = (events: unknown[], as = token, deviceId = device) =>
    call<{ lastSeq: number } & ErrorBody>(server.url, '/api/sync/push', { token: as, body: { deviceId, events } });
  const violations = async (as: string) => call<ViolationsResponse & ErrorBody>(server.url, '/api/review/violations', { token: as });

  it('stores a contact made during a cease hold as a violation, and still accepts the push', async () => {
    const target = quiet()[0]!;
    const held = await server.store.setHold({
      id: 'arrival-cease', accountId: target.account.id, kind: 'cease', note: 'cease', effectiveAt: new Date(NOW.getTime() - 60 * MINUTE).toISOString(),
    }, NOW.toISOString());
    await server.store.liftHold(held.id, new Date(NOW.getTime() - 20 * MINUTE).toISOString());
    const before = attempt(target, new Date(NOW.getTime() - 90 * MINUTE));
    const during = attempt(target, new Date(NOW.getTime() - 40 * MINUTE));
    const after = attempt(target, new Date(NOW.getTime() - 10 * MINUTE));
    const reply = await push([before, during, after]);
    expect(reply).toMatchObject({ status: 200, body: { lastSeq: seq } });
    expect((await push([before, during, after])).status).toBe(200); // a retry adds nothing

    const lead = await login(server.url, 'lead');
    const found = ViolationsResponse.parse((await violations(lead.token)).body).violations;
    expect(found).toEqual([expect.objectContaining({
      eventId: during.id, accountId: target.account.id, holdId: 'arrival-cease', holdKind: 'cease', rule: 'hold.cease', userId, eventType: 'call.attempt',
    })]);
    expect((await server.store.counts()).violations).toBe(1);
  });

  it('flags a call to a number under do_not_call, not to the account’s other numbers', async () => {
    const target = quiet().find((b) => b.phones.length >= 2)!;
    const [blocked, other] = target.phones;
    await server.store.setHold({
      id: 'arrival-dnc', accountId: target.account.id, kind: 'do_not_call', note: 'wrong number', phoneId: blocked!.id, partyId: blocked!.partyId,
      effectiveAt: new Date(NOW.getTime() - MINUTE).toISOString(),
    }, NOW.toISOString());
    const bad = attempt(target, NOW, blocked);
    const fine = attempt(target, NOW, other);
    expect((await push([bad, fine])).status).toBe(200);
    const admin = await login(server.url, 'admin');
    const found = ViolationsResponse.parse((await violations(admin.token)).body).violations.filter((v) => v.holdId === 'arrival-dnc');
    expect(found.map((v) => v.eventId)).toEqual([bad.id]);
  });

  it('does not count the outcome of an inbound call as a contact when its attempt came in an earlier push', async () => {
    const [a, b] = quiet().slice(-2) as [AccountBundle, AccountBundle];
    for (const [i, target] of [a, b].entries()) {
      await server.store.setHold({
        id: `arrival-inbound-${i}`, accountId: target.account.id, kind: 'cease', note: 'cease', effectiveAt: new Date(NOW.getTime() - 60 * MINUTE).toISOString(),
      }, NOW.toISOString());
    }
    const at = new Date(NOW.getTime() - 10 * MINUTE);
    const incoming = attempt(a, at);
    const inbound: ClientEvent = { ...incoming, body: { ...(incoming.body as Extract<EventBody, { type: 'call.attempt' }>), direction: 'inbound' } };
    const outbound = attempt(b, at);
    expect((await push([inbound, outbound])).status).toBe(200);
    const outcome = (of: ClientEvent): ClientEvent => {
      const call = of.body as Extract<EventBody, { type: 'call.attempt' }>;
      return {
        id: uuidv7(), deviceId: device, seq: ++seq, userId, accountId: of.accountId, deviceTime: at.toISOString(),
        body: {
          type: 'call.outcome', callId: call.callId, phoneId: call.phoneId, partyId: call.partyId, packId: 'us-regf', outcome: 'no_answer', contact: 'no_answer',
          hold: null, promise: null, plan: null, callback: null, note: '', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null,
        } satisfies EventBody,
      };
    };
    const closesInbound = outcome(inbound);
    const closesOutbound = outcome(outbound);
    expect((await push([closesInbound, closesOutbound])).status).toBe(200);
    const admin = await login(server.url, 'admin');
    const found = ViolationsResponse.parse((await violations(admin.token)).body).violations.filter((v) => v.holdId.startsWith('arrival-inbound-'));
    expect(found.map((v) => v.eventId).sort()).toEqual([outbound.id, closesOutbound.id].sort());
  });

  it('scopes the review list: agents are refused, bad queries get 400, no token 401', async () => {
    const agent = await violations(token);
    expect(agent.status).toBe(403);
    expect(agent.body.error.code).toBe('FORBIDDEN');
    expect((await call(server.url, '/api/review/violations?limit=0', { token: (await login(server.url, 'admin')).token })).status).toBe(400);
    expect((await call(server.url, '/api/review/violations')).status).toBe(401);
  });

  it('refuses a forged device sequence with 409 and writes nothing', async () => {
    const target = quiet()[5]!;
    const stored = attempt(target, NOW);
    expect((await push([stored])).status).toBe(200);
    const before = await server.store.counts();
    // Same seq, another id: a sequence going backwards under a new event.
    const forged = { ...attempt(target, NOW), seq: stored.seq };
    const fresh = attempt(target, NOW);
    const reply = await push([fresh, forged]);
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toMatch(new RegExp(`already stored seq ${stored.seq}`));
    // The same id again under another seq.
    const moved = await push([{ ...stored, seq: seq + 10 }]);
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toMatch(/already stored as seq/);
    // Two events at one seq inside a batch.
    const twice = attempt(target, NOW);
    expect((await push([twice, { ...twice, id: uuidv7() }])).status).toBe(409);
    expect(await server.store.counts()).toEqual(before);
    expect((await server.store.getDevice(device))!.lastSeq).toBe(stored.seq);
  });

  it('refuses a device registered to another user, and events about another team’s accounts', async () => {
    const cn = await login(server.url, 'collector1', 'device-cn');
    const before = await server.store.counts();
    // collector2's token on collector1's device: the session names another device.
    expect((await push([], token, 'device-cn')).status).toBe(403);
    // collector1 signs in on collector2's device later; collector2's old session may no longer push there.
    const stale = await login(server.url, 'collector2', 'device-shared');
    await login(server.url, 'collector1', 'device-shared');
    const r = await push([], stale.token, 'device-shared');
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('registered to another user');
    // collector1 (CN team) pushing about a US account.
    const us = accounts[0]!;
    const foreign: ClientEvent = { ...attempt(us, NOW), deviceId: 'device-cn', userId: cn.user.id, seq: 1 };
    const f = await push([foreign], cn.token, 'device-cn');
    expect(f.status).toBe(403);
    expect(f.body.error.message).toContain(us.account.id);
    const unknown: ClientEvent = { ...foreign, accountId: 'no-such-account' };
    expect((await push([unknown], cn.token, 'device-cn')).status).toBe(403);
    const after = await server.store.counts();
    expect({ ...after, sessions: 0, devices: 0 }).toEqual({ ...before, sessions: 0, devices: 0 });
  });

  it('answers 413 to a body over the limit, 400 to malformed JSON, 401 to replayed and expired tokens', async () => {
    const big = await call<ErrorBody>(server.url, '/api/auth/login', { rawBody: JSON.stringify({ username: 'x'.repeat(100_000), password: 'p', deviceId: 'd' }) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('VALIDATION');
    const huge = await call<ErrorBody>(server.url, '/api/sync/push', { token, rawBody: `{"deviceId":"${device}","events":[],"pad":"${'x'.repeat(17 * 1024 * 1024)}"}` });
    expect(huge.status).toBe(413);
    expect((await call(server.url, '/api/sync/push', { token, rawBody: '{"deviceId":' })).status).toBe(400);
    expect((await call(server.url, '/api/sync/push', { token, body: { deviceId: device, events: 'none' } })).status).toBe(400);

    const session = await login(server.url, 'collector2', device);
    expect((await call(server.url, '/api/auth/logout', { method: 'POST', token: session.token })).status).toBe(200);
    const replay = await call<ErrorBody>(server.url, '/api/sync/pull', { token: session.token });
    expect(replay.status).toBe(401);
  });
});

describeEachStore('expired sessions on arrival', (kind) => {
  let server: TestServer;
  let now = NOW;
  beforeAll(async () => { server = await startTestServer({ seedDemo: true, tokenTtlMs: MINUTE, now: () => now }, kind); }, 30_000);
  afterAll(async () => { await server?.stop(); });

  it('answers 401 with "Session expired" on every endpoint', async () => {
    const session = await login(server.url, 'lead');
    now = new Date(NOW.getTime() + 2 * MINUTE);
    for (const path of ['/api/sync/pull/compliance', '/api/review/violations', '/api/sync/pull/talktracks']) {
      const fresh = path === '/api/sync/pull/compliance' ? session.token : (now = new Date(NOW.getTime()), await login(server.url, 'lead')).token;
      now = new Date(NOW.getTime() + 2 * MINUTE);
      const r = await call<ErrorBody>(server.url, path, { token: fresh });
      expect(r.status).toBe(401);
      expect(r.body.error.message).toContain('expired');
    }
  });
});
