// Reports through the README's start script and Debian's Chromium (docs/reports.md): calls,
// wrap-ups with promises, a gate refusal and a complaint are pushed to the embedded server by
// collector1 (李娜) over HTTP; the lead opens Reports, sees those figures in the table and the
// charts, groups by day, exports the CSV (read back: BOM, CRLF, 李娜 intact), and sees the same
// screen in Chinese. Screenshots in both languages.
import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import { LoginResponse, PullResponse } from '../../shared/sync/protocol';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

const CLOCK = '2026-11-24T06:00:00Z';
const FROM = '2026-11-20';
const TO = '2026-11-24';

let browser: Browser;
let app: RunningConsole;
let page: Page;
let serverUrl: string;
const dataDir = tempDataDir();

async function http<T>(path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(new URL(path, serverUrl), {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<T>;
}

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_CLOCK: CLOCK });
  const embedded = /Central server \(embedded\): (\S+), data in/.exec(app.output());
  if (!embedded) throw new Error(`no embedded server in the output:\n${app.output()}`);
  serverUrl = embedded[1]!;

  // collector1's day, pushed as their console would.
  const login = LoginResponse.parse(await http('/api/auth/login', { body: { username: 'collector1', password: 'demo1234', deviceId: 'e2e-reports-device' } }));
  const accounts = PullResponse.parse(await http('/api/sync/pull?cursor=0&limit=50', { token: login.token })).accounts;
  const [a, b] = [accounts[0]!.account.id, accounts[1]!.account.id];
  const attempt = (callId: string, at: string, result: 'answered' | 'no_answer'): EventBody => ({
    type: 'call.attempt', callId, direction: 'outbound', phoneId: null, partyId: null, number: '+8613800000000', result, startedAt: at,
    answeredAt: result === 'answered' ? at : null, endedAt: at, sipStatus: 200, recording: null,
  });
  const outcome = (callId: string, code: string, promise: { amountMinor: number; dueDate: string } | null): EventBody => ({
    type: 'call.outcome', callId, phoneId: null, partyId: null, packId: 'cn', outcome: code, contact: 'conversation', hold: null, promise, plan: null,
    callback: null, note: '', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null,
  });
  const bodies: [string, string, EventBody][] = [
    [a, '2026-11-22T02:00:00Z', attempt('e2e-1', '2026-11-22T02:00:00Z', 'answered')],
    [a, '2026-11-22T02:05:00Z', outcome('e2e-1', 'promise_to_pay', { amountMinor: 150_000, dueDate: '2026-11-30' })],
    [b, '2026-11-23T03:00:00Z', attempt('e2e-2', '2026-11-23T03:00:00Z', 'no_answer')],
    [b, '2026-11-23T03:30:00Z', attempt('e2e-3', '2026-11-23T03:30:00Z', 'answered')],
    [b, '2026-11-23T03:35:00Z', outcome('e2e-3', 'right_party_contact', null)],
    [b, '2026-11-23T04:00:00Z', {
      type: 'compliance.decision', phoneId: 'p', partyId: 'q', decision: 'block', action: 'refused', packId: 'cn', packVersion: '1', allowedFrom: null,
      reasons: [{ rule: 'cn.quiet_hours', severity: 'block', source: 'e2e' }],
    }],
  ];
  const events: ClientEvent[] = bodies.map(([accountId, at, body], i) => ({
    id: uuidv7(), deviceId: 'e2e-reports-device', seq: i + 1, userId: login.user.id, accountId, deviceTime: at, body,
  }));
  await http('/api/sync/push', { token: login.token, body: { deviceId: 'e2e-reports-device', events } });

  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  await page.goto(app.url);
  await page.getByTestId('lang-switch').selectOption('en');
  await signIn(page, 'lead');
  await page.getByTestId('nav-reports').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const rowOf = (name: string) => page.locator('[data-testid="reports-row"]', { hasText: name });

describe('Reports for a team lead', () => {
  it('shows the agents’ figures for a day range, in a table and charts', async () => {
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('reports-view').waitFor();
    await page.getByTestId('reports-from').fill(FROM);
    await page.getByTestId('reports-to').fill(TO);
    await page.getByTestId('reports-group').selectOption('agent');
    const row = rowOf('李娜');
    await row.waitFor();
    const headers = await page.locator('[data-testid="reports-table"] thead th').allTextContents();
    const cells = await row.locator('th, td').allTextContents();
    const cell = (label: string) => cells[headers.indexOf(label)];
    expect(cell('Attempts')).toBe('3');
    expect(cell('Answered')).toBe('2');
    // A promise to pay is a right-party contact too.
    expect(cell('Right-party contacts')).toBe('2');
    expect(cell('Promises made')).toBe('1');
    expect(cell('Promised (CNY)')).toBe('1,500');
    expect(cell('Refused by the gate')).toBe('1');
    expect(cell('Refused: cn.quiet_hours')).toBe('1');
    await page.getByTestId('chart-calls').waitFor();
    expect(await page.getByTestId('chart-calls').textContent()).toContain('李娜');
    await screenshot(page, 'reports-en');
    // The demo lead leads both teams: narrowed to US East, 李娜 (华东一组) is not in it.
    await page.getByTestId('reports-team').selectOption({ label: 'US East' });
    await page.getByTestId('reports-empty').waitFor();
    await page.getByTestId('reports-team').selectOption({ label: '华东一组' });
    await rowOf('李娜').waitFor();
    await page.getByTestId('reports-team').selectOption('');
  });

  it('groups by agent and day, and exports a CSV Excel reads with Chinese intact', async () => {
    await page.getByTestId('reports-then').selectOption('day');
    await expect.poll(async () => rowOf('2026-11-23').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-export').click()]);
    expect(download.suggestedFilename()).toBe(`fairline-report-agent-day-${FROM}-${TO}.csv`);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines[0]!.startsWith('Agent,Day,Attempts,Answered,Right-party contacts')).toBe(true);
    expect(lines.some((l) => l.startsWith('李娜,2026-11-22,1,1,1,1'))).toBe(true);
    expect(lines.some((l) => l.startsWith('李娜,2026-11-23,2,1,1,0'))).toBe(true);
    expect(lines.at(-2)!.startsWith('Total,,')).toBe(true);
    await page.getByTestId('reports-exported').waitFor();
  });

  it('is the same screen in Chinese', async () => {
    await page.getByTestId('reports-then').selectOption('');
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(async () => page.locator('[data-testid="reports-table"] thead th').first().textContent(), { timeout: 15_000 }).toBe('坐席');
    const headers = await page.locator('[data-testid="reports-table"] thead th').allTextContents();
    expect(headers).toContain('外呼次数');
    expect(headers).toContain('承诺金额（CNY）');
    expect(await page.getByTestId('nav-reports').textContent()).toContain('报表');
    expect(await rowOf('李娜').count()).toBe(1);
    await screenshot(page, 'reports-zh-CN');
    await page.getByTestId('lang-switch').selectOption('en');
  });

  it('shows the lead tomorrow on the stage ladder, account by account with the rule behind each step', async () => {
    await page.getByTestId('nav-ladder').click();
    await page.getByTestId('ladder-view').waitFor();
    await expect.poll(() => page.getByTestId('ladder-item').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('ladder-summary').textContent()).toMatch(/\d/);
    expect(await page.getByTestId('ladder-treatment').first().textContent()).toMatch(/\S/);
    await screenshot(page, 'ladder-console-en');
  });
});
