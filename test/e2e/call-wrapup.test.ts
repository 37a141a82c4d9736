// A call from the collector's side, through the README's start script and Debian's Chromium:
// the talk track hides the debt until the debtor's identity is verified against what the central
// store has on file (typed answers compared by digest, a check with nothing on file recorded as
// such), the wrap-up cannot be
// skipped and refuses a threatening note, a promise shows in the queue on its date, and a
// cease request blocks the next dial.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

let browser: Browser;
let app: RunningConsole;
let page: Page;
let dataDir: string;
// Tuesday 10:00 in Beijing: collector1's accounts may be called.
const CLOCK = '2026-11-24T02:00:00Z';
const TODAY = '2026-11-24';

beforeAll(async () => {
  browser = await launchBrowser();
  dataDir = tempDataDir();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_CLOCK: CLOCK });
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

/** What the central store has on file for the debtor (the test's answer sheet; the console never sees it). */
function identityOnFile(debtorName: string): { dateOfBirth: string | null; idLast4: string | null } {
  const server = new Database(join(dataDir, 'server.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = server.prepare(`SELECT i.date_of_birth AS dateOfBirth, i.id_last4 AS idLast4 FROM account_identity i
      JOIN accounts a ON a.id = i.account_id WHERE a.debtor_name = ?`).all(debtorName) as { dateOfBirth: string | null; idLast4: string | null }[];
    expect(rows.length, `one debtor named ${debtorName}`).toBe(1);
    return rows[0]!;
  } finally {
    server.close();
  }
}

const check = (name: string) => page.locator(`[data-testid="call-check"][data-check="${name}"]`);

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
    // The name shows; the date of birth and the ID number's last four only as masked hints.
    const onFile = identityOnFile(debtor);
    expect(onFile.dateOfBirth).not.toBeNull();
    expect(await check('fullName').getAttribute('data-on-file')).toBe('shown');
    expect(await check('dateOfBirth').getAttribute('data-on-file')).toBe('hidden');
    expect(await check('dateOfBirth').getByTestId('call-check-hidden').textContent()).toContain(`${onFile.dateOfBirth!.slice(0, 2)}**-**-**`);
    expect(await page.getByTestId('call-verification').textContent()).not.toContain(onFile.dateOfBirth!);
    // A wrong date of birth, typed as the person says it, fails the check; asking again and getting it right passes.
    await page.keyboard.press('y'); // full name matches
    await check('dateOfBirth').getByTestId('call-check-answer').fill('1900年1月1日');
    await check('dateOfBirth').getByTestId('call-check-answer').press('Enter');
    await expect.poll(() => page.getByTestId('call-verification').getAttribute('data-status')).toBe('failed');
    expect(await check('dateOfBirth').getAttribute('data-result')).toBe('failed');
    expect(await page.getByTestId('account-masked').count()).toBe(1);
    await page.getByTestId('call-retry').click();
    await page.keyboard.press('y'); // full name matches
    // The demo's first account has no ID number on file: "Matches" is not offered, only "Not on file", which does not verify.
    expect(onFile.idLast4, 'the first account of the demo has no ID number on file').toBeNull();
    expect(await check('idLast4').getAttribute('data-on-file')).toBe('none');
    expect(await check('idLast4').getByTestId('call-check-pass').count()).toBe(0);
    await check('idLast4').getByTestId('call-check-not-on-file').click();
    await expect.poll(() => check('idLast4').getAttribute('data-result')).toBe('notOnFile');
    expect(await page.getByTestId('call-verification').getAttribute('data-status')).toBe('pending');
    expect(await page.getByTestId('account-masked').count()).toBe(1);
    const [y, m, d] = onFile.dateOfBirth!.split('-').map(Number);
    await check('dateOfBirth').getByTestId('call-check-answer').fill(`${y}年${m}月${d}日`);
    await screenshot(page, '10b-identity-checks-en');
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await check('dateOfBirth').getByTestId('call-check-answer').focus();
    await screenshot(page, '10c-identity-checks-zh');
    await page.getByTestId('lang-switch').selectOption('en');
    await check('dateOfBirth').getByTestId('call-check-answer').press('Enter');
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
