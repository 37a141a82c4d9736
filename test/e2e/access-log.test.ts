// Who opened which account and why, end to end (docs/security.md "Who read what"): a collector
// opens accounts in the browser shell, from the queue's search and from the queue itself; each
// opening reaches the central server as one account.viewed, `admin access list` shows who, when
// and why, re-renders of the open account add nothing, and `admin audit verify` still proves the chain.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { type RunningServer, startServer } from '../../server/app';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

const dataDir = tempDataDir();
const dbFile = join(dataDir, 'central.db');
let server: RunningServer;
let app: RunningConsole;
let browser: Browser;
let page: Page;
/** Monday 11:00 in Beijing on the training clock: the queue has workable accounts to list. */
const DAY = '2026-12-07T03:00:00Z';
const started = Date.now();
/** The console's time: the training clock's, run on since the start. */
const consoleNow = () => Date.parse(DAY) + (Date.now() - started);

let out: string[] = [];
const io = (): AdminIo => ({ out: (l) => out.push(l), err: (l) => out.push(l), env: { FAIRLINE_SERVER_DB: dbFile }, now: () => new Date() });
async function admin(...argv: string[]): Promise<{ code: number; lines: string[][] }> {
  out = [];
  const code = await runAdmin(argv, io());
  return { code, lines: out.map((l) => l.split('\t')) };
}

beforeAll(async () => {
  server = await startServer({ databaseFile: dbFile, seedDemo: true, logger: false });
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: join(dataDir, 'console'), FAIRLINE_SERVER_URL: server.url, FAIRLINE_CLOCK: DAY, TZ: 'UTC' });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await server?.close();
});

/** Sends what the console holds (the sync badge) and waits for the account's console entries on the server. */
async function consoleEntries(ref: string, count: number): Promise<string[][]> {
  await page.getByTestId('sync-badge').click();
  let lines: string[][] = [];
  await expect.poll(async () => {
    lines = (await admin('access', 'list', '--account', ref)).lines.filter((l) => l[7] === 'console');
    return lines.length;
  }, { timeout: 30_000 }).toBe(count);
  return lines;
}

describe('accounts opened on the console, in the server’s read-access log', () => {
  let searched = { id: '', name: '', ref: '' };

  it('logs an account opened from the queue’s search once, with who, when and why', async () => {
    await page.goto(app.url);
    await page.getByTestId('lang-switch').selectOption('en');
    await signIn(page, 'collector1');
    const row = page.getByTestId('queue-row').nth(1);
    await row.waitFor({ timeout: 30_000 });
    const name = (await row.getAttribute('data-debtor-name'))!;
    const id = (await row.getAttribute('data-account-id'))!;
    await page.getByTestId('queue-search').fill(name);
    await page.locator(`[data-testid="queue-row"][data-account-id="${id}"]`).click();
    await expect.poll(() => page.getByTestId('account-name').textContent()).toBe(name);
    const ref = refOf(id);
    searched = { id, name, ref };
    const when = [Date.now(), consoleNow()];
    const [entry] = await consoleEntries(ref, 1);
    const [at, user, role, what, accountRef, , reason, origin] = entry!;
    expect({ user, role, what, accountRef, reason, origin }).toEqual({
      user: 'collector1', role: 'collector', what: 'account', accountRef: ref, reason: 'account opened on the console: search', origin: 'console',
    });
    // When: the console's time, or the server's on arrival where the two differ too much (docs/sync.md).
    expect(Math.min(...when.map((t) => Math.abs(Date.parse(at!) - t)))).toBeLessThan(60_000);
    await screenshot(page, 'access-01-account-opened');
  });

  it('adds nothing while the same opening re-renders and syncs, and logs the account opened again from the queue', async () => {
    // Re-rendered in another language and back, synced: still the same opening, nothing more sent.
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await page.waitForTimeout(500);
    await page.getByTestId('lang-switch').selectOption('en');
    await page.getByTestId('sync-badge').click();
    await page.waitForTimeout(3_000);
    expect(await consoleEntries(searched.ref, 1)).toHaveLength(1);
    await page.getByTestId('account-back').click();
    await page.getByTestId('queue-search').fill('');
    await page.locator(`[data-testid="queue-row"][data-account-id="${searched.id}"]`).click();
    await expect.poll(() => page.getByTestId('account-name').textContent()).toBe(searched.name);
    const lines = await consoleEntries(searched.ref, 2);
    expect(lines.map((l) => l[6])).toEqual(['account opened on the console: queue', 'account opened on the console: search']);
    await page.waitForTimeout(3_000); // anything more the console sent would have arrived
    expect((await admin('access', 'list', '--account', searched.ref)).lines.filter((l) => l[7] === 'console')).toHaveLength(2);
    expect((await admin('access', 'list', '--user', 'collector1')).lines.filter((l) => l[4] === searched.ref)).toHaveLength(2);
  });

  it('keeps the chain whole with the openings in it', async () => {
    const verified = await admin('audit', 'verify');
    expect(verified.code, out.join('\n')).toBe(0);
  });
});

/** The account's ref, as `admin access list --account` takes it, from the central store. */
function refOf(accountId: string): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare('select ref from accounts where id = ?').get(accountId) as { ref: string }).ref;
  } finally {
    db.close();
  }
}
