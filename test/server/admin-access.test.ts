// A production install, on both stores (docs/server.md "First start", "Admin CLI"): a server
// started without --demo leaves the database empty; the first administrator is bootstrapped
// once; passwords are set and reset, users disabled and enabled, sessions and devices listed
// and revoked, each change logged as a security event.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { type ErrorBody, type TestServer, NOW, call, describeEachStore, startTestServer } from './helpers';
import { LoginResponse } from '../../shared/sync/protocol';

const SECRET_A = 'a'.repeat(43);

describeEachStore('production install and access administration', (kind) => {
  let server: TestServer;
  let out: string[];
  let err: string[];
  const io = (): AdminIo => ({ out: (l) => out.push(l), err: (l) => err.push(l), env: { ...server.database.env, USER: 'ops' }, now: () => NOW });
  const run = (...argv: string[]) => { out = []; err = []; return runAdmin(argv, io()); };
  const signIn = (username: string, password: string, deviceId = `dev-${username}`, deviceSecret?: string) =>
    call<LoginResponse | ErrorBody>(server.url, '/api/auth/login', { body: { username, password, deviceId, ...(deviceSecret ? { deviceSecret } : {}) } });

  beforeAll(async () => { server = await startTestServer({}, kind); }, 60_000);
  afterAll(async () => { await server?.stop(); });

  it('starts empty without the demo: no users, no accounts, and demo1234 opens nothing', async () => {
    const counts = await server.store.counts();
    expect(counts.users).toBe(0);
    expect(counts.accounts).toBe(0);
    expect((await signIn('admin', 'demo1234')).status).toBe(401);
  });

  it('bootstraps the first administrator once, with a generated password printed once', async () => {
    expect(await run('bootstrap-admin', '--username', 'root_admin', '--name', 'Ops')).toBe(0);
    const password = /Password \(shown once.*\): (\S+)$/.exec(out[0]!)![1]!;
    expect(password).toHaveLength(20);
    expect((await signIn('root_admin', password)).status).toBe(200);
    expect(await run('bootstrap-admin', '--username', 'second')).toBe(1);
    expect(err[0]).toMatch(/exists already/);
  });

  it('sets and resets passwords, ending the user\'s sessions', async () => {
    expect(await run('create-team', '--name', 'T1')).toBe(0);
    expect(await run('create-user', '--username', 'agent1', '--name', 'A', '--role', 'collector', '--team', 'T1', '--password', 'first-pass')).toBe(0);
    const session = (await signIn('agent1', 'first-pass')).body as LoginResponse;
    expect(await run('user', 'set-password', 'agent1')).toBe(0);
    const generated = /\(shown once\): (\S+)$/.exec(out[0]!)![1]!;
    expect(out[1]).toBe('1 session(s) ended');
    expect((await signIn('agent1', 'first-pass')).status).toBe(401);
    expect((await signIn('agent1', generated)).status).toBe(200);
    expect(await run('user', 'set-password', 'agent1', '--password', 'chosen-pass')).toBe(0);
    expect((await signIn('agent1', 'chosen-pass')).status).toBe(200);
    expect(await run('user', 'set-password', 'agent1', '--password', 'short')).toBe(2);
    expect(await run('user', 'set-password', 'nobody')).toBe(1);
    await new Promise((r) => setTimeout(r, 5_100)); // past the 5 s session cache
    expect((await call(server.url, '/api/me', { token: session.token })).status).toBe(401);
  }, 30_000);

  it('disables and enables a user', async () => {
    expect(await run('user', 'disable', 'agent1')).toBe(0);
    expect((await signIn('agent1', 'chosen-pass')).status).toBe(403);
    expect(await run('user', 'list')).toBe(0);
    expect(out.find((l) => l.startsWith('agent1\t'))).toMatch(/disabled/);
    expect(await run('user', 'enable', 'agent1')).toBe(0);
    expect((await signIn('agent1', 'chosen-pass')).status).toBe(200);
  });

  it('lists and revokes sessions without showing tokens', async () => {
    const s = (await signIn('agent1', 'chosen-pass', 'dev-list')).body as LoginResponse;
    expect(await run('session', 'list', '--user', 'agent1')).toBe(0);
    expect(out.join('\n')).not.toContain(s.token);
    const line = out.find((l) => l.includes('dev-list'))!;
    const id = line.split('\t')[0]!;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(await run('session', 'revoke', id)).toBe(0);
    expect(out[0]).toMatch(/^1 session/);
    expect(await run('session', 'revoke')).toBe(2);
  });

  it('lists, revokes and resets devices', async () => {
    expect((await signIn('agent1', 'chosen-pass', 'desk-7', SECRET_A)).status).toBe(200);
    expect(await run('device', 'list')).toBe(0);
    expect(out.find((l) => l.startsWith('desk-7\t'))).toMatch(/agent1\tbound\tactive/);
    expect(await run('device', 'revoke', 'desk-7')).toBe(0);
    const refused = await signIn('agent1', 'chosen-pass', 'desk-7', SECRET_A);
    expect(refused.status).toBe(403);
    expect((refused.body as ErrorBody).error.message).toMatch(/revoked/);
    expect(await run('device', 'reset', 'desk-7')).toBe(0);
    // Reset: a reinstalled console with a new secret binds the id again.
    expect((await signIn('agent1', 'chosen-pass', 'desk-7', 'b'.repeat(43))).status).toBe(200);
    expect(await run('device', 'revoke', 'no-such-device')).toBe(1);
  });

  it('logs every change as a security event naming who made it', async () => {
    expect(await run('security', 'events', '--limit', '100')).toBe(0);
    const kinds = out.map((l) => l.split('\t')[1]);
    for (const kind of ['admin.bootstrap', 'admin.user.created', 'admin.password.set', 'admin.user.disabled', 'admin.user.enabled', 'admin.session.revoked', 'admin.device.revoked', 'admin.device.reset']) {
      expect(kinds).toContain(kind);
    }
    expect(out.filter((l) => l.split('\t')[1]!.startsWith('admin.')).every((l) => l.split('\t')[2] === 'admin-cli:ops')).toBe(true);
    expect(kinds).toContain('device.refused');
  });
});
