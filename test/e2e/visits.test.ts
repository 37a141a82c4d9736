// A field agent's day through the README's start script and Debian's Chromium: the route with
// its addresses and the age of its data, a check-in the gate refuses with one collector and
// allows with two, and the outcome saved with a photo from disk after a refused note.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { MAX_API_MESSAGE_BYTES, MAX_PHOTO_BYTES } from '../../shared/api/limits';
import { shellProtocols } from '../../shared/api/shell-socket';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

let browser: Browser;
let app: RunningConsole;
let page: Page;
// Tuesday 10:00 in Beijing: visits are allowed.
const CLOCK = '2026-11-24T02:00:00Z';
const dataDir = tempDataDir();
// A 1×1 PNG, as a photo taken at the door would be on disk.
const PHOTO = join(dataDir, 'door.png');
writeFileSync(PHOTO, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
// A phone camera's full-size photo: exactly the 16 MB the console keeps (a frame of the browser
// shell carries 1 MB, so it must travel in chunks), and one a byte over.
const BIG_PHOTO = join(dataDir, 'porch.jpg');
const TOO_BIG_PHOTO = join(dataDir, 'panorama.jpg');
const jpeg = (bytes: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(bytes - 4)]);
writeFileSync(BIG_PHOTO, jpeg(MAX_PHOTO_BYTES));
writeFileSync(TOO_BIG_PHOTO, jpeg(MAX_PHOTO_BYTES + 1));

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_CLOCK: CLOCK });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(app.url);
  await page.getByTestId('lang-switch').selectOption('en');
  await signIn(page, 'field');
  await page.getByTestId('route-view').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a field agent’s route', () => {
  it('opens on the day’s route, in order, with addresses and the age of the data', async () => {
    await expect.poll(() => page.locator('[data-testid^="stop-"]').count(), { timeout: 20_000 }).toBe(6);
    expect(await page.getByTestId('stop-1').getAttribute('data-state')).toBe('todo');
    // The stops can show before the sync run that brought them has finished (and stamped its time).
    await expect.poll(() => page.getByTestId('data-age').textContent(), { timeout: 15_000 }).toMatch(/Route and accounts as of .*What you log is kept on this laptop/);
    expect(await page.getByTestId('nav-visits').getAttribute('aria-current')).toBe('page');
    await screenshot(page, '30-route');
  });

  it('refuses a check-in with one collector, naming the rule, and allows it with two', async () => {
    await page.getByTestId('stop-1').click();
    // The signed-in agent is named first, and the gate already says one collector is not enough.
    expect(await page.getByTestId('collector-name-0').inputValue()).toBe('张伟');
    expect(await page.getByTestId('collector-id-0').inputValue()).toBe('field');
    expect(await page.getByTestId('gate-status').getAttribute('data-decision')).toBe('block');
    await page.getByTestId('visit-place').fill('Building 3, at the door');
    await page.getByTestId('checkin-submit').click();
    await page.getByTestId('checkin-refused').waitFor();
    expect(await page.getByTestId('gate-status').getAttribute('data-decision')).toBe('block');
    await page.getByTestId('gate-status').locator('summary').click();
    await expect.poll(() => page.locator('[data-rule="cn.visit.collectors"]').textContent()).toContain('at least 2 collectors');
    await screenshot(page, '31-checkin-refused');

    await page.getByRole('button', { name: 'Add a collector' }).click();
    await page.getByTestId('collector-name-1').fill('刘洋');
    await page.getByTestId('collector-id-1').fill('F-1002');
    await page.getByTestId('checkin-submit').click();
    await page.getByTestId('visit-outcome-form').waitFor();
    expect(await page.getByTestId('stop-1').getAttribute('data-state')).toBe('checked_in');
  });

  it('refuses a threatening note as it is typed, then saves the promise with a photo', async () => {
    await page.getByTestId('visit-outcome-promise_to_pay').check();
    await page.getByTestId('visit-promise-amount').fill('800');
    await page.getByTestId('visit-promise-date').fill('2026-11-28');
    await page.getByTestId('visit-photos').setInputFiles(PHOTO);
    await expect.poll(() => page.getByTestId('visit-photo-list').textContent()).toContain('door.png');
    // A 16 MB photo goes through in chunks; the console (and its embedded server) lives on.
    await page.getByTestId('visit-photos').setInputFiles(BIG_PHOTO);
    await expect.poll(() => page.getByTestId('visit-photo-list').textContent(), { timeout: 30_000 }).toContain('porch.jpg');
    expect(await page.getByTestId('visit-photo-list').textContent()).toContain('16,384 KB');
    // One byte more is refused on the spot, naming the limit; nothing is sent.
    await page.getByTestId('visit-photos').setInputFiles(TOO_BIG_PHOTO);
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'panorama.jpg' }).allTextContents()).toEqual(['panorama.jpg is 16.8 MB: photos can be up to 16 MB each.']);
    await expect.poll(() => page.getByTestId('visit-photo-list').locator('li').count()).toBe(2);
    expect(app.process.exitCode).toBeNull();
    await page.getByTestId('visit-note').fill('再不还钱就让你坐牢');
    await expect.poll(() => page.getByTestId('visit-note-flagged').textContent()).toContain('坐牢');
    expect(await page.getByTestId('visit-save').isDisabled()).toBe(true);
    await screenshot(page, '32-visit-outcome');

    await page.getByTestId('visit-note').fill('Met the debtor at home; will pay on Saturday.');
    await page.getByTestId('visit-save').click();
    await page.getByTestId('visit-done').waitFor();
    expect(await page.getByTestId('stop-1').getAttribute('data-state')).toBe('done');
    // The next stop is offered with the same pair of collectors, and its gate allows the visit.
    await page.getByTestId('stop-2').click();
    expect(await page.getByTestId('collector-id-1').inputValue()).toBe('F-1002');
    expect(await page.getByTestId('gate-status').getAttribute('data-decision')).not.toBe('block');
    await screenshot(page, '33-route-after-visit');
  });

  it('sends both photos to the embedded central store with the sync, whole', async () => {
    const server = new Database(join(dataDir, 'server.db'), { readonly: true, fileMustExist: true });
    try {
      const stored = () => server.prepare("SELECT length FROM blobs WHERE kind = 'photo' AND stored_at IS NOT NULL ORDER BY length").pluck().all();
      await expect.poll(async () => {
        await page.getByTestId('sync-badge').click();
        return stored();
      }, { timeout: 60_000, interval: 2_000 }).toEqual([70, MAX_PHOTO_BYTES]);
    } finally {
      server.close();
    }
  });

  it('survives a message over the frame limit: that socket closes with 1009, the console goes on', async () => {
    const { origin, hash } = new URL(app.url);
    const token = new URLSearchParams(hash.slice(1)).get('token')!;
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`, shellProtocols(token), { headers: { origin } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined); // the client side sees the close too
    ws.send(JSON.stringify({ id: 1, method: 'app.info', input: { padding: 'x'.repeat(MAX_API_MESSAGE_BYTES) } }));
    expect(await closed).toBe(1009);
    expect(app.process.exitCode).toBeNull();
    // The agent's own page still works.
    await page.getByTestId('stop-3').click();
    expect(await page.getByTestId('gate-status').getAttribute('data-decision')).toBeTruthy();
  });
});
