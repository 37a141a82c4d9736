// Devices that cannot be impersonated, on both stores (docs/server.md "Devices"): a device id
// is bound to the secret of the console that first signed in with one; another console with
// the same id is refused, a session without the secret cannot push for it, the real console's
// outbox keeps flowing, and two agents sharing the console both work.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password';
import { DEMO_PASSWORD, DEMO_TEAMS } from '../../server/seed/demo';
import { type ErrorBody, type TestServer, NOW, call, clientEvent, describeEachStore, startTestServer } from './helpers';
import type { LoginResponse } from '../../shared/sync/protocol';

const DEVICE = 'desk-console-1';
const MINE = 'M'.repeat(43);
const THEIRS = 'T'.repeat(43);

describeEachStore('device binding', (kind) => {
  let server: TestServer;
  let seq = 0;
  const signIn = (username: string, deviceSecret?: string) =>
    call<LoginResponse | ErrorBody>(server.url, '/api/auth/login', { body: { username, password: DEMO_PASSWORD, deviceId: DEVICE, ...(deviceSecret ? { deviceSecret } : {}) } });
  const push = (s: LoginResponse) =>
    call<{ lastSeq: number } | ErrorBody>(server.url, '/api/sync/push', { token: s.token, body: { deviceId: DEVICE, events: [clientEvent(++seq, s.user.id, DEVICE)] } });

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    const cn = await server.store.findTeamByName(DEMO_TEAMS.cn);
    await server.store.createUser({ id: uuidv7(), username: 'collector1b', displayName: 'Desk mate', role: 'collector', teamId: cn!.id, passwordHash: await hashPassword(DEMO_PASSWORD) }, NOW.toISOString());
  }, 60_000);
  afterAll(async () => { await server?.stop(); });

  it('binds the device to the first console\'s secret and refuses another console with the same id', async () => {
    const mine = await signIn('collector1', MINE);
    expect(mine.status).toBe(200);
    const session = mine.body as LoginResponse;
    expect((await push(session)).status).toBe(200);

    const theirs = await signIn('collector2', THEIRS);
    expect(theirs.status).toBe(403);
    expect((theirs.body as ErrorBody).error.message).toMatch(/registered to another console/);
    // Even the same agent's password on another console does not take the device.
    expect((await signIn('collector1', THEIRS)).status).toBe(403);
    // The real console's outbox keeps flowing: the device was never taken over.
    expect((await push(session)).status).toBe(200);
    const device = await server.store.getDevice(DEVICE);
    expect(device).toMatchObject({ bound: true, lastSeq: seq, userId: session.user.id });
  });

  it('lets a sign-in without the secret check a password but never push for the device or take it', async () => {
    const unproven = await signIn('collector2');
    expect(unproven.status).toBe(200); // e.g. a supervisor approving an override at this desk
    const refused = await push(unproven.body as LoginResponse);
    expect(refused.status).toBe(403);
    expect((refused.body as ErrorBody).error.message).toMatch(/did not prove device/);
    seq--; // nothing of it was stored
    const owner = (await signIn('collector1', MINE)).body as LoginResponse;
    expect((await push(owner)).status).toBe(200);
  });

  it('keeps a shared desk working: a second agent on the same console pushes into the same device sequence', async () => {
    const mate = await signIn('collector1b', MINE);
    expect(mate.status).toBe(200);
    const reply = await push(mate.body as LoginResponse);
    expect(reply.status).toBe(200);
    expect((reply.body as { lastSeq: number }).lastSeq).toBe(seq);
  });

  it('records each refused device as a security event', async () => {
    const events = await server.store.security.list({ id: '', role: 'admin' }, { limit: 50, kind: 'device.refused' });
    expect(events.filter((e) => e.deviceId === DEVICE)).toHaveLength(2);
    expect(events[0]!.detail).toEqual({ reason: 'mismatch' });
  });
});
