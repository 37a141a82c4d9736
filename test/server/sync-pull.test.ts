import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { PullResponse } from '../../shared/sync/protocol';
import { type ErrorBody, NOW, type TestServer, call, describeEachStore, login, startTestServer } from './helpers';

interface Pulled { accounts: AccountBundle[]; cursor: number; pages: PullResponse[] }

/** Pulls every page after `cursor`, checking each against the shared schema. */
async function pullAll(url: string, token: string, cursor = 0, limit = 100): Promise<Pulled> {
  const pages: PullResponse[] = [];
  for (;;) {
    const reply = await call(url, `/api/sync/pull?cursor=${cursor}&limit=${limit}`, { token });
    expect(reply.status).toBe(200);
    const page = PullResponse.parse(reply.body);
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { accounts: pages.flatMap((p) => p.accounts), cursor, pages };
}

describeEachStore('GET /api/sync/pull', (kind) => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    for (const name of ['collector1', 'collector2', 'lead', 'field', 'admin']) {
      const session = await login(server.url, name);
      tokens[name] = session.token;
      ids[name] = session.user.id;
    }
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  it('gives a collector only their own accounts, paged in version order', async () => {
    const { accounts, pages } = await pullAll(server.url, tokens.collector1!, 0, 50);
    expect(accounts.length).toBeGreaterThan(200);
    expect(accounts.every((b) => b.account.assignedTo === ids.collector1 && b.account.region === 'CN')).toBe(true);
    expect(new Set(accounts.map((b) => b.account.id)).size).toBe(accounts.length);

    expect(pages.length).toBe(Math.ceil(accounts.length / 50));
    const cursors = pages.map((p) => p.cursor);
    expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);
    expect(pages.slice(0, -1).every((p) => p.hasMore && p.assignedIds === null && p.accounts.length === 50)).toBe(true);
    expect(new Set(pages.at(-1)!.assignedIds)).toEqual(new Set(accounts.map((b) => b.account.id)));

    const sample = accounts[0]!;
    expect(sample.debts.length).toBeGreaterThan(0);
    expect(sample.parties[0]).toMatchObject({ kind: 'debtor', relation: 'self', name: sample.account.debtorName });
    expect(sample.phones.length).toBeGreaterThanOrEqual(2);
  });

  it('never shows a US account to the CN collector, nor a CN one to the US collector', async () => {
    const cn = await pullAll(server.url, tokens.collector1!, 0, 1000);
    const us = await pullAll(server.url, tokens.collector2!, 0, 1000);
    expect(cn.accounts.some((b) => b.account.region === 'US')).toBe(false);
    expect(us.accounts.length).toBeGreaterThan(200);
    expect(us.accounts.every((b) => b.account.region === 'US' && b.account.assignedTo === ids.collector2)).toBe(true);
  });

  it('shows the lead both teams, the field agent their visits, the admin everything', async () => {
    const lead = await pullAll(server.url, tokens.lead!, 0, 1000);
    const admin = await pullAll(server.url, tokens.admin!, 0, 1000);
    const field = await pullAll(server.url, tokens.field!, 0, 1000);
    const regions = new Set(lead.accounts.map((b) => b.account.region));
    expect(regions).toEqual(new Set(['CN', 'US']));
    expect(lead.accounts.length).toBe(admin.accounts.length);
    expect(admin.accounts.length).toBeGreaterThanOrEqual(600);
    expect(field.accounts.length).toBe(30);
    expect(field.accounts.every((b) => b.account.region === 'CN')).toBe(true);
  });

  it('returns nothing new after the last cursor', async () => {
    const { cursor } = await pullAll(server.url, tokens.collector2!);
    const again = await pullAll(server.url, tokens.collector2!, cursor);
    expect(again.accounts).toEqual([]);
    expect(again.cursor).toBe(cursor);
    expect(again.pages[0]!.assignedIds!.length).toBeGreaterThan(200);
  });

  it('carries a hold set or lifted through the store in the next pull, to that agent only', async () => {
    const c1 = await pullAll(server.url, tokens.collector1!);
    const c2 = await pullAll(server.url, tokens.collector2!);
    const target = c1.accounts.find((b) => b.holds.length === 0)!;

    const hold = await server.store.setHold({
      id: 'hold-test-1', accountId: target.account.id, kind: 'cease', note: 'written request', effectiveAt: NOW.toISOString(),
    }, NOW.toISOString());
    const next = await pullAll(server.url, tokens.collector1!, c1.cursor);
    expect(next.accounts.map((b) => b.account.id)).toEqual([target.account.id]);
    expect(next.accounts[0]!.holds).toContainEqual(hold);
    expect(next.cursor).toBeGreaterThan(c1.cursor);
    expect((await pullAll(server.url, tokens.collector2!, c2.cursor)).accounts).toEqual([]);

    await server.store.liftHold(hold.id, NOW.toISOString());
    const lifted = await pullAll(server.url, tokens.collector1!, next.cursor);
    expect(lifted.accounts.map((b) => b.account.id)).toEqual([target.account.id]);
    expect(lifted.accounts[0]!.holds.find((h) => h.id === hold.id)!.liftedAt).toBe(NOW.toISOString());
  });

  it('moves a reassigned account: the new agent gets it, the old one drops it via assignedIds', async () => {
    const c1 = await pullAll(server.url, tokens.collector1!);
    const fieldBefore = await pullAll(server.url, tokens.field!);
    const moved = c1.accounts.at(-1)!.account;

    await server.store.assignAccount(moved.id, { assignedTo: ids.field!, teamId: moved.teamId }, NOW.toISOString());
    const c1After = await pullAll(server.url, tokens.collector1!, c1.cursor);
    expect(c1After.accounts).toEqual([]);
    expect(c1After.pages.at(-1)!.assignedIds).not.toContain(moved.id);

    const fieldAfter = await pullAll(server.url, tokens.field!, fieldBefore.cursor);
    expect(fieldAfter.accounts.map((b) => b.account.id)).toEqual([moved.id]);
    expect(fieldAfter.pages.at(-1)!.assignedIds).toContain(moved.id);
  });

  it('starts over when the cursor is from another database', async () => {
    const reply = await call(server.url, '/api/sync/pull?cursor=999999999&limit=5', { token: tokens.collector2! });
    const page = PullResponse.parse(reply.body);
    expect(page.accounts.length).toBe(5);
    expect(page.hasMore).toBe(true);
  });

  it('validates the query and requires a session', async () => {
    const zero = await call<ErrorBody>(server.url, '/api/sync/pull?limit=0', { token: tokens.collector1! });
    expect(zero.status).toBe(400);
    expect(zero.body.error.code).toBe('VALIDATION');
    expect(zero.body.error.issues![0]!.path).toBe('limit');

    const negative = await call<ErrorBody>(server.url, '/api/sync/pull?cursor=-1', { token: tokens.collector1! });
    expect(negative.status).toBe(400);
    expect(negative.body.error.message).toContain('cursor');

    const anonymous = await call<ErrorBody>(server.url, '/api/sync/pull');
    expect(anonymous.status).toBe(401);
  });
});
