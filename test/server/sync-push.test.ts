import { afterAll, beforeAll, expect, it } from 'vitest';
import { PushResponse } from '../../shared/sync/protocol';
import { type ErrorBody, type TestServer, call, clientEvent, describeEachStore, login, startTestServer } from './helpers';

describeEachStore('POST /api/sync/push', (kind) => {
  let server: TestServer;
  let token: string;
  let userId: string;
  let otherUserId: string;
  const device = 'device-collector1';

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    const session = await login(server.url, 'collector1', device);
    token = session.token;
    userId = session.user.id;
    otherUserId = (await login(server.url, 'collector2')).user.id;
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  const push = (events: unknown[], deviceId = device, as = token) =>
    call<PushResponse & ErrorBody>(server.url, '/api/sync/push', { token: as, body: { deviceId, events } });

  it('answers 0 for a device that has pushed nothing', async () => {
    expect(await push([])).toEqual({ status: 200, body: { lastSeq: 0 } });
  });

  it('stores a batch once however often it is sent', async () => {
    const batch = [1, 2, 3].map((seq) => clientEvent(seq, userId, device, { type: 'note.added', text: `note ${seq}` }));
    const before = (await server.store.counts()).events;
    expect(await push(batch)).toEqual({ status: 200, body: { lastSeq: 3 } });
    expect(await push(batch)).toEqual({ status: 200, body: { lastSeq: 3 } });
    expect(await push(batch.slice(1))).toEqual({ status: 200, body: { lastSeq: 3 } });
    expect((await server.store.counts()).events).toBe(before + 3);
  });

  it('acknowledges only the contiguous prefix when a seq is missing', async () => {
    const e4 = clientEvent(4, userId, device);
    const e5 = clientEvent(5, userId, device);
    const e6 = clientEvent(6, userId, device);
    expect((await push([e4, e6])).body).toEqual({ lastSeq: 4 });
    expect((await push([e6])).body).toEqual({ lastSeq: 4 });
    expect((await push([e5])).body).toEqual({ lastSeq: 6 });
  });

  it('refuses events recorded by another user, storing none of the batch', async () => {
    const before = (await server.store.counts()).events;
    const reply = await push([clientEvent(7, userId, device), clientEvent(8, otherUserId, device)]);
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('FORBIDDEN');
    expect((await server.store.counts()).events).toBe(before);
  });

  it('refuses a push for a device other than the session\'s', async () => {
    const reply = await push([clientEvent(1, userId, 'someone-else')], 'someone-else');
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('FORBIDDEN');
  });

  it('rejects malformed bodies with VALIDATION naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ deviceId: device }, 'events'],
      [{ deviceId: device, events: [{ ...clientEvent(9, userId, device), seq: 0 }] }, 'events.0.seq'],
      [{ deviceId: device, events: [{ ...clientEvent(9, userId, device), id: 'not-a-uuid' }] }, 'events.0.id'],
      [{ deviceId: device, events: [{ ...clientEvent(9, userId, device), body: { type: 'account.deleted' } }] }, 'events.0.body.type'],
      [{ deviceId: device, events: [clientEvent(9, userId, 'other-device')] }, 'events.0.deviceId'],
    ];
    for (const [body, path] of cases) {
      const reply = await call<ErrorBody>(server.url, '/api/sync/push', { token, body });
      expect(reply.status, path).toBe(400);
      expect(reply.body.error.code).toBe('VALIDATION');
      expect(reply.body.error.message).toContain(path);
      expect(reply.body.error.issues!.map((i) => i.path)).toContain(path);
    }
  });

  it('requires a session', async () => {
    const reply = await call<ErrorBody>(server.url, '/api/sync/push', { body: { deviceId: device, events: [] } });
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('UNAUTHORIZED');
  });
});
