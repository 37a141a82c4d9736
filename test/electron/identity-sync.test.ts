// Identity on file travels central store → console in the assignments bucket as salted digests and
// masked hints: the call can compare what the debtor says, and neither the account view, the call
// script nor the console's database holds the date of birth or the last four characters.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { startServer } from '../../server/app';
import type { IdentityFacts } from '../../shared/domain/identity';
import { compareAnswer } from '../../shared/talktrack';
import { openConsoleStore, TEST_KDF } from '../support/console-store';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-identity-'));
  const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false });
  cleanups.push(() => server.close().catch(() => undefined));
  const core: Core = createCore({ dataDir: join(dir, 'console'), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, { syncIntervalMs: 3_600_000, kdf: TEST_KDF });
  cleanups.push(() => core.close());
  return { server, core, consoleDir: join(dir, 'console') };
}

/** Every text in the console's database, table by table. */
function everyText(consoleDir: string): string {
  const db = openConsoleStore(consoleDir, { password: 'demo1234' });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
  } finally {
    db.close();
  }
}

describe('identity on file, central store to console', () => {
  it('arrives as digests and hints the call compares with, and the console never stores the values', async () => {
    const { server, core, consoleDir } = await world();
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    const rows = (await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 500 })).rows;
    const facts = (await Promise.all(rows.map((r) => server.store.identity.facts(r.accountId)))).filter((f): f is IdentityFacts => f !== undefined);
    expect(facts.length).toBe(rows.length); // the demo gives every CN account a row
    const full = facts.find((f) => f.dateOfBirth !== null && f.idLast4 !== null)!;
    const partial = facts.find((f) => f.idLast4 === null)!;
    expect(full && partial).toBeTruthy();

    const detail = await core.handlers['account.get']({ accountId: full.accountId });
    expect(detail.identity).toMatchObject({ dateOfBirth: { hint: `${full.dateOfBirth!.slice(0, 2)}**-**-**` }, idLast4: { hint: '••••' }, ssnLast4: null });
    const script = await core.handlers['script.forAccount']({ accountId: full.accountId, thirdParty: false });
    const context = script.context as { debtorName: string; identity: Parameters<typeof compareAnswer>[2] };
    const shown = JSON.stringify([detail, script.context]);
    expect(shown).not.toContain(full.dateOfBirth!);
    expect(shown).not.toContain(`"${full.idLast4!}"`);

    const identity = { ...context.identity, debtorName: context.debtorName };
    const [y, m, d] = full.dateOfBirth!.split('-').map(Number) as [number, number, number];
    expect(compareAnswer('dateOfBirth', `${y}年${m}月${d}日`, identity, 'zh-CN')).toBe('match');
    expect(compareAnswer('dateOfBirth', `${y + 1}年${m}月${d}日`, identity, 'zh-CN')).toBe('mismatch');
    expect(compareAnswer('idLast4', `110101${full.dateOfBirth!.replace(/-/g, '')}${full.idLast4!.toLowerCase()}`, identity, 'zh-CN')).toBe('match');

    const partialDetail = await core.handlers['account.get']({ accountId: partial.accountId });
    expect(partialDetail.identity?.idLast4 ?? null).toBeNull();

    // A change in the central store reaches a console that already holds the account.
    await server.store.identity.setIdentities([{ ...full, dateOfBirth: '1971-03-05' }], new Date().toISOString());
    await core.handlers['sync.now']({});
    const changed = await core.handlers['script.forAccount']({ accountId: full.accountId, thirdParty: false });
    const changedIdentity = { ...(changed.context as typeof context).identity, debtorName: context.debtorName };
    expect(compareAnswer('dateOfBirth', '1971年3月5日', changedIdentity, 'zh-CN')).toBe('match');
    expect(compareAnswer('dateOfBirth', `${y}年${m}月${d}日`, changedIdentity, 'zh-CN')).toBe('mismatch');
    core.close();

    const stored = everyText(consoleDir);
    expect(stored).toContain('"on_file"'); // the table is there and filled
    for (const f of facts) if (f.dateOfBirth) expect(stored).not.toContain(f.dateOfBirth);
    expect(stored).not.toContain('1971-03-05');
  });
});
