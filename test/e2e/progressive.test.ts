// Progressive dialling against the call lab: the agent turns it on and, hands off the keyboard
// but for the wrap-up's answers, three accounts are previewed, dialled and wrapped up in turn,
// one line at a time. A break stops it and Available resumes it; Esc cancels a preview; a hold
// filed during a preview makes the gate refuse at the dial, with its reasons on screen, and the
// next account follows; with everything on hold the queue's summary says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { NUMBERS } from '../../lab/lab';
import { screenshot } from './harness';
import { CLOCK, type LabAccount, type PhoneWorld, saveSip, startPhoneWorld } from './phone-world';

const N = NUMBERS.cn;
const ACCOUNTS: readonly LabAccount[] = [
  [11, '顺序一', [['p11', N.answer]]],
  [12, '顺序二', [['p12', N.busy]]],
  [13, '顺序三', [['p13', N.noAnswer]]],
];
const LAB_IDS = ACCOUNTS.map(([n]) => `acc-lab-${n}`);
/** Before the console's (training) clock started: a hold filed then is in force. */
const EARLIER = new Date(Date.parse(CLOCK) - 3_600_000).toISOString();
let world: PhoneWorld;
let page: Page;

const preview = () => page.getByTestId('progressive-preview');
const outbound = () => world.events('call.attempt').filter((e) => e.direction === 'outbound');

/** The previewed account once a preview shows. */
async function nextPreview(timeout = 20_000): Promise<string> {
  await preview().waitFor({ timeout });
  return (await preview().getAttribute('data-account-id')) ?? '';
}

async function setPreviewSeconds(seconds: number): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-progressive-preview').fill(String(seconds));
  await page.getByTestId('settings-save').click();
  await page.locator('[data-testid="settings-save"]:disabled').waitFor();
}

beforeAll(async () => {
  world = await startPhoneWorld({ lab: { debtors: [N.answer, N.busy, N.noAnswer] }, accounts: ACCOUNTS });
  page = world.page;
  // Only the lab's accounts are collector1's: the demo portfolio's numbers go nowhere.
  const collector1 = (await world.server.store.findUserByUsername('collector1'))!;
  const collector2 = (await world.server.store.findUserByUsername('collector2'))!;
  const mine = await world.server.store.pullAccounts({ id: collector1.id, role: 'collector' }, 0, 100_000);
  const at = new Date().toISOString();
  for (const bundle of mine.accounts) {
    if (!LAB_IDS.includes(bundle.account.id)) await world.server.store.assignAccount(bundle.account.id, { assignedTo: collector2.id, teamId: collector2.teamId }, at);
  }
  // A ringing number gives up after 8 s; each preview lasts 4 s.
  await saveSip(page, { ringTimeoutSec: '8' });
  await setPreviewSeconds(4);
  await page.locator('[data-testid="phone-status"][data-state="registered"]').waitFor({ timeout: 15_000 });
  await page.getByTestId('sync-badge').click();
  await page.getByTestId('nav-queue').click();
  await page.locator(`[data-testid="queue-total"][data-total="${ACCOUNTS.length}"]`).waitFor({ timeout: 20_000 });
}, 240_000);

afterAll(async () => {
  await world?.stop();
});

