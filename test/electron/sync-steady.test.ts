// A sync with nothing new does not carry the agent's whole list of accounts (a digest names the
// set the console holds); a change to the set still reaches it, and an account taken away goes.
// The first pull ends with the digest alone: the console holds exactly the set it names.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { type RunningServer, startServer } from '../../server/app';
import { PullResponse } from '../../shared/sync/protocol';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('steady-state sync', { timeout: 60_000 }, () => {
  it('leaves the list of accounts out while the set is unchanged, and sends it when it changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-steady-'));
    const server: RunningServer = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false });
    cleanups.push(() => server.close());
    const pulls: PullResponse[] = [];
    const watching: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (new URL(String(input)).pathname === '/api/sync/pull') pulls.push(PullResponse.parse(await res.clone().json()));
      return res;
    };
    const core: Core = createCore({ dataDir: join(dir, 'console'), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, { fetch: watching, syncIntervalMs: 3_600_000 });
    cleanups.push(() => core.close());
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    const held = (await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 500 })).total;
    expect(held).toBeGreaterThan(100);
    expect(pulls.at(-1)).toMatchObject({ hasMore: false, assignedIds: null, assignedDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(pulls.every((p) => p.assignedIds === null)).toBe(true);

    // Nothing new: a small answer, no list.
    pulls.length = 0;
    await core.handlers['sync.now']({});
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ accounts: [], assignedIds: null, assignedDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // An account taken away: the list comes, and the console lets the account go.
    const [gone] = (await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 1 })).rows;
    const account = (await server.store.getAccount(gone!.accountId))!.account;
    await server.store.assignAccount(account.id, { assignedTo: null, teamId: account.teamId }, new Date().toISOString());
    pulls.length = 0;
    await core.handlers['sync.now']({});
    // The digest names another set than the one held: the list is asked for.
    expect(pulls.map((p) => p.assignedIds?.length ?? null)).toEqual([null, held - 1]);
    expect((await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 500 })).total).toBe(held - 1);

    // And quiet again after it.
    pulls.length = 0;
    await core.handlers['sync.now']({});
    expect(pulls[0]!.assignedIds).toBeNull();
  });
});
