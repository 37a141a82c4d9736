// Progressive dialling's choice and preview length are console settings: kept across restarts,
// defaulting for a console whose settings predate them, and a bad value refused with the field named.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../electron/core/core';
import { contract } from '../../shared/api/contract';
import { openConsoleStore, testKeychain } from '../support/console-store';

const keychain = testKeychain();
const open: Core[] = [];
afterEach(() => {
  for (const core of open.splice(0)) core.close();
});

function start(dataDir: string): Core {
  const core = createCore({ dataDir, pinnedServerUrl: null, defaultServerUrl: 'http://127.0.0.1:9', host: 'browser', version: '0' }, { secretBox: null, systemLocale: 'en', keychain });
  open.push(core);
  return core;
}

describe('progressive dialling settings', () => {
  it('are off with an 8 s preview by default, and kept across a restart once changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-progressive-'));
    const core = start(dir);
    expect((await core.handlers['settings.get']({})).progressive).toEqual({ enabled: false, previewSec: 8 });
    const turnedOn = await core.handlers['settings.update']({ progressive: { enabled: true } });
    expect(turnedOn.progressive).toEqual({ enabled: true, previewSec: 8 });
    // Changing the preview leaves the switch as it was, and other settings leave both alone.
    await core.handlers['settings.update']({ progressive: { previewSec: 0 } });
    await core.handlers['settings.update']({ phone: { autoAnswer: true } });
    core.close();
    open.length = 0;
    expect((await start(dir).handlers['settings.get']({})).progressive).toEqual({ enabled: true, previewSec: 0 });
  });

  it('default for settings saved before they existed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-progressive-'));
    const core = start(dir);
    await core.handlers['settings.update']({ phone: { autoAnswer: true } });
    core.close();
    open.length = 0;
    // Written by an older console: no progressive key at all.
    const db = openConsoleStore(dir, { keychain, readonly: false });
    try {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'settings'").get() as { value: string };
      const { progressive: _, ...older } = JSON.parse(row.value) as Record<string, unknown>;
      db.prepare("UPDATE meta SET value = ? WHERE key = 'settings'").run(JSON.stringify(older));
    } finally {
      db.close();
    }
    const read = await start(dir).handlers['settings.get']({});
    expect(read.progressive).toEqual({ enabled: false, previewSec: 8 });
    expect(read.phone.autoAnswer).toBe(true);
  });

  it('refuse a preview that is not whole seconds from 0 to 60, naming the field', () => {
    const input = contract['settings.update'].input;
    const issue = (progressive: unknown) => {
      const result = input.safeParse({ progressive });
      return result.success ? null : { path: result.error.issues[0]!.path.join('.'), message: result.error.issues[0]!.message };
    };
    expect(issue({ previewSec: 61 })).toEqual({ path: 'progressive.previewSec', message: 'At most 60 seconds' });
    expect(issue({ previewSec: -1 })).toEqual({ path: 'progressive.previewSec', message: 'At least 0 seconds' });
    expect(issue({ previewSec: 2.5 })).toEqual({ path: 'progressive.previewSec', message: 'Whole seconds' });
    expect(issue({ enabled: 'yes' })?.path).toBe('progressive.enabled');
    expect(issue({ predictive: true })?.path).toBe('progressive');
    expect(issue({ previewSec: 0 })).toBeNull();
  });
});