describe('progressive dialling', () => {
  it('previews, dials and follows each wrap-up with the next account: three accounts, one line at a time', { timeout: 120_000 }, async () => {
    await page.getByTestId('progressive-switch').click(); // saved, then on
    await page.getByTestId('progressive-state').waitFor();
    const called: string[] = [];
    for (let i = 0; i < 3; i++) {
      const accountId = await nextPreview();
      if (i === 0) await screenshot(page, '60-progressive-preview-en');
      expect(called).not.toContain(accountId);
      // The preview names the account and the number, and nothing else is on the line meanwhile.
      const number = ACCOUNTS.find(([n]) => `acc-lab-${n}` === accountId)![2][0]![1];
      expect((await page.getByTestId('progressive-number').textContent())?.replace(/\s/g, '')).toBe(number);
      expect(await page.getByTestId('call-bar').count()).toBe(0);
      // Dialled at the end of the preview, on the account's screen.
      await page.locator('[data-testid="call-panel"], [data-testid="wrapup-panel"]').first().waitFor({ timeout: 10_000 }); // a busy line ends at once
      expect(await page.getByTestId('next-account').isDisabled()).toBe(true);
      if (number === N.answer) {
        await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');
        await world.lab.debtor(N.answer).hangup(); // the debtor ends it
      }
      // The agent's answers: the outcome (the network's result is preselected for the others), then Save.
      await page.getByTestId('wrapup-panel').waitFor({ timeout: 20_000 });
      if (number === N.answer) await page.keyboard.press('r');
      await page.locator('.wrapup-outcome-on').waitFor({ timeout: 5_000 }).catch(async (e: unknown) => {
        await screenshot(page, 'debug-progressive-wrapup');
        throw e;
      });
      await page.getByTestId('wrapup-save').click();
      await expect.poll(() => page.getByTestId('wrapup-panel').count()).toBe(0);
      called.push(accountId);
      await expect.poll(() => outbound().length).toBe(i + 1);
    }
    expect(new Set(called).size).toBe(3);
    const attempts = outbound();
    expect(attempts.map((a) => a.number).sort()).toEqual([N.answer, N.busy, N.noAnswer].sort());
    expect(attempts.map((a) => a.result).sort()).toEqual(['answered', 'busy', 'no_answer'].sort());
    // Each number rang once: no call was placed while another was up.
    for (const number of [N.answer, N.busy]) expect(await world.lab.debtor(number).calls()).toHaveLength(1);
  });

  it('stops on a break with the reason shown, goes on when Available, and Esc cancels a preview', { timeout: 60_000 }, async () => {
    await nextPreview();
    await page.getByTestId('status-control').selectOption('paused:break');
    await page.locator('[data-testid="progressive-stopped"][data-why="status"]').waitFor();
    expect(await preview().count()).toBe(0);
    expect(await page.getByTestId('progressive-stopped').textContent()).toContain('Break');
    const before = outbound().length;
    await new Promise((r) => setTimeout(r, 5_000)); // longer than the preview: nothing is dialled
    expect(outbound()).toHaveLength(before);
    await screenshot(page, '61-progressive-stopped-break');

    await page.getByTestId('status-control').selectOption('available');
    await nextPreview();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="progressive-stopped"][data-why="cancelled"]').waitFor();
    // Esc cancelled the preview only: the account stays on screen.
    expect(await page.getByTestId('account-phones').count()).toBe(1);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(outbound()).toHaveLength(before);
    expect(await page.getByTestId('progressive-state').textContent()).toBe('Paused');
  });

  it('moves on when the gate refuses at the dial, with the reasons on screen; says when nothing may be called', { timeout: 180_000 }, async () => {
    await setPreviewSeconds(30);
    await page.getByTestId('progressive-resume').click(); // under the top bar, beside why it stopped
    const refusedId = await nextPreview();
    await page.getByTestId('account-phones').waitFor();
    await screenshot(page, '62-progressive-preview-long-en');
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('progressive-skip').textContent()).toContain('跳过');
    await screenshot(page, '63-progressive-preview-zh');
    await page.getByTestId('lang-switch').selectOption('en');
    // The debtor asks, through the lender, not to be called: a hold filed on the central store during the preview.
    await world.server.store.setHold({ id: 'hold-progressive-1', accountId: refusedId, kind: 'do_not_call', note: 'asked by phone to the lender', effectiveAt: EARLIER }, EARLIER);
    await page.getByTestId('sync-badge').click();
    const decisions = () => world.events('compliance.decision').filter((e) => e.action === 'refused');
    const refusedBefore = decisions().length;
    await page.getByTestId('progressive-refused').waitFor({ timeout: 40_000 });
    expect(await page.getByTestId('progressive-refused').getAttribute('data-account-id')).toBe(refusedId);
    expect(await page.getByTestId('progressive-reasons').textContent()).not.toBe('');
    await screenshot(page, '64-progressive-refused');
    await expect.poll(() => decisions().length).toBe(refusedBefore + 1);
    // The next account follows by itself, and the refused number was never dialled.
    const next = await nextPreview();
    expect(next).not.toBe(refusedId);
    const refusedNumber = ACCOUNTS.find(([n]) => `acc-lab-${n}` === refusedId)![2][0]![1];
    expect(outbound().filter((a) => a.number === refusedNumber)).toHaveLength(1); // its call in the first test only

    // Every account on hold: the queue's summary says so, and nothing spins.
    for (const id of LAB_IDS.filter((x) => x !== refusedId)) {
      await world.server.store.setHold({ id: `hold-${id}`, accountId: id, kind: 'do_not_call', note: 'test', effectiveAt: EARLIER }, EARLIER);
    }
    await page.getByTestId('sync-badge').click();
    await new Promise((r) => setTimeout(r, 3_000)); // the holds pulled
    await page.getByTestId('progressive-skip').click();
    await expect.poll(() => page.getByTestId('progressive-nothing').count(), { timeout: 90_000 }).toBe(1);
    expect(await page.getByTestId('progressive-nothing').textContent()).toContain('on hold');
    await screenshot(page, '65-progressive-nothing');
  });
});
