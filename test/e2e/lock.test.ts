// The idle lock through the README's start script and Debian's Chromium: the organisation's
// policy (here 15 s, set where the central server runs) locks the console after that long with
// no input; the lock screen hides every debtor detail but keeps what the agent was doing; the
// password unlocks it (a wrong one is refused); the texts are in both languages; Ctrl+Shift+L
// locks at once; and Settings says what protects the data on this computer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

let browser: Browser;
let app: RunningConsole;
let page: Page;
const CLOCK = '2026-11-24T02:00:00Z';

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: tempDataDir(), FAIRLINE_CLOCK: CLOCK, FAIRLINE_IDLE_LOCK_SECONDS: '15' });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the idle lock', () => {
  let debtor = '';

  it('locks after the idle time, showing nothing of the debtor and keeping the work in progress', async () => {
    await page.goto(app.url);
    await page.getByTestId('lang-switch').selectOption('en');
    await signIn(page, 'collector1');
    await page.getByTestId('queue-row').first().waitFor();
    debtor = (await page.getByTestId('queue-row').first().getAttribute('data-debtor-name')) ?? '';
    expect(debtor.length).toBeGreaterThan(1);
    await page.getByTestId('queue-search').fill('work in progress');

    await page.getByTestId('lock-screen').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('lock-reason').textContent()).toMatch(/15 seconds without use/);
    await expect.poll(() => page.locator('body').innerText()).toContain('李娜');
    // Nothing of the debtor's is shown: not their name, not the queue.
    expect(await page.locator('body').innerText()).not.toContain(debtor);
    expect(await page.getByTestId('queue-row').first().isVisible()).toBe(false);
    expect(await page.getByTestId('lock-guarded').isHidden()).toBe(true);
    await screenshot(page, 'lock-01-idle-en');

    const language = page.getByTestId('lock-screen').getByTestId('lang-switch');
    await language.selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('lock-screen').innerText()).toMatch(/已锁定/);
    await screenshot(page, 'lock-02-idle-zh');
    await language.selectOption('en');
  });

  it('refuses a wrong password and opens with the right one, the work still there', async () => {
    await page.getByTestId('lock-password').fill('not-the-password');
    await page.getByTestId('lock-unlock').click();
    // The password is checked against its scrypt slot (about a second).
    await expect.poll(() => page.getByTestId('lock-error').textContent(), { timeout: 15_000 }).toBe('Wrong password.');
    await screenshot(page, 'lock-03-wrong-password');
    await page.getByTestId('lock-password').fill('demo1234');
    await page.getByTestId('lock-unlock').click();
    await page.getByTestId('lock-screen').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.getByTestId('queue-search').inputValue()).toBe('work in progress');
    expect(await page.getByTestId('lock-guarded').isVisible()).toBe(true);
  });

  it('locks at once with Ctrl+Shift+L, in every tab of the console', async () => {
    await page.keyboard.press('Control+Shift+L');
    await page.getByTestId('lock-screen').waitFor();
    const second = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await second.goto(app.url);
    await second.getByTestId('lock-screen').waitFor({ timeout: 15_000 });
    await second.close();
    await page.getByTestId('lock-password').fill('demo1234');
    await page.getByTestId('lock-unlock').click();
    await page.getByTestId('lock-screen').waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('says in Settings what protects the data on this computer', async () => {
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('data-protection-key').textContent()).toMatch(/password of each agent who signed in here/);
    await page.getByTestId('data-protection').scrollIntoViewIfNeeded();
    await screenshot(page, 'lock-04-settings-data-protection');
  });
});
