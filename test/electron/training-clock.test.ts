// FAIRLINE_CLOCK across restarts of one data directory: the sign-in and the compliance data
// stay usable when the console starts again on the same training clock.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clockFromEnv } from '../../electron/core/config';
import { createCore, type Core } from '../../electron/core/core';
import { startServer } from '../../server/app';
import { TEST_KDF, testKeychain } from '../support/console-store';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// Tuesday 10:00 in Beijing.
const DAY = '2026-11-24T02:00:00Z';

async function run(dir: string, env: NodeJS.ProcessEnv, keychain: ReturnType<typeof testKeychain> | null = null) {
  const clock = clockFromEnv({ ...env, FAIRLINE_DATA_DIR: join(dir, 'console') });
  const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now: clock.now });
  const core = createCore({ dataDir: join(dir, 'console'), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, { now: clock.now, syncIntervalMs: 3_600_000, kdf: TEST_KDF, keychain });
  const stop = async () => {
    core.close();
    await server.close().catch(() => undefined);
  };
  cleanups.push(stop);
  return { core, stop, clock };
}

async function dialGate(core: Core) {
  const page = await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 1 });
  return core.handlers['compliance.gate']({ accountId: page.rows[0]!.accountId });
}

describe('the training clock of a data directory', () => {
  it('carries on from where it was when the console starts again with the same FAIRLINE_CLOCK, and starts anew with another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-clock-'));
    const env = { FAIRLINE_DATA_DIR: dir, FAIRLINE_CLOCK: DAY };
    let real = Date.parse('2026-12-06T19:00:00Z');
    const first = clockFromEnv(env, () => real);
    expect(first.now().toISOString()).toBe('2026-11-24T02:00:00.000Z');
    real += 3 * 3_600_000; // three hours later, the console starts again
    const again = clockFromEnv(env, () => real);
    expect(again.shiftedTo).toBe('2026-11-24T05:00:00.000Z');
    const other = clockFromEnv({ ...env, FAIRLINE_CLOCK: '2026-11-25T02:00:00Z' }, () => real);
    expect(other.now().toISOString()).toBe('2026-11-25T02:00:00.000Z');
    expect(clockFromEnv({ FAIRLINE_DATA_DIR: dir }).shiftedTo).toBeNull();
  });

  it('desktop: keeps the sign-in and fresh compliance data across a restart on the same clock, with no new sign-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-clock-'));
    const keychain = testKeychain();
    const first = await run(dir, { FAIRLINE_CLOCK: DAY }, keychain);
    await first.core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await first.core.handlers['sync.now']({});
    const signedInAt = first.clock.now().getTime();
    await first.stop();
    const again = await run(dir, { FAIRLINE_CLOCK: DAY }, keychain);
    expect(again.clock.now().getTime()).toBeGreaterThanOrEqual(signedInAt); // never back in time
    expect(await again.core.handlers['session.current']({})).toMatchObject({ user: { username: 'collector1' } });
    const gate = await dialGate(again.core);
    expect(gate.phones.flatMap((p) => p.reasons.map((r) => r.rule))).not.toContain('console.compliance_stale');
    expect((await again.core.handlers['sync.now']({})).lastError).toBeNull();
  });

  it('browser shell: the agent signs in again (the data is locked at each start) and works on the same timeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-clock-'));
    const first = await run(dir, { FAIRLINE_CLOCK: DAY });
    await first.core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await first.core.handlers['sync.now']({});
    await first.stop();
    const again = await run(dir, { FAIRLINE_CLOCK: DAY });
    await again.core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    expect((await again.core.handlers['sync.now']({})).lastError).toBeNull();
    const gate = await dialGate(again.core);
    expect(gate.phones.flatMap((p) => p.reasons.map((r) => r.rule))).not.toContain('console.compliance_stale');
  });
});
