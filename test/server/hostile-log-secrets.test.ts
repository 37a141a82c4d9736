// No token or secret in a log line (issue 14, docs/server.md "Security"): the server logs at its
// most verbose level while a console signs in, syncs, uploads, opens the presence socket and
// reviews a call, and while an attacker sends tokens, passwords and device secrets where they do
// not belong (the query string, the presence URL, bad bodies, bad Authorization headers). Not one
// log line may hold a session token, a password, a device secret or a hand-in token. The console's
// own messages (its presence log, the errors its HTTP client raises) are held to the same rule.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PresenceService } from '../../electron/core/presence/presence';
import { requestJson } from '../../electron/core/sync/http';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { PullResponse } from '../../shared/sync/protocol';
import { type TestServer, NOW, call, describeEachStore, startTestServer } from './helpers';

describeEachStore('no secret in a log line', (kind) => {
  let server: TestServer;
  const lines: string[] = [];
  const secrets = new Set<string>();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, logger: { level: 'trace', stream } }, kind);
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  it('logs requests, refusals and sign-ins without any token, password or device secret', async () => {
    secrets.add(DEMO_PASSWORD);
    const deviceSecret = randomBytes(32).toString('base64url');
    secrets.add(deviceSecret);
    const signedIn = await call<{ token: string; user: { id: string } }>(server.url, '/api/auth/login', {
      body: { username: 'collector2', password: DEMO_PASSWORD, deviceId: 'log-device', deviceSecret },
    });
    expect(signedIn.status).toBe(200);
    const token = signedIn.body.token;
    secrets.add(token);
    const lead = await call<{ token: string }>(server.url, '/api/auth/login', { body: { username: 'lead', password: DEMO_PASSWORD, deviceId: 'log-lead' } });
    secrets.add(lead.body.token);

    // Ordinary work: sync, a push with a recording and its upload, the board, a call reviewed.
    const callId = `c-${uuidv7()}`;
    const recording = randomBytes(64);
    const sha256 = (await import('node:crypto')).createHash('sha256').update(recording).digest('hex');
    const at = NOW.toISOString();
    const account = (await server.store.findAccountByRef('US-100001'))!;
    expect((await call(server.url, '/api/sync/push', { token, body: { deviceId: 'log-device', events: [{
      id: uuidv7(), deviceId: 'log-device', seq: 1, userId: signedIn.body.user.id, accountId: account.id, deviceTime: at,
      body: { type: 'call.attempt', callId, direction: 'outbound', phoneId: null, partyId: null, number: '+12125550100', result: 'answered',
        startedAt: at, answeredAt: at, endedAt: at, sipStatus: 200, recording: { file: 'r.webm', sha256, durationMs: 1000 } },
    }] } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/blobs/${sha256}`, {
      method: 'PATCH', body: recording,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'upload-length': String(recording.length) },
    })).status).toBe(200);
    await requestJson(fetch, server.url, 'api/sync/pull?cursor=0&limit=5', { token, schema: PullResponse });
    expect((await call(server.url, `/api/review/calls/${callId}`, { token: lead.body.token })).status).toBe(200);
    expect((await call(server.url, '/api/device/contact', { body: { deviceId: 'log-device', deviceSecret } })).status).toBe(200);

    // Tokens and secrets where they do not belong: every one refused, none written down.
    const inQuery = `query-${randomBytes(16).toString('base64url')}`;
    secrets.add(inQuery);
    for (const path of [`/api/me?token=${inQuery}`, `/api/sync/pull?access_token=${inQuery}`, `/api/nothing?token=${inQuery}`, `/api/sync/state?deviceId=log-device&token=${inQuery}`]) {
      await call(server.url, path, { token });
    }
    const forged = `forged-${randomBytes(16).toString('base64url')}`;
    secrets.add(forged);
    expect((await call(server.url, '/api/me', { token: forged })).status).toBe(401);
    // A password and a secret in a body that fails validation, a token in a field that is too long.
    const wrongPassword = `pw-${randomBytes(12).toString('base64url')}`;
    secrets.add(wrongPassword);
    expect((await call(server.url, '/api/auth/login', { body: { username: 'collector2', password: wrongPassword, deviceId: 'log-device', deviceSecret: 'short' } })).status).toBe(400);
    expect((await call(server.url, '/api/auth/login', { body: { username: 'collector2', password: wrongPassword, deviceId: 'log-device' } })).status).toBe(401);
    expect((await call(server.url, '/api/device/contact', { body: { deviceId: 'log-device', deviceSecret: `${forged}${'x'.repeat(200)}` } })).status).toBe(400);
    expect((await call(server.url, '/api/sync/push', { token, rawBody: `{"deviceId":"${token}",` })).status).toBe(400);

    // The presence socket: the token in the URL is refused, the header is used.
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/api/presence`;
    const refused = new WebSocket(`${wsUrl}?token=${inQuery}`);
    expect(await new Promise<number>((resolve) => {
      refused.once('unexpected-response', (_req, res) => { res.resume(); resolve(res.statusCode ?? 0); });
      refused.once('error', () => resolve(-1));
    })).toBe(400);
    const opened = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${lead.body.token}` } });
    await new Promise<void>((resolve, reject) => { opened.once('open', resolve); opened.once('error', reject); });
    opened.close();

    // Logging happened (a quiet logger would pass this test for nothing)...
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes('/api/sync/pull'))).toBe(true);
    // ...and not one line holds a secret, or an Authorization header in any form.
    const leaks = lines.flatMap((line) => [...secrets].filter((s) => line.includes(s)).map((s) => `${s.slice(0, 8)}… in ${line.slice(0, 200)}`));
    expect(leaks).toEqual([]);
    expect(lines.filter((l) => /authorization|bearer|cookie/i.test(l))).toEqual([]);
  });

  it('keeps tokens out of the console\'s presence log and its HTTP errors', async () => {
    const log: string[] = [];
    const stale = `stale-${randomBytes(16).toString('base64url')}`;
    const user = { id: 'x', username: 'lead', displayName: 'Lead', role: 'team_lead' as const, teamId: null };
    const service = new PresenceService({ serverUrl: () => server.url, session: () => ({ token: stale, user: user as never }), now: () => new Date(), log: (m) => log.push(m) });
    service.start();
    for (let i = 0; i < 100 && service.snapshot().connected === false && log.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await service.stop(true);
    expect(log.join('\n')).toMatch(/presence socket/);
    const errors: string[] = [];
    for (const attempt of [
      () => requestJson(fetch, server.url, 'api/sync/pull?cursor=0&limit=5', { token: stale, schema: PullResponse }),
      () => requestJson(fetch, 'http://127.0.0.1:9', 'api/sync/pull?cursor=0&limit=5', { token: stale, schema: PullResponse, timeoutMs: 2_000 }),
    ]) {
      await attempt().then(() => errors.push('no error'), (err: Error) => errors.push(err.message));
    }
    expect(errors).toHaveLength(2);
    expect([...log, ...errors].filter((m) => m.includes(stale))).toEqual([]);
  });
});
