// "My day" beside the team: the collector's own figures from the console's log, and the team's
// from the central server (GET /api/day/team), counted as the board counts them; without the
// server the day shows the agent's figures alone.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { LoginResponse, PullResponse } from '../../shared/sync/protocol';
import { startServer } from '../../server/app';
import { TEST_KDF } from '../support/console-store';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('my day beside my team', () => {
  it('shows the team’s totals from the central server, and the agent’s own alone without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-day-team-'));
    const server = await startServer({ databaseFile: join(dir, 'server.db'), blobDir: join(dir, 'blobs'), seedDemo: true, logger: false });
    let serverOpen = true;
    cleanups.push(() => serverOpen && server.close().catch(() => undefined));
    const core = createCore(
      { dataDir: join(dir, 'agent'), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' },
      { syncIntervalMs: 3_600_000, fetch, kdf: TEST_KDF },
    );
    cleanups.push(() => core.close());
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });

    // A teammate's console reports a right-party contact with a promise today.
    const post = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      expect(res.ok, await res.clone().text()).toBe(true);
      return res.json() as Promise<unknown>;
    };
    const mate = LoginResponse.parse(await post('/api/auth/login', { username: 'field', password: 'demo1234', deviceId: 'day-team-field' }));
    expect(mate.user.teamId).not.toBeNull();
    const pulled = PullResponse.parse(await (await fetch(new URL('/api/sync/pull?limit=5', server.url), { headers: { authorization: `Bearer ${mate.token}` } })).json());
    const account = pulled.accounts[0]!;
    await post('/api/sync/push', { deviceId: 'day-team-field', events: [{
      id: uuidv7(), deviceId: 'day-team-field', seq: 1, userId: mate.user.id, accountId: account.account.id, deviceTime: new Date().toISOString(),
      body: { type: 'call.outcome', callId: null, phoneId: null, partyId: null, packId: 'cn', outcome: 'promise_to_pay', contact: 'conversation', hold: null,
        promise: { amountMinor: 50_000, dueDate: '2030-01-01' }, plan: null, callback: null, note: '', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null },
    }] }, mate.token);

    const day = await core.handlers['day.mine']({ tz: 'Asia/Shanghai' });
    expect(day.mine).toMatchObject({ attempts: 0, rightPartyContacts: 0, promises: 0 });
    expect(day.team).toMatchObject({ rightPartyContacts: 1, promises: 1, promisedMinor: { CNY: 50_000 } });
    expect(day.team!.agents).toBeGreaterThanOrEqual(2);

    await server.close();
    serverOpen = false;
    const offline = await core.handlers['day.mine']({ tz: 'Asia/Shanghai' });
    expect(offline.team).toBeNull();
    expect(offline.mine).toEqual(day.mine);
  });
});
