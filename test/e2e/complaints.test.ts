// Complaints end to end (docs/complaints.md): two browser-shell consoles, a collector's and a team
// lead's, on one central server in this process. The collector raises a complaint from an account
// with a cease hold, and the gate refuses a call in words; the lead sees it on the Complaints
// screen with its SLA clock (the organisation's SLA set to 2 days); the server's clock then runs on
// past the due time, the SLA job raises the breach on the lead's board; the lead opens the
// account from the Complaints screen (logged with purpose 'complaint', Back returns to the list)
// and resolves it with a note, lifting the hold; the collector can call the account again.
// Screens in English and Chinese under test-results/screens (complaints-*).
//
// Clocks: both consoles run on a training clock (FAIRLINE_CLOCK, Tuesday 10:00 in Beijing). The
// server starts two days and two minutes behind them, so a complaint raised now is due about two
// minutes before the consoles' time; once it is on the lead's list the server's clock is moved on
// to just behind the consoles' (never ahead of them: the hold's lift must be in their past), and
// the breach comes at the next sweep.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { PullResponse } from '../../shared/sync/protocol';
import { call, login } from '../server/helpers';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

/** Tuesday 10:00 in Beijing: inside China's contact hours. */
const BASE = '2026-11-24T02:00:00Z';
const DAY = 24 * 3_600_000;
const SLA_DAYS = 2;
const CEASE = 'The person asked the collector to cease communication';

const serverDir = tempDataDir();
let server: RunningServer;
let collectorApp: RunningConsole;
let leadApp: RunningConsole;
let browser: Browser;
let collector: Page;
let lead: Page;
let account: AccountBundle;
let consolesUp = 0;
/** The server's clock: real time plus an offset, moved once (see the header). */
let offset = Date.parse(BASE) - SLA_DAYS * DAY - 120_000 - Date.now();
const serverNow = () => new Date(Date.now() + offset);

