// Least privilege for recordings and call ids, on both stores: knowing a recording's SHA-256 and
// pushing an event that names it does not let another team's agent download it, and reusing
// another team's call id (even backdated) neither takes the call over nor hides it from its lead.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventBody } from '../../shared/domain/events';
import { type TestServer, NOW, call, clientEvent, describeEachStore, login, startTestServer, tempDir } from './helpers';
import type { LoginResponse } from '../../shared/sync/protocol';

describeEachStore('least privilege for blobs and call ids', (kind) => {
  let server: TestServer;
  const blobs = tempDir();
  const sessions: Record<string, LoginResponse> = {};
  const seqs: Record<string, number> = {};
  const accounts: Record<string, string> = {};
  const recording = randomBytes(5_000);
  const sha = createHash('sha256').update(recording).digest('hex');

  const attempt = (callId: string, at: string, withRecording: boolean): EventBody => ({
    type: 'call.attempt', callId, direction: 'outbound', phoneId: null, partyId: null, number: '+8613800000000', result: 'answered',
    startedAt: at, answeredAt: at, endedAt: at, sipStatus: 200, recording: withRecording ? { file: 'r.webm', sha256: sha, durationMs: 1000 } : null,
  });
  async function push(user: string, body: EventBody, deviceTime = NOW.toISOString()) {
    const s = sessions[user]!;
    const event = { ...clientEvent((seqs[user] = (seqs[user] ?? 0) + 1), s.user.id, `lp-${user}`, body), accountId: accounts[user]!, deviceTime };
    const reply = await call(server.url, '/api/sync/push', { token: s.token, body: { deviceId: `lp-${user}`, events: [event] } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, blobDir: blobs.dir }, kind);
    for (const user of ['collector1', 'collector2', 'lead']) sessions[user] = await login(server.url, user, `lp-${user}`);
    accounts.collector1 = (await server.store.findAccountByRef('CN-100001'))!.assignedTo === sessions.collector1!.user.id
      ? (await server.store.findAccountByRef('CN-100001'))!.id
      : (await server.store.pullAccounts(sessions.collector1!.user, 0, 1)).accounts[0]!.account.id;
    accounts.collector2 = (await server.store.pullAccounts(sessions.collector2!.user, 0, 1)).accounts[0]!.account.id;
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    blobs.remove();
  });

  it('serves a recording only to those who may see its account, not to whoever names its hash', async () => {
    await push('collector1', attempt('call-cn-1', NOW.toISOString(), true));
    const up = await fetch(`${server.url}/api/blobs/${sha}`, {
      method: 'PATCH', body: new Uint8Array(recording),
      headers: { authorization: `Bearer ${sessions.collector1!.token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'upload-length': String(recording.length) },
    });
    expect(up.status).toBe(200);
    // The attack: another team's agent pushes an event of their own naming the hash.
    await push('collector2', attempt('call-us-1', NOW.toISOString(), true));
    const get = (user: string) => fetch(`${server.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${sessions[user]!.token}` } });
    expect((await get('collector2')).status).toBe(403);
    expect((await get('lead')).status).toBe(200);
    expect((await get('collector1')).status).toBe(200);
  });

  it('keeps a call id with the device that first pushed it', async () => {
    await push('collector1', attempt('call-shared', NOW.toISOString(), false));
    // Another team's agent reuses the id, backdated so it would sort first.
    await push('collector2', attempt('call-shared', new Date(NOW.getTime() - 86_400_000).toISOString(), false));
    const detail = await call<{ call: { agent: { id: string } } }>(server.url, '/api/review/calls/call-shared', { token: sessions.lead!.token });
    expect(detail.status).toBe(200);
    expect(detail.body.call.agent.id).toBe(sessions.collector1!.user.id);
  });
});
