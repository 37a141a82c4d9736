import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { testKeychain } from '../support/console-store';

/** The desktop app's way (a test keychain): the data opens at start, as the recovery screen needs. */
const desktop = { keychain: testKeychain() };
const config = (dataDir: string) => ({ dataDir, pinnedServerUrl: null, defaultServerUrl: 'http://127.0.0.1:9', host: 'browser' as const, version: '0.0.0' });

describe('a corrupt local database', () => {
  it('keeps the console up in recovery, names the file, and starts a fresh one beside it on request', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fairline-recovery-'));
    const file = join(dataDir, 'fairline.db');
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(file, garbage);

    const core = createCore(config(dataDir), desktop);
    const info = await core.handlers['app.info']({});
    expect(info.storeError?.file).toBe(file);
    expect(info.storeError?.message).toContain(file);
    await expect(core.handlers['session.current']({})).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

    const fresh = await core.handlers['app.startFresh']({});
    expect(fresh.storeError).toBeNull();
    expect(fresh.databaseFile).not.toBe(file);
    expect(existsSync(fresh.databaseFile)).toBe(true);
    expect(readFileSync(file).equals(garbage)).toBe(true);
    expect(await core.handlers['session.current']({})).toBeNull();
    core.close();

    // The choice survives a restart: the next start opens the fresh file, not the bad one.
    const again = createCore(config(dataDir), desktop);
    expect(again.info()).toMatchObject({ databaseFile: fresh.databaseFile, storeError: null });
    again.close();
  });

  it('refuses to replace a database that opened fine', async () => {
    const core = createCore(config(mkdtempSync(join(tmpdir(), 'fairline-recovery-'))), desktop);
    await expect(core.handlers['app.startFresh']({})).rejects.toMatchObject({ code: 'VALIDATION' });
    core.close();
  });
});