beforeAll(async () => {
  process.env.FAIRLINE_COMPLAINT_SWEEP_MS = '500';
  server = await startServer({ databaseFile: join(serverDir, 'central.db'), seedDemo: true, logger: false, now: serverNow, tokenTtlMs: 7 * DAY });
  const admin = await login(server.url, 'admin');
  expect((await call(server.url, '/api/complaints/settings', { method: 'PUT', token: admin.token, body: { slaDays: SLA_DAYS } })).status).toBe(200);
  // One of collector1's Chinese accounts (the lead's team) with a debtor's mobile, money owed and no hold.
  const c1 = await login(server.url, 'collector1', 'e2e-complaints-lookup');
  const pulled = PullResponse.parse((await call(server.url, '/api/sync/pull?cursor=0&limit=200', { token: c1.token })).body).accounts;
  account = pulled.find((b) => b.account.region === 'CN' && b.holds.length === 0 && b.debts.some((d) => d.balanceMinor > 0)
    && b.phones.some((p) => p.type === 'mobile' && b.parties.find((q) => q.id === p.partyId)?.kind === 'debtor'))!;
  expect(account).toBeTruthy();

  browser = await launchBrowser();
  const env = { FAIRLINE_SERVER_URL: server.url, FAIRLINE_CLOCK: BASE, TZ: 'UTC' };
  [collectorApp, leadApp] = await Promise.all([
    startConsole({ ...env, FAIRLINE_DATA_DIR: tempDataDir() }),
    startConsole({ ...env, FAIRLINE_DATA_DIR: tempDataDir() }),
  ]);
  consolesUp = Date.now(); // both consoles' clocks started before this: their time is at least BASE + (now - consolesUp)
  collector = await browser.newPage({ viewport: { width: 1440, height: 1000 }, timezoneId: 'UTC' });
  lead = await browser.newPage({ viewport: { width: 1440, height: 1000 }, timezoneId: 'UTC' });
  for (const p of [collector, lead]) p.on('pageerror', (e) => console.error('PAGEERROR', e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await collectorApp?.stop();
  await leadApp?.stop();
  await server?.close();
});

const debtorMobile = () => account.phones.find((p) => p.type === 'mobile' && account.parties.find((q) => q.id === p.partyId)?.kind === 'debtor')!;
const gate = (page: Page) => page.locator(`[data-testid="phone"][data-phone-id="${debtorMobile().id}"] [data-testid="gate-status"]`);
const complaintOf = (page: Page) => page.locator(`[data-testid="complaint"][data-account-id="${account.account.id}"]`).first();

async function openAccountFromQueue(page: Page): Promise<void> {
  await page.getByTestId('queue-row').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('queue-search').fill(account.account.debtorName);
  await page.locator(`[data-testid="queue-row"][data-debtor-name="${account.account.debtorName}"]`).first().click();
  await page.getByTestId('complaints-panel').waitFor();
}

describe('complaints from the account screen to the lead’s resolution', () => {
  it('a collector raises a complaint with a cease hold, and the gate then refuses a call in words', { timeout: 90_000 }, async () => {
    await collector.goto(collectorApp.url);
    await collector.getByTestId('lang-switch').selectOption('en');
    await signIn(collector, 'collector1');
    await openAccountFromQueue(collector);
    await expect.poll(() => gate(collector).getAttribute('data-decision'), { timeout: 15_000 }).not.toBe('block');
    await expect.poll(() => collector.getByTestId('complaints-panel').textContent(), { timeout: 15_000 }).toContain('No complaints on this account.');

    await collector.getByTestId('complaint-raise').click();
    await collector.getByTestId('complaint-category').selectOption('harassment');
    // The rules the category touches, in both regimes.
    expect(await collector.getByTestId('complaint-form').textContent()).toMatch(/Rules it touches: .*1006\.14/);
    await collector.getByTestId('complaint-source').selectOption('call');
    await collector.getByTestId('complaint-description').fill('Says he was called nine times yesterday and wants no more calls.');
    await collector.getByTestId('complaint-hold').selectOption('cease');
    await collector.getByTestId('complaints-panel').scrollIntoViewIfNeeded();
    await screenshot(collector, 'complaints-01-raise-en');
    await collector.getByTestId('complaint-submit').click();

    const item = collector.getByTestId('complaint').first();
    await item.waitFor({ timeout: 15_000 });
    expect(await item.getAttribute('data-status')).toBe('open');
    expect(await item.textContent()).toContain('Hold: Cease communication');
    // The hold is on the account at once: the gate blocks the debtor's phone and says why.
    await expect.poll(() => gate(collector).getAttribute('data-decision'), { timeout: 20_000 }).toBe('block');
    expect(await gate(collector).locator('[data-rule$="hold.cease"] .gate-reason-text').textContent()).toContain(CEASE);
    expect(await collector.locator(`[data-testid="phone"][data-phone-id="${debtorMobile().id}"] [data-testid="dial-button"]`).isDisabled()).toBe(true);
    await collector.getByTestId('complaints-panel').scrollIntoViewIfNeeded();
    await screenshot(collector, 'complaints-02-account-panel-en');
    await collector.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => item.textContent()).toContain('停止联系');
    await screenshot(collector, 'complaints-03-account-panel-zh');
    await collector.getByTestId('lang-switch').selectOption('en');
  });

  it('the lead sees it on the Complaints screen with its SLA clock', { timeout: 60_000 }, async () => {
    await lead.goto(leadApp.url);
    await lead.getByTestId('lang-switch').selectOption('en');
    await signIn(lead, 'lead');
    await lead.getByTestId('board-view').waitFor();
    await lead.getByTestId('nav-complaints').click();
    await lead.getByTestId('complaints-view').waitFor();
    const item = complaintOf(lead);
    await item.waitFor({ timeout: 15_000 });
    expect(await item.getAttribute('data-state')).toBe('on_track');
    expect(await item.getByTestId('complaint-clock').textContent()).toMatch(/^On track · (2 d 0 h|1 d 23 h) left$/);
    expect(await lead.getByTestId('complaints-view').textContent()).toContain(`SLA: ${SLA_DAYS} days`);
    expect(await item.textContent()).toContain(account.account.ref);
    await screenshot(lead, 'complaints-04-list-en');
    await lead.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => item.getByTestId('complaint-clock').textContent()).toMatch(/^正常 · 剩余 /);
    await screenshot(lead, 'complaints-05-list-zh');
    await lead.getByTestId('lang-switch').selectOption('en');
  });

  it('past the SLA the lead’s board shows the breach, in English and Chinese', { timeout: 60_000 }, async () => {
    // The server's clock moves on to just behind the consoles': the complaint is now two minutes overdue.
    offset = Date.parse(BASE) - consolesUp - 2_000;
    await lead.getByTestId('nav-board').click();
    const alert = lead.locator('[data-testid="board-alert"][data-kind="complaint_sla_breached"]').first();
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.locator('.board-alert-detail').textContent()).toMatch(new RegExp(`^Complaint on ${account.account.ref} — Harassment \\(repeated or abusive calls\\) — was due .+ and is still open\\.$`));
    await screenshot(lead, 'complaints-06-board-alert-en');
    await lead.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => alert.locator('.board-alert-detail').textContent()).toContain(`账户 ${account.account.ref} 的投诉「骚扰（频繁或滥用来电）」`);
    await screenshot(lead, 'complaints-07-board-alert-zh');
    await lead.getByTestId('lang-switch').selectOption('en');

    await lead.getByTestId('nav-complaints').click();
    await expect.poll(() => complaintOf(lead).getAttribute('data-state'), { timeout: 15_000 }).toBe('breached');
    expect(await complaintOf(lead).getByTestId('complaint-clock').textContent()).toMatch(/^SLA breached · Overdue by \d+ h \d+ min$/);
  });

  it('the lead opens the account from the list (purpose complaint), Back returns to the list', { timeout: 60_000 }, async () => {
    await complaintOf(lead).getByTestId('complaint-open-account').click();
    await lead.getByTestId('account-back').waitFor({ timeout: 15_000 });
    expect(await lead.getByTestId('nav-complaints').getAttribute('aria-current')).toBe('page');
    expect(await lead.getByTestId('account-back').textContent()).toBe('← Back to complaints');
    await lead.getByTestId('account-back').click();
    await lead.getByTestId('complaints-view').waitFor();
    // The opening reaches the central log with its purpose.
    const central = new Database(join(serverDir, 'central.db'), { readonly: true, fileMustExist: true });
    try {
      const purposes = () => (central.prepare("SELECT body FROM events WHERE account_id = ? AND type = 'account.viewed'").all(account.account.id) as { body: string }[])
        .map((r) => (JSON.parse(r.body) as { purpose?: string }).purpose);
      await expect.poll(purposes, { timeout: 45_000, interval: 1_000 }).toContain('complaint');
    } finally {
      central.close();
    }
  });

  it('the lead resolves it with a note, lifting the hold, and the account can be called again', { timeout: 90_000 }, async () => {
    const item = complaintOf(lead);
    await item.getByTestId('complaint-resolve').click();
    await item.getByTestId('complaint-note').fill('Called back, apologised; calls limited to once a day. Hold lifted.');
    await item.getByTestId('complaint-lift-hold').check();
    await screenshot(lead, 'complaints-08-resolve-en');
    await item.getByTestId('complaint-confirm').click();
    // Resolved complaints leave the open list; shown with "Show resolved".
    await expect.poll(() => complaintOf(lead).count(), { timeout: 15_000 }).toBe(0);
    await lead.getByTestId('complaints-all').check();
    await expect.poll(() => complaintOf(lead).getAttribute('data-status'), { timeout: 15_000 }).toBe('resolved');
    expect(await complaintOf(lead).getByTestId('complaint-resolution').textContent()).toContain('Hold lifted.');
    await screenshot(lead, 'complaints-09-resolved-en');
    await lead.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => complaintOf(lead).getByTestId('complaint-clock').textContent()).toContain('已解决');
    await screenshot(lead, 'complaints-10-resolved-zh');

    // The collector's console pulls the lift (at its next sync) and the gate lets the call through.
    await expect.poll(() => gate(collector).getAttribute('data-decision'), { timeout: 60_000, interval: 1_000 }).not.toBe('block');
    expect(await collector.locator(`[data-testid="phone"][data-phone-id="${debtorMobile().id}"] [data-testid="dial-button"]`).isDisabled()).toBe(false);
    await expect.poll(() => collector.getByTestId('complaint').first().getAttribute('data-status'), { timeout: 45_000, interval: 1_000 }).toBe('resolved');
    await collector.getByTestId('complaints-panel').scrollIntoViewIfNeeded();
    await screenshot(collector, 'complaints-11-account-resolved-en');
  });
});
