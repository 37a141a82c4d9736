// A console whose local store holds a large portfolio, signed in and offline (its central
// server address points at a closed port), served through the real core and browser shell. The
// store is written plain and encrypted in place when the core opens it (a test keychain holds its
// key, as the desktop app's OS keychain would, so it opens without a sign-in).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/core/core';
import { startBrowserShell } from '../../electron/hosts/browser-shell';
import { openDatabase } from '../../electron/core/store/database';
import { writeMeta } from '../../electron/core/store/meta';
import { applyBundles } from '../../electron/core/store/portfolio';
import { bundle } from './bundles';
import { testKeychain } from './console-store';

export async function startBigConsole(accounts: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'fairline-big-'));
  const db = openDatabase(join(dataDir, 'fairline.db'));
  const now = new Date();
  db.transaction(() => {
    const bundles = Array.from({ length: accounts }, (_, i) => bundle(i, {
      dueDate: new Date(now.getTime() - ((i * 7919) % 363) * 86_400_000).toISOString().slice(0, 10),
      region: i % 2 ? 'US' : 'CN', balance: (i * 104_729) % 5_000_000, stage: (['early', 'late', 'agency'] as const)[i % 3],
    }));
    applyBundles(db, bundles, now);
    const user = { id: 'u1', username: 'collector1', displayName: 'Collector One', role: 'collector' as const, teamId: 't1' };
    writeMeta(db, 'session', { token: 'offline', expiresAt: new Date(now.getTime() + 86_400_000).toISOString(), user });
    writeMeta(db, 'lastUserId', user.id);
    writeMeta(db, 'sync.cursor', 1);
  })();
  db.close();
  const core = createCore({ dataDir, pinnedServerUrl: 'http://127.0.0.1:9', defaultServerUrl: '', host: 'browser', version: '0' }, { syncIntervalMs: 3_600_000, keychain: testKeychain() });
  const shell = await startBrowserShell({ handlers: core.handlers, rendererDir: join(process.cwd(), 'dist', 'renderer') });
  return {
    url: shell.url,
    async close() {
      await shell.close();
      core.close();
    },
  };
}
