// A collector's first day, through the README's start script and Debian's Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

let browser: Browser;
let app: RunningConsole;
let page: Page;
const dataDir = tempDataDir();
// Tuesday 10:00 in Beijing: within calling hours for collector1's accounts, whenever the test runs.
const CLOCK = '2026-11-24T02:00:00Z';

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_CLOCK: CLOCK });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a collector on the console', () => {
  it('starts with the embedded server and says why it is not Electron', () => {
    expect(app.output()).toContain('Electron is not installed on this machine');
    expect(app.output()).toMatch(/Central server \(embedded\): http:\/\/127\.0\.0\.1:\d+/);
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
  });

  it('refuses a wrong password with a clear message', async () => {
    await page.goto(app.url);
    await page.getByTestId('lang-switch').selectOption('en');
    await signIn(page, 'collector1', 'not-the-password');
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toMatch(/username or password/i);
    await screenshot(page, '01-sign-in-error');
  });

  it('signs in and sees only their own queue, best first, with the accounts that cannot be called now after them', async () => {
    expect(app.output()).toContain('Clock set by FAIRLINE_CLOCK');
    await signIn(page, 'collector1');
    await page.getByTestId('queue-row').first().waitFor();
    await expect.poll(async () => Number((await page.getByTestId('queue-total').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(100);
    const regions = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    expect(regions.some((t) => t.includes('USD') || t.includes('$'))).toBe(false);
    // Within calling hours most accounts are workable; those on hold sit after all of them.
    const workable = Number(await page.getByTestId('queue-split').getAttribute('data-workable'));
    expect(workable).toBeGreaterThan(50);
    await screenshot(page, '02-queue');
    await page.getByTestId('queue-scroller').evaluate((el, top) => el.scrollTo({ top }), (workable - 3) * 36);
    const blocked = page.locator('[data-testid="queue-row"][data-blocked="true"]').first();
    await blocked.waitFor();
    expect(Number(await blocked.getAttribute('data-index'))).toBe(workable);
    await expect.poll(() => blocked.getByTestId('queue-row-blocked').textContent()).toMatch(/On hold|Back /);
    const before = await page.locator(`[data-testid="queue-row"][data-index="${workable - 1}"]`).getAttribute('data-blocked');
    expect(before).toBe('false');
    await screenshot(page, '02b-queue-blocked');
    await page.getByTestId('queue-scroller').evaluate((el) => el.scrollTo({ top: 0 }));
  });

  it('searches and filters the queue', async () => {
    const firstName = (await page.getByTestId('queue-row').first().getAttribute('data-debtor-name')) ?? '';
    await page.getByTestId('queue-search').fill(firstName);
    await expect.poll(async () => page.getByTestId('queue-row').first().getAttribute('data-debtor-name')).toBe(firstName);
    await page.getByTestId('queue-search').fill('');
    await page.getByTestId('filter-stage').selectOption('legal');
    await expect.poll(async () => {
      const stages = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stage')));
      return stages.length > 0 && stages.every((s) => s === 'legal');
    }).toBe(true);
    await page.getByTestId('filter-stage').selectOption('');
    await screenshot(page, '03-queue-filtered');
  });

  it('opens an account with its debts, phones, holds and history', async () => {
    const held = page.locator('[data-testid="queue-row"][data-has-holds="true"]').first();
    await page.getByTestId('filter-dpd-min').fill('-3');
    await held.waitFor({ timeout: 10_000 }).catch(() => undefined);
    const row = (await held.count()) > 0 ? held : page.getByTestId('queue-row').first();
    const name = await row.getAttribute('data-debtor-name');
    await row.click();
    await expect.poll(() => page.getByTestId('account-name').textContent()).toContain(name ?? '');
    await expect.poll(() => page.getByTestId('account-debts').locator('tbody tr').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('account-phones').textContent()).toMatch(/\+86|1\d{2}/);
    await page.getByTestId('account-timeline').waitFor();
    // Every phone shows what the compliance gate says about calling it now.
    await expect.poll(() => page.getByTestId('gate-status').count()).toBe(await page.getByTestId('phone').count());
    const decisions = await page.getByTestId('gate-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-decision')));
    expect(decisions.every((d) => d === 'allow' || d === 'warn' || d === 'block')).toBe(true);
    const explained = page.locator('details[data-testid="gate-status"]').first();
    if ((await explained.count()) > 0) {
      await explained.locator('summary').click();
      await expect.poll(() => explained.locator('.gate-reason-source').first().textContent()).toMatch(/^(Source|依据)[:：]\s*\S+/);
    }
    // A phone the rules block cannot be dialled; the button follows the gate for every phone.
    const phones = await page.getByTestId('phone').evaluateAll((els) => els.map((el) => ({
      decision: el.querySelector('[data-testid="gate-status"]')?.getAttribute('data-decision'),
      disabled: (el.querySelector('[data-testid="dial-button"]') as HTMLButtonElement | null)?.disabled,
    })));
    for (const p of phones) expect(p.disabled).toBe(p.decision === 'block');
    await screenshot(page, '04-account');
  });

  it('takes the next account: the top workable one, with the parts of its score', async () => {
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('queue-row').first().waitFor();
    const top = await page.getByTestId('queue-row').first().getAttribute('data-debtor-name');
    await page.getByTestId('next-account').click();
    const opened = page.getByTestId('why-account');
    await opened.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('account-name').textContent()).toContain(top ?? '');
    expect(await page.getByTestId('why-blocked').count()).toBe(0);
    expect(await opened.locator('li').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="dial-button"]:not([disabled])').count()).toBeGreaterThan(0);
    await screenshot(page, '04b-next-account');
  });

  it('switches to Chinese instantly and back', async () => {
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('nav-queue').textContent()).toMatch(/[\u4e00-\u9fff]/);
    await screenshot(page, '05-account-zh');
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('queue-row').first().waitFor();
    await screenshot(page, '06-queue-zh');
    await page.getByTestId('lang-switch').selectOption('en');
    await expect.poll(() => page.getByTestId('nav-queue').textContent()).toMatch(/Queue/);
  });

  it('shows settings with the data directory and the embedded server', async () => {
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('settings-server-url').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    await expect.poll(() => page.getByTestId('settings-data-dir').inputValue()).toBe(dataDir);
    await screenshot(page, '07-settings');
  });

  it('after a restart opens the data again with the agent\'s password, then signs out', async () => {
    await app.stop();
    app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_CLOCK: CLOCK });
    await page.goto(app.url);
    // The browser shell keeps no key: the data opens with the agent's password at each start.
    await signIn(page, 'collector1');
    await page.getByTestId('queue-row').first().waitFor();
    await page.getByTestId('signout').click();
    await page.getByTestId('signin-username').waitFor();
  });

  it('stops everything on Ctrl-C', async () => {
    const url = new URL(app.url);
    expect(await app.stop()).toBe(0);
    await expect(fetch(`http://127.0.0.1:${url.port}/`)).rejects.toThrow();
  });
});
