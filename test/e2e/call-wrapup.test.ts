// A call from the collector's side, through the README's start script and Debian's Chromium:
// the talk track hides the debt until the debtor's identity is verified, the wrap-up cannot be
// skipped and refuses a threatening note, a promise shows in the queue on its date, and a
// cease request blocks the next dial.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

let browser: Browser;
let app: RunningConsole;
let page: Page;
// Tuesday 10:00 in Beijing: collector1's accounts may be called.
const CLOCK = '2026-11-24T02:00:00Z';
const TODAY = '2026-11-24';

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: tempDataDir(), FAIRLINE_CLOCK: CLOCK });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(app.url);
  await page.getByTestId('lang-switch').selectOption('en');
  await signIn(page, 'collector1');
  await page.getByTestId('queue-row').first().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Opens the next account and dials its first number the rules allow. */
async function dialNextAccount(): Promise<string> {
  await page.getByTestId('next-account').click();
  await page.getByTestId('why-account').waitFor();
  const name = (await page.getByTestId('account-name').textContent()) ?? '';
  await page.locator('[data-testid="dial-button"]:not([disabled])').first().click();
  await page.getByTestId('call-panel').waitFor();
  return name;
}

describe('a call with its talk track and wrap-up', () => {
  let debtor = '';

  it('hides the debt until the debtor’s identity is verified, then shows it', async () => {
    debtor = await dialNextAccount();
    await expect.poll(() => page.getByTestId('account-masked').count()).toBe(1);
    expect(await page.getByTestId('account-debts').count()).toBe(0);
    expect(await page.getByTestId('call-party').getAttribute('data-masked')).toBe('true');
    // The cn pack's opening: the institution and the agent identify themselves first, and that cannot be skipped.
    await expect.poll(() => page.getByTestId('call-step').getAttribute('data-required')).toBe('true');
    await screenshot(page, '10-call-opening');
    while ((await page.getByTestId('call-verification').count()) === 0) {
      await page.keyboard.press('Enter');
    }
    // A wrong answer fails the check; asking again and getting it right passes.
    await page.getByTestId('call-check-fail').first().click();
    await expect.poll(() => page.getByTestId('call-verification').getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('account-masked').count()).toBe(1);
    await page.getByTestId('call-retry').click();
    await page.keyboard.press('y'); // full name matches
    await page.keyboard.press('y'); // last four digits of the ID match
    await expect.poll(() => page.getByTestId('account-masked').count()).toBe(0);
    await page.getByTestId('account-debts').waitFor();
    expect(await page.getByTestId('call-party').getAttribute('data-masked')).toBe('false');
    await screenshot(page, '11-call-verified');
  });

  it('reaches a promise to pay and has to wrap it up: a threatening note is refused', async () => {
    // Through the track to "can pay the overdue amount".
    for (let i = 0; i < 10 && (await page.getByTestId('call-answer').count()) === 0; i++) await page.keyboard.press('Enter');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.getByTestId('call-end').click();
    await page.getByTestId('wrapup-panel').waitFor();
    expect(await page.getByTestId('next-account').isDisabled()).toBe(true);
    await page.keyboard.press('p'); // promise to pay
    await page.getByTestId('promise-amount').fill('800');
    await page.getByTestId('promise-date').fill(TODAY);
    await page.getByTestId('wrapup-note').fill('告诉他：再不还钱你会坐牢的');
    await page.getByTestId('wrapup-note-flag').waitFor();
    // Saving anyway is refused by the core (which logs the flag); the wrap-up stays open.
    await page.getByTestId('wrapup-save').click();
    await expect.poll(() => page.getByTestId('wrapup-error').textContent()).toContain('你会坐牢');
    expect(await page.getByTestId('wrapup-panel').count()).toBe(1);
    await screenshot(page, '12-wrapup-flagged');
    await page.getByTestId('wrapup-note').fill('客户承诺今天通过官方 App 还款 800 元');
    await page.getByTestId('wrapup-save').click();
    await expect.poll(() => page.getByTestId('wrapup-panel').count()).toBe(0);
    await expect.poll(() => page.getByTestId('next-account').isDisabled()).toBe(false);
    // The timeline shows the wrap-up by its outcome, and the refused note before it.
    await expect.poll(() => page.getByTestId('account-timeline').textContent()).toContain('Wrap-upPromise to pay');
    expect(await page.getByTestId('account-timeline').textContent()).toContain('Note refused (flagged wording)');
  });

  it('shows the promise in the queue on its date', async () => {
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('queue-search').fill(debtor);
    const row = page.locator(`[data-testid="queue-row"][data-debtor-name="${debtor}"]`);
    await expect.poll(async () => (await row.count()) > 0 ? row.first().textContent() : '', { timeout: 10_000 }).toMatch(/Promise of ¥800\.00 due today/);
    await screenshot(page, '13-queue-promise');
    await page.getByTestId('queue-search').fill('');
  });

  it('blocks the next dial after a cease request', async () => {
    await dialNextAccount();
    await page.getByTestId('call-end').click();
    await page.getByTestId('wrapup-panel').waitFor();
    await page.keyboard.press('c'); // asked us to stop contacting them
    await page.getByTestId('wrapup-hold-notice').waitFor();
    await page.getByTestId('wrapup-save').click();
    await expect.poll(() => page.getByTestId('wrapup-panel').count()).toBe(0);
    await expect.poll(async () => page.getByTestId('gate-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-decision'))), { timeout: 40_000 })
      .toSatisfy((d: unknown) => Array.isArray(d) && d.length > 0 && d.every((x) => x === 'block'));
    expect(await page.locator('[data-testid="dial-button"]:not([disabled])').count()).toBe(0);
    await screenshot(page, '14-cease-blocks-dial');
  });
});
