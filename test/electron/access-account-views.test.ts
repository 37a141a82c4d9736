// Who opened which account and why, in the console's core (docs/security.md "Who read what"):
// one account.viewed per opening of the account view, with its purpose and whether the debtor
// was verified; reloads of the same opening log nothing; the event syncs like the others and the
// central server lists it, chained, in its read-access log.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountViews } from '../../electron/core/access/account-views';
import { createCore, type Core } from '../../electron/core/core';
import type { AccountViewedLog } from '../../shared/domain/access';
import { startServer } from '../../server/app';
import { TEST_KDF } from '../support/console-store';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function views(known = ['acc-1', 'acc-2']) {
  const logged: { accountId: string; body: AccountViewedLog }[] = [];
  const v = new AccountViews({ log: (accountId, body) => logged.push({ accountId, body }), hasAccount: (id) => known.includes(id) });
  return { v, logged };
}

describe('account views in the core', () => {
  it('logs an opening once, whatever reloads and re-renders report it again', () => {
    const { v, logged } = views();
    const opening = randomUUID();
    expect(v.opened({ accountId: 'acc-1', opening, purpose: 'queue', verified: null })).toBe(true);
    for (let i = 0; i < 5; i++) expect(v.opened({ accountId: 'acc-1', opening, purpose: 'queue', verified: null })).toBe(false);
    // The agent dials from the open account: the debt hides until verification, still one opening.
    expect(v.opened({ accountId: 'acc-1', opening, purpose: 'call', verified: false })).toBe(false);
    expect(v.opened({ accountId: 'acc-1', opening, purpose: 'call', verified: true })).toBe(false);
    expect(logged).toEqual([{ accountId: 'acc-1', body: { type: 'account.viewed', purpose: 'queue', verified: null } }]);
    // Opened again later: a new opening, logged.
    expect(v.opened({ accountId: 'acc-1', opening: randomUUID(), purpose: 'next_account', verified: null })).toBe(true);
    expect(logged).toHaveLength(2);
  });

  it('logs an incoming call’s account when it opens with the debt hidden, and again once the debtor is verified', () => {
    const { v, logged } = views();
    const opening = randomUUID();
    expect(v.opened({ accountId: 'acc-2', opening, purpose: 'inbound_call', verified: false })).toBe(true);
    expect(v.opened({ accountId: 'acc-2', opening, purpose: 'inbound_call', verified: false })).toBe(false);
    expect(v.opened({ accountId: 'acc-2', opening, purpose: 'inbound_call', verified: true })).toBe(true);
    expect(v.opened({ accountId: 'acc-2', opening, purpose: 'inbound_call', verified: true })).toBe(false);
    expect(logged.map((l) => l.body.verified)).toEqual([false, true]);
  });

  it('logs nothing for an account this console does not hold, and forgets the oldest openings first', () => {
    const { v, logged } = views();
    expect(v.opened({ accountId: 'elsewhere', opening: randomUUID(), purpose: 'other', verified: null })).toBe(false);
    expect(logged).toEqual([]);
    const first = randomUUID();
    v.opened({ accountId: 'acc-1', opening: first, purpose: 'queue', verified: null });
    for (let i = 0; i < 1000; i++) v.opened({ accountId: 'acc-2', opening: randomUUID(), purpose: 'queue', verified: null });
    // Long forgotten: a report of it logs again (at worst one entry too many, never one too few).
    expect(v.opened({ accountId: 'acc-1', opening: first, purpose: 'queue', verified: null })).toBe(true);
  });
});

describe('account views end to end in the core', () => {
  it('syncs each opening as account.viewed, listed by the server with who, when and why, and the chain still verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-access-'));
    const server = await startServer({ databaseFile: join(dir, 'server.db'), blobDir: join(dir, 'blobs'), seedDemo: true, logger: false });
    cleanups.push(() => server.close().catch(() => undefined));
    const core: Core = createCore(
      { dataDir: join(dir, 'agent'), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' },
      { syncIntervalMs: 3_600_000, fetch, kdf: TEST_KDF },
    );
    cleanups.push(() => core.close());
    const session = await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    // Any hour will do: the queue's first account, callable now or not.
    const page = await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 1 });
    const accountId = page.rows[0]!.accountId;
    const before = (await core.handlers['sync.status']({})).pendingEvents;

    const opening = randomUUID();
    const detail = await core.handlers['account.get']({ accountId });
    expect(await core.handlers['account.opened']({ accountId, opening, purpose: 'next_account', verified: null })).toEqual({ logged: true });
    // The view reloads (a sync, a wrap-up): the same opening, nothing more.
    await core.handlers['account.get']({ accountId });
    expect(await core.handlers['account.opened']({ accountId, opening, purpose: 'next_account', verified: null })).toEqual({ logged: false });
    expect((await core.handlers['sync.status']({})).pendingEvents).toBe(before + 1);
    // An opening is an access record, not part of the account's history.
    const after = await core.handlers['account.get']({ accountId });
    expect(after.timeline.filter((t) => t.kind === 'account.viewed')).toEqual([]);
    expect(after.timeline).toHaveLength(detail.timeline.length);

    expect(await core.handlers['sync.now']({})).toMatchObject({ pendingEvents: 0, lastError: null });
    const listed = await server.store.audit.listAccess({ accountId, limit: 10 });
    expect(listed).toEqual([expect.objectContaining({
      userId: session.user.id, username: 'collector1', what: 'account', accountId, accountRef: detail.account.ref,
      reason: 'account opened on the console: next account', origin: 'console',
    })]);
    expect(Date.parse(listed[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(await server.store.audit.verify()).toMatchObject({ ok: true, broken: null });
  }, 60_000);
});
