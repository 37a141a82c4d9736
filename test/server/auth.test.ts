import { afterAll, beforeAll, expect, it } from 'vitest';
import { LoginResponse } from '../../shared/sync/protocol';
import { hashToken } from '../../server/auth/tokens';
import { type ErrorBody, NOW, type TestServer, call, describeEachStore, login, startTestServer } from './helpers';

const TTL = 60 * 60 * 1000;

describeEachStore('auth over HTTP', (kind) => {
  let server: TestServer;
  let clock = NOW;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, tokenTtlMs: TTL, now: () => clock }, kind);
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  it('answers health', async () => {
    const reply = await call(server.url, '/api/health');
    expect(reply).toEqual({ status: 200, body: { ok: true, version: expect.any(String) } });
  });

  it('signs a demo user in and returns an expiring token', async () => {
    const reply = await call(server.url, '/api/auth/login', { body: { username: 'collector1', password: 'demo1234', deviceId: 'pc-1' } });
    expect(reply.status).toBe(200);
    const body = LoginResponse.parse(reply.body);
    expect(body.user).toMatchObject({ username: 'collector1', displayName: '李娜', role: 'collector' });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.token).toMatch(/^[\w-]{43}$/);
    expect(body.expiresAt).toBe(new Date(NOW.getTime() + TTL).toISOString());

    const me = await call<{ user: { username: string } }>(server.url, '/api/me', { token: body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('collector1');
  });

  it('gives one message for a wrong password and an unknown user', async () => {
    const wrong = await call<ErrorBody>(server.url, '/api/auth/login', { body: { username: 'collector1', password: 'nope-nope', deviceId: 'pc-1' } });
    const unknown = await call<ErrorBody>(server.url, '/api/auth/login', { body: { username: 'nobody', password: 'demo1234', deviceId: 'pc-1' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: 'UNAUTHORIZED', message: 'Wrong username or password' });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('keeps only the SHA-256 of the token', async () => {
    const { token } = await login(server.url, 'collector2');
    const rows = await server.database.query<Record<string, string>>('select * from sessions');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((r) => r.token_hash)).toContain(hashToken(token));
  });

  it('refuses missing, unknown and expired tokens with distinct messages', async () => {
    const none = await call<ErrorBody>(server.url, '/api/me');
    expect(none.status).toBe(401);
    expect(none.body.error).toEqual({ code: 'UNAUTHORIZED', message: 'Not signed in' });

    const unknown = await call<ErrorBody>(server.url, '/api/me', { token: 'made-up' });
    expect(unknown.body.error.message).toBe('Not signed in');

    const { token } = await login(server.url, 'lead');
    clock = new Date(NOW.getTime() + TTL - 1);
    expect((await call(server.url, '/api/me', { token })).status).toBe(200);
    clock = new Date(NOW.getTime() + TTL);
    const expired = await call<ErrorBody>(server.url, '/api/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toEqual({ code: 'UNAUTHORIZED', message: 'Session expired, sign in again' });
    clock = NOW;
  });

  it('signs out: the token stops working, and signing out again is harmless', async () => {
    const { token } = await login(server.url, 'field');
    // Used a moment before (so the server has the session cached): sign-out still ends it at once.
    expect((await call(server.url, '/api/me', { token })).status).toBe(200);
    expect((await call(server.url, '/api/auth/logout', { method: 'POST', token })).status).toBe(200);
    const after = await call<ErrorBody>(server.url, '/api/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toBe('Not signed in');
    expect((await call(server.url, '/api/auth/logout', { method: 'POST', token })).status).toBe(200);
  });

  it('rejects malformed login bodies with VALIDATION naming the field', async () => {
    const missing = await call<ErrorBody>(server.url, '/api/auth/login', { body: { username: 'collector1', password: 'demo1234' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION');
    expect(missing.body.error.message).toContain('deviceId');
    expect(missing.body.error.issues).toEqual([{ path: 'deviceId', message: expect.any(String) }]);

    const extra = await call<ErrorBody>(server.url, '/api/auth/login', { body: { username: 'a', password: 'b', deviceId: 'c', admin: true } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('VALIDATION');

    const notJson = await call<ErrorBody>(server.url, '/api/auth/login', { rawBody: '{"username":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('VALIDATION');

    const noBody = await call<ErrorBody>(server.url, '/api/auth/login', { method: 'POST' });
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.code).toBe('VALIDATION');
  });

  it('answers unknown routes with NOT_FOUND in the error shape', async () => {
    const reply = await call<ErrorBody>(server.url, '/api/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('NOT_FOUND');
  });
});
