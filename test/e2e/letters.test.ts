// Letters from the account screen, end to end: the browser shell's console signed in as a collector
// with US accounts, the central server in this process on the console's training clock. The agent
// chooses the validation notice, issues it (and the Spanish one), sees both in the account's list and
// in the timeline as letters, downloads the PDF and it states the debtor's name and the amount owed
// (read back with PDF.js through unpdf), opens it in a window as a Blob URL; letter.issued reaches the
// central log. A cease hold refuses the next letter in words, first from the server, then from the
// console once the hold is pulled; in English and in Chinese.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { LetterList } from '../../shared/messaging/letters';
import { PullResponse } from '../../shared/sync/protocol';
import { call, login } from '../server/helpers';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

/** Monday 10:00 in New York. */
const BASE = '2026-12-07T15:00:00Z';

const dataDir = tempDataDir();
let server: RunningServer;
let app: RunningConsole;
let browser: Browser;
let page: Page;
let issued: AccountBundle;
let ceased: AccountBundle;
let token: string;
const started = Date.now();
const now = () => new Date(Date.parse(BASE) + (Date.now() - started));

beforeAll(async () => {
  server = await startServer({ databaseFile: join(dataDir, 'central.db'), seedDemo: true, logger: false, now });
  // The collector's US accounts as the server sends them: no hold and money owed.
  token = (await login(server.url, 'collector2', 'e2e-lookup')).token;
  const pulled = PullResponse.parse((await call(server.url, '/api/sync/pull?cursor=0&limit=200', { token })).body).accounts;
  const free = pulled.filter((b) => b.account.region === 'US' && b.holds.length === 0 && b.debts.some((d) => d.balanceMinor > 0));
  expect(free.length).toBeGreaterThanOrEqual(2);
  [issued, ceased] = [free[0]!, free[1]!];
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_SERVER_URL: server.url, FAIRLINE_CLOCK: BASE, TZ: 'UTC' });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, timezoneId: 'UTC', acceptDownloads: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await server?.close();
});

async function openAccount(account: AccountBundle): Promise<void> {
  await page.getByTestId('queue-search').fill(account.account.debtorName);
  await page.locator(`[data-testid="queue-row"][data-debtor-name="${account.account.debtorName}"]`).first().click();
  await page.getByTestId('letters-panel').waitFor();
}

const lettersOf = async (account: AccountBundle) => LetterList.parse((await call(server.url, `/api/letters?accountId=${account.account.id}`, { token })).body).letters;
const usd = (minor: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);

