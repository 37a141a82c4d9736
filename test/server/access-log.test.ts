// Who read which debtor's full record (docs/security.md "Who read what"), on both stores: a call
// review and a recording download are logged on the server, accounts opened on a console arrive
// as account.viewed events, and `admin access list` shows both by account and by user. And a
// console being handed in (revoked) or signed out pulls nothing more.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { NOW, type TestServer, call, clientEvent, describeEachStore, login, startTestServer, tempDir } from './helpers';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describeEachStore('read-access log', (kind) => {
  let server: TestServer;
  const blobs = tempDir();
  let out: string[];
  let err: string[];
  const io = (): AdminIo => ({ out: (l) => out.push(l), err: (l) => err.push(l), env: server.database.env, now: () => NOW });
  const admin = (...argv: string[]) => { out = []; err = []; return runAdmin(argv, io()); };
  const device = 'device-access-collector1';
  const recording = randomBytes(5_000);
  let agent = { token: '', id: '' };
  let lead = '';
  let ref = '';
  const callId = 'call-access-1';

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, blobDir: blobs.dir }, kind);
    const s = await login(server.url, 'collector1', device);
    agent = { token: s.token, id: s.user.id };
    lead = (await login(server.url, 'lead')).token;
    const [account] = await server.database.query<{ id: string; ref: string }>(`select id, ref from accounts where assigned_to = '${agent.id}' order by ref limit 1`);
    const [phone] = await server.database.query<{ id: string }>(`select id from phones where account_id = '${account!.id}' limit 1`);
    ref = account!.ref;
    const at = NOW.toISOString();
    const events = [
      { ...clientEvent(1, agent.id, device, { type: 'account.viewed' }), accountId: account!.id },
      { ...clientEvent(2, agent.id, device, {
        type: 'call.attempt', callId, direction: 'outbound', phoneId: phone!.id, partyId: null, number: '+8613800000000', result: 'answered',
        startedAt: at, answeredAt: at, endedAt: at, sipStatus: 200, recording: { file: `/data/${callId}.webm`, sha256: sha(recording), durationMs: 1000 },
      }), accountId: account!.id },
    ];
    expect((await call(server.url, '/api/sync/push', { token: agent.token, body: { deviceId: device, events } })).status).toBe(200);
    const up = await fetch(`${server.url}/api/blobs/${sha(recording)}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'upload-length': String(recording.length) },
      body: new Uint8Array(recording),
    });
    expect(up.status).toBe(200);
  }, 30_000);
  afterAll(async () => { await server?.stop(); blobs.remove(); });

  it('logs a call review and a recording download, once per reader within a minute, and lists them by account and by user', async () => {
    expect((await call(server.url, `/api/review/calls/${callId}`, { token: lead })).status).toBe(200);
    for (let i = 0; i < 3; i++) { // a player's range requests
      const res = await fetch(`${server.url}/api/blobs/${sha(recording)}`, { headers: { authorization: `Bearer ${lead}`, range: `bytes=${i * 10}-` } });
      expect(res.status).toBe(206);
      await res.arrayBuffer();
    }
    await server.store.audit.flush(); // written within a second anyway; the test does not wait for it
    expect(await admin('access', 'list', '--account', ref)).toBe(0);
    const lines = out.map((l) => l.split('\t'));
    expect(lines.map((l) => [l[1], l[3], l[4], l[7]])).toEqual(expect.arrayContaining([
      ['lead', 'call', ref, 'server'], ['lead', 'recording', ref, 'server'], ['collector1', 'account', ref, 'console'],
    ]));
    expect(lines.filter((l) => l[3] === 'recording')).toHaveLength(1);
    expect(await admin('access', 'list', '--user', 'lead')).toBe(0);
    expect(out.every((l) => l.split('\t')[1] === 'lead')).toBe(true);
    expect(out).toHaveLength(2);
    // The log is chained like every other record.
    expect(await admin('audit', 'verify')).toBe(0);
  });

  it('refuses every pull to a console handing in after its device was revoked, while it may still push', async () => {
    const secret = 'access-test-device-secret-0123456789abcdefghijk';
    const handDevice = 'device-access-handin';
    const signed = await call<{ token: string; user: { id: string } }>(server.url, '/api/auth/login', { body: { username: 'collector1', password: 'demo1234', deviceId: handDevice, deviceSecret: secret } });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const pulls = ['/api/sync/pull?cursor=0&limit=10', '/api/sync/pull/compliance?cursor=0&limit=10', '/api/sync/pull/routes?cursor=0&limit=10', '/api/sync/pull/talktracks?cursor=0&limit=10'];
    for (const p of pulls) expect((await call(server.url, p, { token: signed.body.token })).status).toBe(200);
    expect(await admin('device', 'revoke', handDevice)).toBe(0);
    const contact = await call<{ wipe: { handIn: { token: string } | null } | null }>(server.url, '/api/device/contact', { body: { deviceId: handDevice, deviceSecret: secret } });
    expect(contact.status).toBe(200);
    const handIn = contact.body.wipe!.handIn!.token;
    for (const p of pulls) {
      const r = await call<{ error: { code: string } }>(server.url, p, { token: handIn });
      expect(r.status, p).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    const push = await call(server.url, '/api/sync/push', { token: handIn, body: { deviceId: handDevice, events: [clientEvent(1, signed.body.user.id, handDevice, { type: 'note.added', text: 'handed in' })] } });
    expect(push.status).toBe(200);
  });

  it('refuses every pull once the console signed out', async () => {
    const s = await login(server.url, 'collector1', 'device-access-signout');
    expect((await call(server.url, '/api/sync/pull/compliance?cursor=0&limit=10', { token: s.token })).status).toBe(200);
    expect((await call(server.url, '/api/auth/logout', { method: 'POST', token: s.token })).status).toBeLessThan(300);
    expect((await call(server.url, '/api/sync/pull/compliance?cursor=0&limit=10', { token: s.token })).status).toBe(401);
    expect((await call(server.url, '/api/sync/pull?cursor=0&limit=10', { token: s.token })).status).toBe(401);
  });
});
