// Progressive dialling over the lab: how long from the wrap-up saved to the next call's INVITE
// on the wire, with the preview set to 0 s (so the figure is the mode's own overhead: the
// queue's choice, the account and its gate read, the screen lock checked, the gate asked again,
// the softphone's offer). Baseline, same run: the manual path, the Dial button clicked on an
// account already open, to the INVITE on the wire. Busy numbers, so each call ends at once.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type Lab, NUMBERS, startLab } from '../../lab/lab';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { type RunningServer, startServer } from '../../server/app';
import type { RunningConsole } from '../e2e/harness';
import { openLabConsole, registerWithLab } from '../e2e/phone-world';
import { type Bench, median, percentile } from './bench';

const SAMPLES = 10;
const CLOCK = '2026-11-24T02:00:00Z';
const offset = Date.parse(CLOCK) - Date.now();
const now = () => new Date(Date.now() + offset);

interface World { lab: Lab; server: RunningServer; app: RunningConsole; browser: Browser; page: Page }
let world: Promise<World> | null = null;
let results: Promise<{ progressive: number[]; manual: number[] }> | null = null;

function benchAccounts(userId: string, teamId: string | null): AccountBundle[] {
  return Array.from({ length: 2 * SAMPLES + 2 }, (_, i) => {
    const id = `acc-prog-${i}`;
    return {
      account: {
        id, ref: `PROG-${String(i).padStart(3, '0')}`, region: 'CN', currency: 'CNY', debtorName: `渐进${i}`, address: '上海市浦东新区世纪大道100号',
        province: '上海市', postalCode: '200120', timeZone: 'Asia/Shanghai', assignedTo: userId, teamId,
      },
      debts: [{ id: `debt-prog-${i}`, accountId: id, lender: '测试银行', product: '信用贷', principalMinor: 100_000, feesMinor: 0, balanceMinor: 100_000, dueDate: '2026-10-01', stage: 'early' }],
      parties: [{ id: `party-prog-${i}`, accountId: id, kind: 'debtor', relation: 'self', name: `渐进${i}` }],
      phones: [{ id: `phone-prog-${i}`, accountId: id, partyId: `party-prog-${i}`, number: NUMBERS.cn.busy, type: 'mobile', consent: 'express', timeZone: null }],
      holds: [],
      history: [],
    };
  });
}

async function start(): Promise<World> {
  const lab = await startLab({ debtors: [NUMBERS.cn.busy] });
  const dir = mkdtempSync(join(tmpdir(), 'fairline-bench-progressive-'));
  const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now });
  const user = (await server.store.findUserByUsername('collector1'))!;
  const other = (await server.store.findUserByUsername('collector2'))!;
  // Only the bench's accounts are collector1's: the demo portfolio's numbers go nowhere in the lab.
  const demo = await server.store.pullAccounts({ id: user.id, role: 'collector' }, 0, 100_000);
  for (const b of demo.accounts) await server.store.assignAccount(b.account.id, { assignedTo: other.id, teamId: other.teamId }, now().toISOString());
  await server.store.insertAccounts(benchAccounts(user.id, user.teamId), now().toISOString());
  const { app, browser, page } = await openLabConsole({ dataDir: dir, serverUrl: server.url, clock: CLOCK, toneSeconds: 120 });
  await page.getByTestId('queue-row').first().waitFor();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-progressive-preview').fill('0');
  await registerWithLab(page, lab);
  return { lab, server, app, browser, page };
}

/** Waits for an INVITE sent after the marks were cleared; its time (ms, the page's clock). */
async function inviteSent(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => performance.getEntriesByType('mark').find((m) => m.name.startsWith('fairline:invite-sent:'))?.startTime, undefined, { timeout: 15_000 });
  return (await handle.jsonValue()) as number;
}

async function saveWrapUp(page: Page): Promise<void> {
  await page.getByTestId('wrapup-panel').waitFor({ timeout: 15_000 });
  await page.locator('.wrapup-outcome-on').waitFor(); // busy, preselected
  await page.evaluate(() => performance.clearMarks());
  await page.getByTestId('wrapup-save').click();
}

async function measure(): Promise<{ progressive: number[]; manual: number[] }> {
  const { page } = await (world ??= start());
  const manual: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('queue-search').fill(`PROG-${String(i).padStart(3, '0')}`);
    await page.locator(`[data-testid="queue-row"][data-account-id="acc-prog-${i}"]`).click();
    const button = page.locator('[data-testid="dial-button"]:not([disabled])').first();
    await button.waitFor();
    await page.evaluate(() => performance.clearMarks());
    await button.click();
    const sent = await inviteSent(page);
    const click = await page.evaluate(() => performance.getEntriesByName('fairline:dial-click')[0]!.startTime);
    manual.push(sent - click);
    await saveWrapUp(page);
    await page.getByTestId('wrapup-panel').waitFor({ state: 'detached' });
  }
  await page.getByTestId('nav-queue').click();
  await page.getByTestId('queue-search').fill('');
  // Progressive from here: the first call starts it; each wrap-up saved is followed by the next dial.
  await page.getByTestId('progressive-switch').click(); // on once saved
  const progressive: number[] = [];
  const phases: string[][] = [];
  await page.getByTestId('wrapup-panel').waitFor({ timeout: 15_000 });
  for (let i = 0; i < SAMPLES; i++) {
    await saveWrapUp(page);
    const sent = await inviteSent(page);
    const saved = await page.evaluate(() => performance.getEntriesByName('fairline:wrapup-saved')[0]!.startTime);
    progressive.push(sent - saved);
    phases.push(await page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('fairline:')).map((m) => `${m.name.replace(/^fairline:(progressive:)?/, '').replace(/:[0-9a-f-]{36}$/, '')} ${Math.round(m.startTime)}`)));
  }
  await page.getByTestId('progressive-switch').click(); // off: the call it just placed is the last
  await saveWrapUp(page);
  process.stderr.write(`progressive: wrap-up saved → INVITE sent (ms): ${JSON.stringify(progressive.map(Math.round))}\n`);
  for (const p of phases) process.stderr.write(`progressive: steps (page ms): ${p.join(' → ')}\n`);
  process.stderr.write(`progressive: manual Dial click → INVITE sent (ms): ${JSON.stringify(manual.map(Math.round))}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  return { progressive, manual };
}

const results$ = () => (results ??= measure());
const MANUAL = 'manual: Dial clicked on an account already open → INVITE sent';

export const benches: Bench[] = [
  {
    name: 'progressive.next-dial',
    async run() {
      const r = await results$();
      return { value: median(r.progressive), unit: 'ms', baseline: median(r.manual), baselineName: `${MANUAL} (median); value: wrap-up saved → next INVITE sent, preview 0 s (median)` };
    },
  },
  {
    name: 'progressive.next-dial.p95',
    async run() {
      const r = await results$();
      return { value: percentile(r.progressive, 95), unit: 'ms', baseline: percentile(r.manual, 95), baselineName: `${MANUAL} (p95)` };
    },
  },
];

export async function teardown(): Promise<void> {
  if (!world) return;
  const w = await world.catch(() => null);
  if (!w) return;
  await w.browser.close().catch(() => undefined);
  await w.app.stop().catch(() => undefined);
  await w.server.close().catch(() => undefined);
  await w.lab.stop().catch(() => undefined);
}
