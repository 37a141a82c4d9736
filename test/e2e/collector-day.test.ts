// A collector's day at night in Beijing on the training clock: the console says it is in
// training on every screen, the queue explains why nothing can be called and when the first
// account opens, Next account's toast says when, and a restart on the same clock keeps the
// sign-in and the compliance data usable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

let browser: Browser;
let app: RunningConsole;
let page: Page;
const dataDir = tempDataDir();
// Tuesday 23:00 in Beijing: China's quiet hours (22:00–08:00) hold every CN account back for 9 h.
const NIGHT = '2026-11-24T15:00:00Z';

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_CLOCK: NIGHT, TZ: 'UTC' });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a collector at night in Beijing, on the training clock', () => {
  it('says training mode on the sign-in screen', async () => {
    await page.goto(app.url);
    await page.getByTestId('lang-switch').selectOption('en');
    await expect.poll(() => page.getByTestId('training-banner').textContent()).toMatch(/Training mode.*Nov 24, 15:0\d UTC/);
  });

  it('explains the blocked queue as a whole: the rule, its zone, when the first account opens in each zone', async () => {
    await signIn(page, 'collector1');
    const summary = page.getByTestId('queue-summary');
    await summary.waitFor({ timeout: 30_000 });
    const text = (await summary.textContent()) ?? '';
    expect(text).toMatch(/Nothing can be called now/);
    expect(text).toMatch(/Calling hours: calls allowed 08:00–22:00 China Standard Time, quiet hours 22:00–08:00/);
    expect(text).toMatch(/Next call possible at Nov 25, 08:00 China Standard Time \(Nov 25, 00:00 your time, Coordinated Universal Time\), in 9 hours/);
    // Each blocked row's time carries its zone.
    await expect.poll(() => page.getByTestId('queue-row-blocked').first().textContent()).toMatch(/Back Nov 25, 00:00 UTC/);
    expect(await page.getByTestId('training-banner').count()).toBe(1);
    await screenshot(page, 'day-01-queue-blocked-summary');
  });

  it('Next account says when the first account opens', async () => {
    await page.getByTestId('next-account').click();
    await expect.poll(() => page.locator('.toast').last().textContent()).toMatch(/Next call possible at Nov 25, 08:00 China Standard Time, in 9 hours/);
  });

  it('says the same in Chinese', async () => {
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('queue-summary').textContent()).toMatch(/静默时段 22:00–08:00.*中国标准时间/);
    await expect.poll(() => page.getByTestId('training-banner').textContent()).toMatch(/培训模式/);
    await screenshot(page, 'day-02-queue-blocked-summary-zh');
    await page.getByTestId('lang-switch').selectOption('en');
  });

  it('keeps the sign-in and the compliance data usable across a restart on the same clock', async () => {
    await app.stop();
    app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_CLOCK: NIGHT, TZ: 'UTC' });
    // The clock carries on from the last run rather than going back to 23:00.
    expect(app.output()).toMatch(/running as if it were 2026-11-24T15:/);
    expect(app.output()).not.toContain('running as if it were 2026-11-24T15:00:00.000Z');
    await page.goto(app.url);
    // The browser shell keeps the data locked until the agent's password opens it at each start.
    await signIn(page, 'collector1');
    await page.getByTestId('queue-summary').waitFor({ timeout: 30_000 });
    await page.getByTestId('queue-row').first().click();
    await page.getByTestId('gate-status').first().waitFor();
    const gates = await page.getByTestId('gate-status').allTextContents();
    expect(gates.join(' ')).not.toMatch(/compliance data/i);
  });
});
