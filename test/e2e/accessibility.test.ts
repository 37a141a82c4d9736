// axe-core on every main screen, in both languages: any critical or serious violation fails,
// naming the rule and the elements. The page's CSP forbids injected scripts, so the context
// bypasses it (TOOLCHAIN.md); the console itself is unchanged.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// Tuesday 10:00 in Beijing: a working queue.
const CLOCK = '2026-11-24T02:00:00Z';

let browser: Browser;
let context: BrowserContext;
let app: RunningConsole;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: tempDataDir(), FAIRLINE_CLOCK: CLOCK });
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** Critical and serious violations on the page as it is now, one line each. */
async function violations(): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return found.filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function language(lang: 'en' | 'zh-CN'): Promise<void> {
  await page.getByTestId('lang-switch').selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function check(name: string): Promise<void> {
  for (const lang of ['en', 'zh-CN'] as const) {
    await language(lang);
    await page.waitForTimeout(300);
    await screenshot(page, `a11y-${name}-${lang}`);
    expect(await violations(), `${name} in ${lang}`).toEqual([]);
  }
  await language('en');
}

describe('accessibility (axe-core) on every main screen', () => {
  it('sign-in', async () => {
    await page.goto(app.url);
    await page.getByTestId('signin-username').waitFor();
    await check('signin');
  });

  it('collector: queue, account, callbacks, my day, dial pad, settings', async () => {
    await signIn(page, 'collector1');
    await page.getByTestId('queue-row').first().waitFor();
    await check('queue');
    await page.getByTestId('queue-row').first().click();
    await page.getByTestId('account-timeline').waitFor();
    await check('account');
    await page.getByTestId('nav-callbacks').click();
    await page.getByTestId('callbacks-empty').waitFor();
    await check('callbacks');
    await page.getByTestId('nav-day').click();
    await page.getByTestId('my-day').waitFor();
    await check('day');
    await page.getByTestId('nav-dialpad').click();
    await check('dialpad');
    await page.getByTestId('nav-settings').click();
    await check('settings');
    await page.getByTestId('signout').click();
  });

  it('team lead: board, review, complaints, reports and the ladder', { timeout: 240_000 }, async () => {
    await signIn(page, 'lead');
    await page.getByTestId('nav-board').waitFor();
    await page.waitForTimeout(1500);
    await check('board');
    await page.getByTestId('nav-review').click();
    await page.waitForTimeout(1500);
    await check('review');
    await page.getByTestId('nav-complaints').click();
    await page.waitForTimeout(1500);
    await check('complaints');
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('reports-view').waitFor();
    await page.waitForTimeout(1500);
    await check('reports');
    await page.getByTestId('nav-ladder').click();
    await page.getByTestId('ladder-item').first().waitFor({ timeout: 60_000 });
    await check('ladder');
    await page.getByTestId('signout').click();
  });

  it('field agent: the route', async () => {
    await signIn(page, 'field');
    await page.getByTestId('nav-visits').waitFor();
    await page.waitForTimeout(1500);
    await check('route');
  });
});
