// The screen's gate looks ahead: a phone is offered for dialling at the click only if the gate
// allows it now and still allows it ALLOWED_AHEAD_MS later, on the same data. A calling window
// about to close, or compliance data about to go stale, takes the phone out of the look-ahead
// while it is still allowed now (the click then waits for dial.authorize, as before).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALLOWED_AHEAD_MS } from '../../electron/core/compliance/dial-handlers';
import { createCore, type Core } from '../../electron/core/core';
import { startServer } from '../../server/app';
import { TEST_KDF } from '../support/console-store';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let now = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Beijing

async function signedIn(): Promise<Core> {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-ahead-'));
  const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now: () => now });
  cleanups.push(() => server.close().catch(() => undefined));
  const core = createCore({ dataDir: join(dir, 'console'), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, { now: () => now, syncIntervalMs: 3_600_000, kdf: TEST_KDF });
  cleanups.push(() => core.close());
  await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
  await core.handlers['sync.now']({});
  return core;
}

/** A CN account with a debtor's phone the gate allows now, that quiet hours apply to (no express consent). */
async function callablePhone(core: Core): Promise<{ accountId: string; phoneId: string }> {
  const page = await core.handlers['queue.page']({ filter: { region: 'CN' }, offset: 0, limit: 50 });
  for (const row of page.rows.slice(0, page.workable)) {
    const detail = await core.handlers['account.get']({ accountId: row.accountId });
    const gate = await core.handlers['compliance.gate']({ accountId: row.accountId });
    const phone = detail.phones.find((p) => p.consent !== 'express' && gate.phones.find((g) => g.phoneId === p.id)?.decision === 'allow');
    if (phone) return { accountId: row.accountId, phoneId: phone.id };
  }
  throw new Error('No callable CN phone without express consent in the demo portfolio');
}

describe('the screen gate’s look-ahead', () => {
  it('offers an allowed phone for dialling at the click, for ALLOWED_AHEAD_MS', async () => {
    now = new Date('2026-11-24T02:00:00Z');
    const core = await signedIn();
    const { accountId, phoneId } = await callablePhone(core);
    const gate = await core.handlers['compliance.gate']({ accountId });
    expect(gate.allowedAhead).toEqual({ phoneIds: expect.arrayContaining([phoneId]), forMs: ALLOWED_AHEAD_MS });
    // Only allowed phones are ever offered.
    for (const id of gate.allowedAhead!.phoneIds) expect(gate.phones.find((p) => p.phoneId === id)?.decision).toBe('allow');
  });

  it('does not offer a phone whose calling window closes within the look-ahead, though it is allowed now', async () => {
    now = new Date('2026-11-24T13:59:00Z'); // 21:59 in Beijing
    const core = await signedIn();
    const { accountId, phoneId } = await callablePhone(core);
    now = new Date(Date.parse('2026-11-24T14:00:00Z') - ALLOWED_AHEAD_MS / 2); // quiet hours from 22:00, half the look-ahead away
    const gate = await core.handlers['compliance.gate']({ accountId });
    expect(gate.phones.find((p) => p.phoneId === phoneId)?.decision).toBe('allow');
    expect(gate.allowedAhead!.phoneIds).not.toContain(phoneId);
    // The click then asks the core first, as ever: still allowed this second.
    expect((await core.handlers['dial.authorize']({ accountId, phoneId })).outcome).toBe('allowed');
  });

  it('does not offer any phone when the compliance data goes stale within the look-ahead', async () => {
    now = new Date('2026-11-24T02:00:00Z');
    const core = await signedIn();
    const { accountId, phoneId } = await callablePhone(core);
    now = new Date(now.getTime() + 15 * 60_000 - ALLOWED_AHEAD_MS / 2); // data older than 15 minutes blocks every dial
    const gate = await core.handlers['compliance.gate']({ accountId });
    expect(gate.phones.find((p) => p.phoneId === phoneId)?.decision).toBe('allow');
    expect(gate.allowedAhead!.phoneIds).toEqual([]);
  });
});
