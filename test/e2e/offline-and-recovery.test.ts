// What the agent sees when things go wrong: the central server going away, and a local
// database that will not open.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer } from '../../server/app';
import { launchBrowser, screenshot, signIn, startConsole, tempDataDir } from './harness';

let browser: Browser;
const started = Date.now();
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

/** Tuesday 10:00 in New York: collector2's US accounts are callable (on the real clock the queue is empty at night there). */
const US_MORNING = '2026-11-24T15:00:00Z';

describe('when the central server is unreachable', () => {
  it('keeps showing local data, marks sync offline, and explains a failed sign-in', async () => {
    const dataDir = tempDataDir();
    const server = await startServer({ databaseFile: join(dataDir, 'central.db'), seedDemo: true, logger: false, now: () => new Date(Date.parse(US_MORNING) + (Date.now() - started)) });
    const app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_SERVER_URL: server.url, FAIRLINE_CLOCK: US_MORNING });
    try {
      expect(app.output()).toContain(`Central server: ${server.url} (FAIRLINE_SERVER_URL)`);
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(app.url);
      await page.getByTestId('lang-switch').selectOption('en');
      await signIn(page, 'collector2');
      await page.getByTestId('queue-row').first().waitFor();
      const total = await page.getByTestId('queue-total').textContent();

      await server.close();
      await page.reload();
      await page.getByTestId('queue-row').first().waitFor();
      expect(await page.getByTestId('queue-total').textContent()).toBe(total);
      await page.getByTestId('sync-badge').click();
      await expect.poll(() => page.getByTestId('sync-badge').getAttribute('data-connected'), { timeout: 20_000 }).toBe('false');
      await screenshot(page, '08-offline');

      await page.getByTestId('signout').click();
      await signIn(page, 'collector2');
      await expect.poll(() => page.getByTestId('signin-error').textContent(), { timeout: 20_000 }).toMatch(/reach the central server/i);
      await screenshot(page, '09-sign-in-server-down');
    } finally {
      await app.stop();
      await server.close().catch(() => undefined);
    }
  });
});

describe('a corrupt local database', () => {
  it('is named, left untouched, and replaced by a fresh one only when the agent asks', async () => {
    const dataDir = tempDataDir();
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'fairline.db');
    writeFileSync(file, 'SQLite format 3\0 but then garbage'.repeat(200));
    const before = readFileSync(file);
    const app = await startConsole({ FAIRLINE_DATA_DIR: dataDir });
    try {
      expect(app.output()).toContain(`Cannot open the local database ${file}`);
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(app.url);
      await expect.poll(() => page.textContent('body')).toContain(file);
      await screenshot(page, '10-recovery');
      expect(readFileSync(file).equals(before)).toBe(true);
      await page.getByTestId('recovery-start-fresh').click();
      await page.getByTestId('signin-username').waitFor();
      expect(readFileSync(file).equals(before)).toBe(true);
    } finally {
      await app.stop();
    }
  });
});
