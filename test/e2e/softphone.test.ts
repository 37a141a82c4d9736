// The softphone against the call lab: real Kamailio, real Chromium on both ends, real media.
// The console (README's start script) registers as agent1, dials the lab's simulated debtors
// from an account in its portfolio, and every call's end is logged as compliance counts it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type Lab, NUMBERS, startLab, TONES } from '../../lab/lab';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { type RunningServer, startServer } from '../../server/app';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole } from './harness';

const CLOCK = '2026-11-24T02:00:00Z'; // 10:00 in Beijing: calls allowed
const offset = Date.parse(CLOCK) - Date.now();
const now = () => new Date(Date.now() + offset);
const N = NUMBERS.cn;

let lab: Lab;
let server: RunningServer;
let app: RunningConsole;
let browser: Browser;
let page: Page;
let dataDir: string;

/** One account of collector1's whose phones are the lab's debtors, one behaviour each. */
async function labAccount(): Promise<void> {
  const user = await server.store.findUserByUsername('collector1');
  const id = 'acc-lab-1';
  const phones = [['answer', N.answer], ['busy', N.busy], ['noanswer', N.noAnswer], ['nis', N.notInService]] as const;
  const bundle: AccountBundle = {
    account: {
      id, ref: 'LAB-0001', region: 'CN', currency: 'CNY', debtorName: '实验室测试', address: '上海市浦东新区世纪大道100号', province: '上海市',
      postalCode: '200120', timeZone: 'Asia/Shanghai', assignedTo: user!.id, teamId: user!.teamId,
    },
    debts: [{ id: 'debt-lab-1', accountId: id, lender: '测试银行', product: '信用贷', principalMinor: 500_000, feesMinor: 0, balanceMinor: 500_000, dueDate: '2026-10-01', stage: 'early' }],
    parties: [{ id: 'party-lab-1', accountId: id, kind: 'debtor', relation: 'self', name: '实验室测试' }],
    phones: phones.map(([name, number]) => ({ id: `phone-lab-${name}`, accountId: id, partyId: 'party-lab-1', number, type: 'mobile' as const, consent: 'express' as const, timeZone: null })),
    holds: [],
    history: [],
  };
  await server.store.insertAccounts([bundle], now().toISOString());
}

function events(type: string): Record<string, unknown>[] {
  const db = new Database(join(dataDir, 'fairline.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT body FROM events WHERE type = ? ORDER BY seq').all(type) as { body: string }[]).map((r) => JSON.parse(r.body) as Record<string, unknown>);
  } finally {
    db.close();
  }
}

async function dial(phoneId: string): Promise<void> {
  await page.locator(`[data-testid="phone"][data-phone-id="${phoneId}"] [data-testid="dial-button"]`).click();
  await page.getByTestId('softphone-controls').waitFor();
}

async function wrapUp(key: string): Promise<void> {
  await page.getByTestId('wrapup-panel').waitFor();
  await page.keyboard.press(key);
  await page.getByTestId('wrapup-save').click();
  await expect.poll(() => page.getByTestId('wrapup-panel').count()).toBe(0);
}

beforeAll(async () => {
  lab = await startLab({ debtors: [N.answer, N.busy, N.noAnswer, N.notInService] });
  dataDir = mkdtempSync(join(tmpdir(), 'fairline-e2e-phone-'));
  server = await startServer({ databaseFile: join(dataDir, 'server.db'), seedDemo: true, logger: false, now });
  await labAccount();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_SERVER_URL: server.url, FAIRLINE_CLOCK: CLOCK });
  const wav = join(dataDir, 'agent-tone.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', wav, 'synth', '120', 'sine', String(TONES.agent)]);
  browser = await launchBrowser({ fakeAudio: wav });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(app.url);
  await page.getByTestId('lang-switch').selectOption('en');
  await signIn(page, 'collector1');
  await page.getByTestId('queue-row').first().waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await server?.close();
  await lab?.stop();
});