describe('letters from the account screen', () => {
  it('issues the validation notice and shows it in the account’s letters and in the timeline as a letter', async () => {
    await page.goto(app.url);
    await page.getByTestId('lang-switch').selectOption('en');
    await signIn(page, 'collector2');
    await page.getByTestId('queue-row').first().waitFor({ timeout: 30_000 });
    await openAccount(issued);
    const panel = page.getByTestId('letters-panel');
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('No letters yet.');
    expect(await page.getByTestId('letter-choice').locator('option').allTextContents()).toEqual([
      'Validation notice (Regulation F) · English', 'Validation notice (Regulation F) · Spanish',
    ]);
    expect(await page.getByTestId('letter-gate').getAttribute('data-decision')).toBe('allow');
    await page.getByTestId('letter-choice').selectOption('validation_notice:en');
    await page.getByTestId('letter-issue').click();
    await expect.poll(() => page.getByTestId('letter-item').count(), { timeout: 30_000 }).toBe(1);
    const [letter] = await lettersOf(issued);
    expect(letter).toMatchObject({ type: 'validation_notice', language: 'en', issuedOn: '2026-12-07', respondBy: '2027-01-13' });
    const item = page.getByTestId('letter-item').first();
    expect(await item.getAttribute('data-letter-id')).toBe(letter!.id);
    expect(await item.textContent()).toContain(`Total ${usd(letter!.amounts.totalMinor)}`);
    expect(await item.textContent()).toContain('Disputes by Jan 13, 2027');
    const timeline = page.getByTestId('account-timeline');
    await expect.poll(() => timeline.textContent(), { timeout: 15_000 }).toMatch(/Validation notice \(letter\)\s*in English/);
    expect(await timeline.textContent()).not.toContain('letter.validation_notice');
    expect(await timeline.textContent()).toContain('Disputes by Jan 13, 2027');

    // Spanish, where the consumer asked: a second letter, a new request.
    await page.getByTestId('letter-choice').selectOption('validation_notice:es');
    await page.getByTestId('letter-issue').click();
    await expect.poll(() => page.getByTestId('letter-item').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.locator('[data-testid="letter-item"][data-language="es"]').textContent()).toContain('Spanish');
    await expect.poll(() => timeline.textContent(), { timeout: 15_000 }).toMatch(/Validation notice \(letter\)\s*in Spanish/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'letters-01-issued-en');
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(page, 'letters-02-timeline-en');
  });

  it('downloads the PDF as issued, stating the debtor and the amount owed, and opens it in a window', async () => {
    const letter = (await lettersOf(issued)).find((l) => l.language === 'en')!;
    const item = page.locator(`[data-testid="letter-item"][data-letter-id="${letter.id}"]`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), item.getByTestId('letter-download').click()]);
    expect(download.suggestedFilename()).toBe('validation_notice-2026-12-07.pdf');
    const bytes = await readFile((await download.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(letter.sha256);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    const words = text.replace(/\s+/g, ' ');
    expect(words).toContain(issued.account.debtorName);
    expect(words).toContain('Total amount of the debt now:');
    expect(words).toContain(usd(letter.amounts.totalMinor));
    expect(letter.amounts.totalMinor).toBe(issued.debts.reduce((s, d) => s + Math.max(0, d.balanceMinor), 0));

    const [popup] = await Promise.all([page.waitForEvent('popup', { timeout: 30_000 }), item.getByTestId('letter-open').click()]);
    expect(popup.url()).toMatch(/^blob:/);
    await popup.close();
  });

  it('logs letter.issued in the agent’s log, synced to the central log like a call', async () => {
    const central = new Database(join(dataDir, 'central.db'), { readonly: true, fileMustExist: true });
    try {
      await expect.poll(() => central.prepare("SELECT count(*) AS n FROM events WHERE account_id = ? AND type = 'letter.issued'").get(issued.account.id) as { n: number },
        { timeout: 45_000, interval: 500 }).toEqual({ n: 2 });
    } finally {
      central.close();
    }
  });

  it('refuses a letter under a cease hold and says so in words, in English and in Chinese', async () => {
    await server.store.setHold({ id: 'e2e-cease', accountId: ceased.account.id, kind: 'cease', note: 'written request to stop', effectiveAt: '2026-12-01T00:00:00Z' }, now().toISOString());
    await page.getByTestId('account-back').click();
    await openAccount(ceased);
    const refusal = page.getByTestId('letter-refusal');
    // Before the console has pulled the hold the central server refuses; after, the console says it first.
    if (await page.getByTestId('letter-issue').isEnabled()) await page.getByTestId('letter-issue').click();
    await expect.poll(() => refusal.textContent(), { timeout: 15_000 }).toMatch(/Cease contact: a hold on this account|The central server refused it\. Cease contact/);
    expect(await page.getByTestId('letter-gate').getAttribute('data-decision')).toBe('block');
    expect(await page.getByTestId('letter-gate').textContent()).toContain('12 CFR 1006.6(c)');
    // Once pulled, the header shows the hold and the panel says it with its date.
    await expect.poll(async () => {
      await page.getByTestId('account-back').click();
      await openAccount(ceased);
      return page.locator('[data-testid="hold-banner"][data-kind="cease"]').count();
    }, { timeout: 75_000, interval: 3_000 }).toBe(1);
    await expect.poll(() => refusal.textContent(), { timeout: 15_000 }).toMatch(/Cease contact: a hold on this account since .*No collection letter may go\./);
    expect(await page.getByTestId('letter-issue').isDisabled()).toBe(true);
    expect(await lettersOf(ceased)).toEqual([]);
    await page.getByTestId('letters-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'letters-03-cease-en');

    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => refusal.textContent()).toMatch(/此账户自 .* 起有“停止联系”限制，不得寄送催收信函。|不得寄送催收信函/);
    expect(await page.getByTestId('letter-gate').textContent()).toContain('不能出具');
    await screenshot(page, 'letters-04-cease-zh');
    await page.getByTestId('account-back').click();
    await openAccount(issued);
    await expect.poll(() => page.getByTestId('letter-item').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('letters-panel').textContent()).toMatch(/此账户的信函.*债务确认通知/);
    await expect.poll(() => page.getByTestId('account-timeline').textContent()).toMatch(/债务确认通知（信函）\s*英文/);
    expect(await page.getByTestId('account-timeline').textContent()).toContain('异议截止');
    await page.getByTestId('letters-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'letters-05-issued-zh');
    await page.getByTestId('account-timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'letters-06-timeline-zh');
    await page.getByTestId('lang-switch').selectOption('en');
  }, 180_000);
});
