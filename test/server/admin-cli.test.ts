import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminIo, DEFAULT_DB, adminDatabase, runAdmin } from '../../server/admin/cli';
import { NOW, type TestServer, call, describeEachStore, startTestServer } from './helpers';

describe('admin CLI database choice', () => {
  it('takes --db (file or URL), then DATABASE_URL, then FAIRLINE_SERVER_DB, then the default', () => {
    const url = 'postgres://u@h:5432/d';
    expect(adminDatabase('x.db', { DATABASE_URL: url })).toEqual({ databaseFile: resolve('x.db') });
    expect(adminDatabase(url, { FAIRLINE_SERVER_DB: 'y.db' })).toEqual({ databaseUrl: url });
    expect(adminDatabase(undefined, { DATABASE_URL: url, FAIRLINE_SERVER_DB: 'y.db' })).toEqual({ databaseUrl: url });
    expect(adminDatabase(undefined, { FAIRLINE_SERVER_DB: 'y.db' })).toEqual({ databaseFile: resolve('y.db') });
    expect(adminDatabase(undefined, {})).toEqual({ databaseFile: resolve(DEFAULT_DB) });
  });

  it('exits 1 with a message, not a stack, when the database cannot be opened', async () => {
    const err: string[] = [];
    const code = await runAdmin(['create-team', '--name', 'X'], {
      out: () => {}, err: (l) => err.push(l), env: { DATABASE_URL: 'mysql://db.example/fairline' }, now: () => NOW,
    });
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^Error: Cannot open the database .*must start with postgres:\/\//)]);
  });
});

describeEachStore('admin CLI', (kind) => {
  let server: TestServer;
  let out: string[];
  let err: string[];
  const io = (): AdminIo => ({ out: (l) => out.push(l), err: (l) => err.push(l), env: server.database.env, now: () => NOW });
  const run = (...argv: string[]) => { out = []; err = []; return runAdmin(argv, io()); };

  // The CLI writes to the database while the server is running, as an operator would.
  beforeAll(async () => { server = await startTestServer({ seedDemo: true }, kind); }, 30_000);
  afterAll(async () => { await server?.stop(); });

  it('exits 2 with usage on bad arguments', async () => {
    expect(await run()).toBe(2);
    expect(err.join('\n')).toContain('Usage:');
    expect(await run('make-coffee')).toBe(2);
    expect(err[0]).toContain('unknown command "make-coffee"');
    expect(await run('create-team')).toBe(2);
    expect(err[0]).toContain('--name is required');
    expect(await run('create-team', '--name', 'X', '--colour', 'red')).toBe(2);
    expect(await run('create-user', '--username', 'u', '--name', 'U', '--role', 'boss', '--password', 'long-enough')).toBe(2);
    expect(err[0]).toContain('--role must be one of');
    expect(await run('set-hold', '--account', 'CN-100001', '--kind', 'do_not_call', '--note', 'x')).toBe(2);
    expect(err[0]).toContain('--phone is required');
  });

  it('creates a team and a user who can then sign in', async () => {
    expect(await run('create-team', '--name', 'West')).toBe(0);
    expect(out[0]).toContain('Created team "West"');
    expect(await run('create-team', '--name', 'West')).toBe(1);
    expect(err[0]).toContain('already exists');

    expect(await run('create-user', '--username', 'w1', '--name', 'Wes', '--role', 'collector', '--team', 'West', '--password', 'secret-123')).toBe(0);
    expect(await run('create-user', '--username', 'w2', '--name', 'Nope', '--role', 'collector', '--team', 'Nowhere', '--password', 'secret-123')).toBe(1);
    expect(err[0]).toContain('No team named "Nowhere"');

    const login = await call<{ user: { role: string } }>(server.url, '/api/auth/login', { body: { username: 'w1', password: 'secret-123', deviceId: 'd' } });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('collector');
  });

  it('sets and lifts a hold, each bumping the account for the next pull', async () => {
    const admin = await call<{ token: string }>(server.url, '/api/auth/login', { body: { username: 'admin', password: 'demo1234', deviceId: 'a' } });
    const token = admin.body.token;
    const first = await call<{ cursor: number }>(server.url, '/api/sync/pull?limit=1000', { token });

    expect(await run('set-hold', '--account', 'CN-100002', '--kind', 'dispute', '--note', 'Balance disputed by letter')).toBe(0);
    const holdId = /hold (\S+)/.exec(out[0]!)![1]!;
    const afterSet = await call<{ cursor: number; accounts: { account: { ref: string }; holds: { id: string; liftedAt: string | null }[] }[] }>(
      server.url, `/api/sync/pull?cursor=${first.body.cursor}`, { token });
    expect(afterSet.body.accounts.map((b) => b.account.ref)).toEqual(['CN-100002']);
    expect(afterSet.body.accounts[0]!.holds.find((h) => h.id === holdId)!.liftedAt).toBeNull();

    expect(await run('lift-hold', '--hold', holdId)).toBe(0);
    const afterLift = await call<{ accounts: { holds: { id: string; liftedAt: string | null }[] }[] }>(
      server.url, `/api/sync/pull?cursor=${afterSet.body.cursor}`, { token });
    expect(afterLift.body.accounts[0]!.holds.find((h) => h.id === holdId)!.liftedAt).toBe(NOW.toISOString());

    expect(await run('lift-hold', '--hold', 'no-such-hold')).toBe(1);
    expect(await run('set-hold', '--account', 'XX-1', '--kind', 'cease', '--note', 'n')).toBe(1);
  });
});