describe('the softphone with the call lab', () => {
  it('registers with the SIP account from Settings', async () => {
    expect(await page.getByTestId('phone-status').getAttribute('data-state')).toBe('off');
    await page.getByTestId('nav-settings').click();
    const agent = lab.agents[0]!;
    await page.getByTestId('settings-sip-server').fill(lab.wsUrl);
    await page.getByTestId('settings-sip-uri').fill(`sip:${agent.user}@${lab.domain}`);
    await page.getByTestId('settings-sip-authUser').fill(agent.user);
    await page.getByTestId('settings-sip-password').fill(agent.password);
    await page.getByTestId('settings-sip-displayName').fill('Collector One');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('phone-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('registered');
  });

  it('dials an answering debtor: two-way audio, hold and resume, DTMF, hang-up, recording', async () => {
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('queue-search').fill('LAB-0001');
    await page.locator('[data-testid="queue-row"][data-account-id="acc-lab-1"]').click();
    await dial('phone-lab-answer');
    const debtor = lab.debtor(N.answer);
    const call = await debtor.waitForCall((c) => c.state === 'established', { timeoutMs: 15_000 });
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');
    // Audio both ways: the debtor receives the console's packets and hears its 440 Hz tone;
    // the console receives the debtor's packets (the quality indicator reads getStats).
    await expect.poll(async () => (await debtor.stats())?.packetsReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(100);
    await expect.poll(() => debtor.hears(TONES.agent), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('softphone-quality').getAttribute('data-grade'), { timeout: 10_000 }).not.toBe('unknown');
    await screenshot(page, '20-softphone-call');

    // Hold stops the media both ways; resume starts it again.
    await page.getByTestId('softphone-hold').click();
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('true');
    await new Promise((r) => setTimeout(r, 1000));
    const held = (await debtor.stats())!;
    await new Promise((r) => setTimeout(r, 1500));
    const during = (await debtor.stats())!;
    expect(during.packetsReceived - held.packetsReceived).toBeLessThan(10);
    expect(during.packetsSent - held.packetsSent).toBeLessThan(10);
    await page.keyboard.press('Alt+h'); // resume from the keyboard
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('false');
    await expect.poll(async () => (await debtor.stats())!.packetsReceived - during.packetsReceived, { timeout: 10_000 }).toBeGreaterThan(50);
    await expect.poll(async () => (await debtor.stats())!.packetsSent - during.packetsSent, { timeout: 10_000 }).toBeGreaterThan(50);

    // DTMF reaches the far end.
    await page.getByTestId('softphone-keypad').click();
    await page.getByTestId('dtmf-5').click();
    await page.getByTestId('dtmf-9').click();
    await expect.poll(() => debtor.receivedDtmf(call.id), { timeout: 10_000 }).toContain('59');

    await new Promise((r) => setTimeout(r, 2000));
    await page.getByTestId('call-end').click();
    await wrapUp('r');
    await expect.poll(() => events('call.attempt').length, { timeout: 10_000 }).toBe(1);
    const attempt = events('call.attempt')[0]! as { result: string; sipStatus: number; answeredAt: string; endedAt: string; callId: string; recording: { file: string; sha256: string; durationMs: number } };
    expect(attempt).toMatchObject({ result: 'answered', sipStatus: 200, number: N.answer });
    const talk = Date.parse(attempt.endedAt) - Date.parse(attempt.answeredAt);
    expect(Math.abs(attempt.recording.durationMs - talk) / talk).toBeLessThan(0.1);
    expect(existsSync(attempt.recording.file)).toBe(true);
    expect(createHash('sha256').update(readFileSync(attempt.recording.file)).digest('hex')).toBe(attempt.recording.sha256);
    expect(readFileSync(attempt.recording.file).subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // WebM (EBML) header
    // Played back from the account's timeline: the browser decodes it.
    await page.getByTestId('recording-play').first().click();
    await expect.poll(() => page.getByTestId('recording-player').evaluate((a: HTMLAudioElement) => a.readyState >= 1 && a.error === null), { timeout: 10_000 }).toBe(true);
  });

  it('logs busy, not in service and no answer as compliance counts them', async () => {
    await dial('phone-lab-busy');
    await wrapUp('b');
    await dial('phone-lab-nis');
    await wrapUp('o');
    await dial('phone-lab-noanswer');
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('ringing');
    await page.getByTestId('call-end').click();
    await wrapUp('n');
    await expect.poll(() => events('call.attempt').length, { timeout: 10_000 }).toBe(4);
    const results = events('call.attempt').slice(1).map((e) => [e.number, e.result, e.sipStatus]);
    expect(results).toEqual([[N.busy, 'busy', 486], [N.notInService, 'not_in_service', 404], [N.noAnswer, 'no_answer', 487]]);
  });

  it('pops the debtor’s account up when they call in, and the call is answered from it', async () => {
    await page.getByTestId('nav-queue').click();
    const debtor = lab.debtor(N.answer);
    await debtor.callAgent(`sip:${lab.agents[0]!.user}@${lab.domain}`);
    const answer = page.locator('[data-testid="incoming-answer"][data-account-id="acc-lab-1"]');
    await answer.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('incoming-call').textContent()).toContain('LAB-0001');
    await screenshot(page, '22-softphone-incoming');
    await page.keyboard.press('Alt+a'); // one account matches: the key answers it
    await expect.poll(() => page.getByTestId('account-name').textContent()).toContain('实验室测试');
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');
    await expect.poll(async () => (await debtor.stats())?.packetsReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(50);
    await page.getByTestId('call-end').click();
    await wrapUp('r');
    await expect.poll(() => events('call.attempt').at(-1), { timeout: 10_000 }).toMatchObject({ direction: 'inbound', result: 'answered', phoneId: 'phone-lab-answer' });
  });

  it('transfers a call blind to another agent', async () => {
    const colleague = await lab.agentPhone({ user: lab.agents[1]!.user, password: lab.agents[1]!.password, autoAnswer: true, toneHz: TONES.agentAlt });
    await dial('phone-lab-answer');
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');
    await page.getByTestId('softphone-keypad').click();
    await page.getByTestId('transfer-number').fill(lab.agents[1]!.user);
    await page.getByTestId('transfer-go').click();
    // The debtor now talks to the colleague; the agent's own leg has ended and wraps up.
    const handed = await colleague.waitForCall((c) => c.state === 'established', { timeoutMs: 15_000 });
    expect(handed.direction).toBe('inbound');
    await wrapUp('r');
    await expect.poll(() => colleague.hears(TONES.answerZh), { timeout: 10_000 }).toBe(true);
    await colleague.hangup();
  });

  it('dials a number outside the portfolio from the dial pad, after the rules of its country allow it', async () => {
    await page.keyboard.press('Alt+d');
    await page.getByTestId('dialpad').waitFor();
    await page.getByTestId('dialpad-number').fill('12345');
    expect(await page.getByTestId('dialpad-call').isDisabled()).toBe(true);
    await page.getByTestId('dialpad-number').fill('+44 20 7946 0000');
    await page.getByTestId('dialpad-call').click();
    await expect.poll(() => page.getByTestId('dialpad-error').textContent()).toMatch(/No policy pack covers calls to GB/);
    await page.getByTestId('dialpad-number').fill(N.answer);
    await page.getByTestId('dialpad-call').click();
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');
    await screenshot(page, '23-dialpad-call');
    await page.getByTestId('dialpad-hangup').click();
    await expect.poll(() => events('call.attempt').at(-1), { timeout: 10_000 }).toMatchObject({ direction: 'outbound', number: N.answer, result: 'answered', phoneId: null });
  });

  it('shows the phone offline within 5 s when Kamailio dies, and registers again when it is back', async () => {
    await lab.killProxy();
    const killed = Date.now();
    await expect.poll(() => page.getByTestId('phone-status').getAttribute('data-state'), { timeout: 5_000, interval: 100 }).toBe('offline');
    expect(Date.now() - killed).toBeLessThan(5_000);
    await screenshot(page, '21-softphone-offline');
    await lab.startProxy();
    await expect.poll(() => page.getByTestId('phone-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('registered');
  });
});
