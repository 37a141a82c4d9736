// The routes bucket: a field agent's visits per day, set with the admin CLI, pulled whole.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PullResponse, RoutePage } from '../../shared/sync/protocol';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { DEMO_ROUTE_LENGTH } from '../../server/seed/demo';
import { NOW, type TestServer, call, describeEachStore, login, startTestServer } from './helpers';

describeEachStore('routes bucket', (kind) => {
  let server: TestServer;
  let out: string[];
  let err: string[];
  const io = (): AdminIo => ({ out: (l) => out.push(l), err: (l) => err.push(l), env: server.database.env, now: () => NOW });
  const admin = (...argv: string[]) => { out = []; err = []; return runAdmin(argv, io()); };
  const routes = async (token: string, cursor: number) => {
    const r = await call(server.url, `/api/sync/pull/routes?cursor=${cursor}&limit=100`, { token });
    expect(r.status).toBe(200);
    return RoutePage.parse(r.body);
  };
  const allAccounts = async (token: string) => {
    const ids: string[] = [];
    for (let cursor = 0; ;) {
      const page = PullResponse.parse((await call(server.url, `/api/sync/pull?cursor=${cursor}&limit=1000`, { token })).body);
      ids.push(...page.accounts.map((b) => b.account.id));
      cursor = page.cursor;
      if (!page.hasMore) return { ids, refs: new Map(page.accounts.map((b) => [b.account.id, b.account.ref])) };
    }
  };

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  it("brings the field agent today's demo route, in order, of accounts the agent has", async () => {
    const { token } = await login(server.url, 'field');
    const page = await routes(token, 0);
    expect(page.routes).toHaveLength(1);
    expect(page.routes[0]).toMatchObject({ date: '2025-06-02' });
    expect(page.routes[0]!.accountIds).toHaveLength(DEMO_ROUTE_LENGTH);
    const { ids } = await allAccounts(token);
    for (const id of page.routes[0]!.accountIds) expect(ids).toContain(id);
    expect(await routes(token, page.cursor)).toMatchObject({ routes: [], hasMore: false, cursor: page.cursor });
  });

  it('shows other users no route', async () => {
    const { token } = await login(server.url, 'collector1');
    expect((await routes(token, 0)).routes).toEqual([]);
  });

  it('replaces a day with `route set`, assigning accounts the agent did not have, and clears it with none', async () => {
    const field = await login(server.url, 'field');
    const first = await routes(field.token, 0);
    // Two of collector1's accounts go on tomorrow's route.
    const collector = await login(server.url, 'collector1');
    const theirs = await allAccounts(collector.token);
    const refs = theirs.ids.slice(0, 2).map((id) => theirs.refs.get(id)!);
    expect(await admin('route', 'set', 'field', '2025-06-03', refs[1]!, refs[0]!)).toBe(0);
    expect(out.join('\n')).toContain(`${refs[1]} → ${refs[0]}`);

    const next = await routes(field.token, first.cursor);
    expect(next.routes).toEqual([expect.objectContaining({ date: '2025-06-03', accountIds: [theirs.ids[1], theirs.ids[0]] })]);
    const now = await allAccounts(field.token);
    expect(now.ids).toEqual(expect.arrayContaining([theirs.ids[0], theirs.ids[1]]));
    expect((await allAccounts(collector.token)).ids).not.toContain(theirs.ids[0]);

    expect(await admin('route', 'set', 'field', '2025-06-03')).toBe(0);
    const cleared = await routes(field.token, next.cursor);
    expect(cleared.routes).toEqual([expect.objectContaining({ date: '2025-06-03', accountIds: [] })]);

    expect(await admin('route', 'show', 'field')).toBe(0);
    expect(out[0]).toMatch(/^2025-06-03\t0 visits/);
    expect(out[1]).toMatch(new RegExp(`^2025-06-02\\t${DEMO_ROUTE_LENGTH} visits`));
  });

  it('refuses a bad route and changes nothing', async () => {
    const field = await login(server.url, 'field');
    const before = await routes(field.token, 0);
    expect(await admin('route', 'set', 'field', '2025-13-40', 'X')).toBe(2);
    expect(err.join('\n')).toContain('DATE must be a day as yyyy-mm-dd');
    expect(await admin('route', 'set', 'collector1', '2025-06-04')).toBe(1);
    expect(err.join('\n')).toContain('routes are for field agents');
    expect(await admin('route', 'set', 'field', '2025-06-04', 'NO-SUCH-REF')).toBe(1);
    expect(err.join('\n')).toContain('No account with ref NO-SUCH-REF');
    expect((await routes(field.token, 0)).cursor).toBe(before.cursor);
  });

  it('answers a cursor from another database with a reset, and a bad query with 400', async () => {
    const { token } = await login(server.url, 'field');
    const reset = await routes(token, 10_000_000);
    expect(reset).toMatchObject({ reset: true, cursor: 0, hasMore: true, routes: [] });
    const bad = await call(server.url, '/api/sync/pull/routes?cursor=-1', { token });
    expect(bad.status).toBe(400);
    expect((await call(server.url, '/api/sync/pull/routes?cursor=0')).status).toBe(401);
  });
});
