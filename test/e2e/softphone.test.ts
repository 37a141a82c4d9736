// The softphone against the call lab: real Kamailio, real Chromium on both ends, real media.
// The console (README's start script) registers as agent1, dials the lab's simulated debtors
// from an account in its portfolio, and every call's end is logged as compliance counts it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type Lab, NUMBERS, startLab, TONES } from '../../lab/lab';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { type RunningServer, startServer } from '../../server/app';
import { launchBrowser, playsTone, type RunningConsole, screenshot, signIn, startConsole } from './harness';
import { openConsoleStore, readSealed } from '../support/console-store';

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

/** Accounts of collector1's whose phones are the lab's debtors, one behaviour each: LAB-0001
 *  for most tests, LAB-0002 (the debtor who answers after 4 s) for auto-answer and attended
 *  transfer, since the CN pack allows 3 connected calls a day per debtor. */
async function labAccounts(): Promise<void> {
  const user = await server.store.findUserByUsername('collector1');
  const account = (n: number, name: string, phones: readonly (readonly [string, string])[]): AccountBundle => {
    const id = `acc-lab-${n}`;
    return {
      account: {
        id, ref: `LAB-000${n}`, region: 'CN', currency: 'CNY', debtorName: name, address: '上海市浦东新区世纪大道100号', province: '上海市',
        postalCode: '200120', timeZone: 'Asia/Shanghai', assignedTo: user!.id, teamId: user!.teamId,
      },
      debts: [{ id: `debt-lab-${n}`, accountId: id, lender: '测试银行', product: '信用贷', principalMinor: 500_000, feesMinor: 0, balanceMinor: 500_000, dueDate: '2026-10-01', stage: 'early' }],
      parties: [{ id: `party-lab-${n}`, accountId: id, kind: 'debtor', relation: 'self', name }],
      phones: phones.map(([phone, number]) => ({ id: `phone-${phone}`, accountId: id, partyId: `party-lab-${n}`, number, type: 'mobile' as const, consent: 'express' as const, timeZone: null })),
      holds: [],
      history: [],
    };
  };
  await server.store.insertAccounts([
    account(1, '实验室测试', [['lab-answer', N.answer], ['lab-busy', N.busy], ['lab-noanswer', N.noAnswer], ['lab-nis', N.notInService]]),
    account(2, '实验室测试二', [['lab2-late', N.lateAnswer]]),
  ], now().toISOString());
}

function events(type: string): Record<string, unknown>[] {
  const db = openConsoleStore(dataDir);
  try {
    return (db.prepare('SELECT body FROM events WHERE type = ? ORDER BY seq').all(type) as { body: string }[]).map((r) => JSON.parse(r.body) as Record<string, unknown>);
  } finally {
    db.close();
  }
}

async function dial(phoneId: string): Promise<void> {
  await page.locator(`[data-testid="phone"][data-phone-id="${phoneId}"] [data-testid="dial-button"]`).click();
  // A busy or unknown number can end before its controls are ever seen: then the wrap-up is up.
  await page.locator('[data-testid="softphone-controls"], [data-testid="wrapup-panel"]').first().waitFor();
}

/** The console's own ears: what it plays of the far end (harness.ts playsTone). */
function consoleHears(testId: 'softphone-audio' | 'softphone-consult-audio', hz: number): Promise<boolean> {
  return playsTone(page, testId, hz);
}

/** The id the page sees for a fake device (Chromium's --use-fake-device-for-media-stream). */
async function deviceId(kind: 'audioinput' | 'audiooutput', label: string): Promise<string> {
  return page.evaluate(async ([k, l]) => (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === k && d.label === l)?.deviceId ?? '', [kind, label] as const);
}

async function openLabAccount(n = 1): Promise<void> {
  await page.getByTestId('nav-queue').click();
  await page.getByTestId('queue-search').fill(`LAB-000${n}`);
  await page.locator(`[data-testid="queue-row"][data-account-id="acc-lab-${n}"]`).click();
  await page.locator('[data-testid="phone"]').first().waitFor();
}

async function wrapUp(key: string): Promise<void> {
  await page.getByTestId('wrapup-panel').waitFor();
  await page.keyboard.press(key);
  await page.getByTestId('wrapup-save').click();
  await expect.poll(() => page.getByTestId('wrapup-panel').count()).toBe(0);
}

beforeAll(async () => {
  lab = await startLab({ debtors: [N.answer, N.busy, N.noAnswer, N.notInService, N.lateAnswer] });
  dataDir = mkdtempSync(join(tmpdir(), 'fairline-e2e-phone-'));
  server = await startServer({ databaseFile: join(dataDir, 'server.db'), seedDemo: true, logger: false, now });
  await labAccounts();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_SERVER_URL: server.url, FAIRLINE_CLOCK: CLOCK });
  const wav = join(dataDir, 'agent-tone.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', wav, 'synth', '120', 'sine', String(TONES.agent)]);
  browser = await launchBrowser({ fakeAudio: wav });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  // A test-only spy: which device each microphone track the page opens comes from.
  await page.addInitScript(() => {
    const media = navigator.mediaDevices;
    const original = media.getUserMedia.bind(media);
    const w = window as unknown as { micsUsed: string[] };
    w.micsUsed = [];
    media.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      w.micsUsed.push(stream.getAudioTracks()[0]?.getSettings().deviceId ?? '');
      return stream;
    };
  });
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
    // Saved, and not read back into the page: the browser shell keeps it as typed, and says so.
    expect(await page.getByTestId('settings-sip-password').inputValue()).toBe('');
    expect(await page.locator('#settings-sip-password-note').textContent()).toMatch(/A password is saved.*no keychain/);
  });

  it('plays calls and rings on the devices chosen in Settings, and takes the chosen microphone', async () => {
    await page.getByTestId('settings-device-output').waitFor();
    await expect.poll(() => page.locator('[data-testid="settings-device-output"] option').allTextContents()).toContain('Fake Audio Output 1');
    await page.getByTestId('settings-device-input').selectOption({ label: 'Fake Audio Input 1' });
    await page.getByTestId('settings-device-output').selectOption({ label: 'Fake Audio Output 1' });
    await page.getByTestId('settings-device-ringing').selectOption({ label: 'Fake Audio Output 2' });
    await page.getByTestId('settings-phone').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, '25-settings-devices');
    await page.getByTestId('settings-save').click();
    const [output, ringing] = [await deviceId('audiooutput', 'Fake Audio Output 1'), await deviceId('audiooutput', 'Fake Audio Output 2')];
    expect(output).not.toBe('');
    await expect.poll(() => page.getByTestId('softphone-audio').evaluate((a: HTMLAudioElement) => a.sinkId)).toBe(output);
    await expect.poll(() => page.getByTestId('softphone-consult-audio').evaluate((a: HTMLAudioElement) => a.sinkId)).toBe(output);
    await expect.poll(() => page.getByTestId('softphone-ringer').evaluate((a: HTMLAudioElement) => a.sinkId)).toBe(ringing);
    // Kept: the settings read back name the devices.
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('settings-device-ringing').locator('option:checked').textContent()).toBe('Fake Audio Output 2');
  });

  it('dials an answering debtor: two-way audio, hold and resume, DTMF, hang-up, recording', async () => {
    await openLabAccount();
    await dial('phone-lab-answer');
    const debtor = lab.debtor(N.answer);
    const call = await debtor.waitForCall((c) => c.state === 'established', { timeoutMs: 15_000 });
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');
    // Audio both ways: the debtor receives the console's packets and hears its 440 Hz tone;
    // the console receives the debtor's packets (the quality indicator reads getStats).
    await expect.poll(async () => (await debtor.stats())?.packetsReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(100);
    await expect.poll(() => debtor.hears(TONES.agent), { timeout: 10_000 }).toBe(true);
    // …and the console hears the debtor's 2400 Hz tone in what it plays.
    await expect.poll(() => consoleHears('softphone-audio', TONES.answerZh), { timeout: 10_000 }).toBe(true);
    expect(await consoleHears('softphone-audio', TONES.answerEn)).toBe(false);
    // …and the element plays it out: its stream is attached as the INVITE leaves, before the far
    // end's track has media; an element given a stream with no track yet never starts.
    await expect.poll(() => page.getByTestId('softphone-audio').evaluate((a: HTMLAudioElement) => ({ paused: a.paused, ready: a.readyState >= a.HAVE_CURRENT_DATA, moving: a.currentTime > 0 })), { timeout: 5_000 })
      .toEqual({ paused: false, ready: true, moving: true });
    // The call took the microphone chosen in Settings: the one the phone keeps open (warm) since it was chosen.
    expect((await page.evaluate(() => (window as unknown as { micsUsed: string[] }).micsUsed)).at(-1)).toBe(await deviceId('audioinput', 'Fake Audio Input 1'));
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
    expect(createHash('sha256').update(readSealed(dataDir, attempt.recording.file)).digest('hex')).toBe(attempt.recording.sha256);
    expect(readSealed(dataDir, attempt.recording.file).subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // WebM (EBML) header, sealed at rest
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
    // It rings, on the ringing device chosen in Settings.
    const ringer = page.getByTestId('softphone-ringer');
    await expect.poll(() => ringer.evaluate((a: HTMLAudioElement) => !a.paused && a.currentTime > 0)).toBe(true);
    expect(await ringer.evaluate((a: HTMLAudioElement) => a.sinkId)).toBe(await deviceId('audiooutput', 'Fake Audio Output 2'));
    await screenshot(page, '22-softphone-incoming');
    await page.keyboard.press('Alt+a'); // one account matches: the key answers it
    await expect.poll(() => ringer.evaluate((a: HTMLAudioElement) => a.paused)).toBe(true);
    await expect.poll(() => page.getByTestId('account-name').textContent()).toContain('实验室测试');
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');
    await expect.poll(async () => (await debtor.stats())?.packetsReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(50);
    await page.getByTestId('call-end').click();
    await wrapUp('r');
    await expect.poll(() => events('call.attempt').at(-1), { timeout: 10_000 }).toMatchObject({ direction: 'inbound', result: 'answered', phoneId: 'phone-lab-answer' });
  });

  it('answers an inbound call by itself when auto-answer is on, and only then', async () => {
    await page.getByTestId('nav-settings').click();
    expect(await page.getByTestId('settings-auto-answer').isChecked()).toBe(false); // off by default
    await page.getByTestId('settings-auto-answer').check();
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-save').isDisabled()).toBe(true);
    await page.getByTestId('nav-queue').click();

    const debtor = lab.debtor(N.lateAnswer);
    const before = events('call.attempt').length;
    await debtor.callAgent(`sip:${lab.agents[0]!.user}@${lab.domain}`);
    // No click: the call is answered and its account opens with the talk track.
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 15_000 }).toBe('established');
    await expect.poll(() => page.getByTestId('account-name').textContent()).toContain('实验室测试二');
    expect(await page.getByTestId('softphone-ringer').evaluate((a: HTMLAudioElement) => a.paused)).toBe(true);
    await expect.poll(async () => (await debtor.stats())?.packetsReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(50);
    await expect.poll(() => consoleHears('softphone-audio', TONES.answerZh), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('call-end').click();
    await wrapUp('r');
    await expect.poll(() => events('call.attempt').length, { timeout: 10_000 }).toBe(before + 1);
    expect(events('call.attempt').at(-1)).toMatchObject({ direction: 'inbound', result: 'answered', phoneId: 'phone-lab2-late' });

    // Off again: the next call rings until the agent answers.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-auto-answer').uncheck();
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-save').isDisabled()).toBe(true);
    await page.getByTestId('nav-queue').click();
    await debtor.callAgent(`sip:${lab.agents[0]!.user}@${lab.domain}`);
    await page.locator('[data-testid="incoming-answer"][data-account-id="acc-lab-2"]').waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.getByTestId('incoming-call').getAttribute('data-action')).toBe('ring');
    expect((await debtor.lastCall())?.state).toBe('ringing');
    await page.getByTestId('incoming-reject').click();
    await expect.poll(() => page.getByTestId('incoming-call').count()).toBe(0);
    await expect.poll(async () => (await debtor.lastCall())?.state).toBe('ended');
  });

  it('transfers a call blind to another agent', async () => {
    const colleague = await lab.agentPhone({ user: lab.agents[1]!.user, password: lab.agents[1]!.password, autoAnswer: true, toneHz: TONES.agentAlt });
    await openLabAccount();
    await dial('phone-lab-answer');
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');
    await page.getByTestId('softphone-transfer').click();
    await page.getByTestId('transfer-number').fill(lab.agents[1]!.user);
    await page.getByTestId('transfer-go').click();
    // The debtor now talks to the colleague; the agent's own leg has ended and wraps up.
    const handed = await colleague.waitForCall((c) => c.state === 'established', { timeoutMs: 15_000 });
    expect(handed.direction).toBe('inbound');
    await wrapUp('r');
    await expect.poll(() => colleague.hears(TONES.answerZh), { timeout: 10_000 }).toBe(true);
    await colleague.hangup();
    await colleague.stop();
  });

  it('transfers attended: consults a colleague with the debtor on hold, returns to the debtor, then completes the transfer', async () => {
    const colleague = await lab.agentPhone({ user: lab.agents[1]!.user, password: lab.agents[1]!.password, toneHz: TONES.agentAlt });
    const debtor = lab.debtor(N.lateAnswer);
    const before = events('call.attempt').length;
    await openLabAccount(2);
    await dial('phone-lab2-late');
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 15_000 }).toBe('established');
    const first = await debtor.waitForCall((c) => c.state === 'established' && c.direction === 'inbound', { timeoutMs: 10_000 });

    // Consult: Alt+T opens the transfer panel; Enter calls the colleague and holds the debtor.
    async function consult(): Promise<string> {
      await page.keyboard.press('Alt+t');
      await page.getByTestId('transfer-number').fill(lab.agents[1]!.user);
      await screenshot(page, '24-softphone-transfer-panel');
      await page.getByTestId('transfer-number').press('Enter');
      await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('true');
      const ringing = await colleague.waitForCall((c) => c.state === 'ringing' && c.replaced === null, { timeoutMs: 10_000 });
      expect(await page.getByTestId('consult-bar').getAttribute('data-consult-state')).not.toBe('established');
      expect(await page.getByTestId('consult-complete').isDisabled()).toBe(true);
      await colleague.answer(ringing.id);
      await expect.poll(() => page.getByTestId('consult-bar').getAttribute('data-consult-state'), { timeout: 10_000 }).toBe('established');
      // The agent and the colleague hear each other; the debtor, on hold, hears nothing new.
      await expect.poll(() => colleague.hears(TONES.agent), { timeout: 10_000 }).toBe(true);
      await expect.poll(() => consoleHears('softphone-consult-audio', TONES.agentAlt), { timeout: 10_000 }).toBe(true);
      const held = (await debtor.stats(first.id))!;
      await new Promise((r) => setTimeout(r, 1000));
      expect((await debtor.stats(first.id))!.packetsReceived - held.packetsReceived).toBeLessThan(10);
      return ringing.id;
    }

    const firstConsult = await consult();
    // Return to the debtor (Alt+B): the consult call ends, the debtor is off hold.
    await page.keyboard.press('Alt+b');
    await colleague.waitForState(firstConsult, 'ended');
    await expect.poll(() => page.getByTestId('consult-bar').count()).toBe(0);
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('false');
    expect((await page.getByTestId('toast').allTextContents()).join()).not.toContain('still on hold'); // the agent chose to return
    const resumed = (await debtor.stats(first.id))!;
    await expect.poll(async () => (await debtor.stats(first.id))!.packetsReceived - resumed.packetsReceived, { timeout: 10_000 }).toBeGreaterThan(50);

    // Consult again and complete (Alt+T): the debtor's phone calls the colleague, replacing the consult call.
    const secondConsult = await consult();
    await screenshot(page, '24-softphone-consult');
    await page.keyboard.press('Alt+t');
    const handed = await colleague.waitForCall((c) => c.replaced === secondConsult && c.state === 'established', { timeoutMs: 15_000 });
    expect(handed.remote).toContain(N.lateAnswer);
    // Both of the agent's calls end; the debtor's call with the agent is over and wraps up.
    await colleague.waitForState(secondConsult, 'ended');
    await debtor.waitForState(first.id, 'ended');
    await wrapUp('r');
    expect(await page.getByTestId('softphone-controls').count()).toBe(0);
    // Logged once, as the answered call it was (the colleague calls are no debtor contact).
    await expect.poll(() => events('call.attempt').length, { timeout: 10_000 }).toBe(before + 1);
    expect(events('call.attempt').at(-1)).toMatchObject({ number: N.lateAnswer, result: 'answered', sipStatus: 200, phoneId: 'phone-lab2-late' });
    // The debtor and the colleague talk, both ways.
    await expect.poll(() => colleague.hears(TONES.answerZh), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => debtor.hears(TONES.agentAlt), { timeout: 10_000 }).toBe(true);
    await colleague.hangup(handed.id);
    await colleague.stop();
  });

  it('dials a number outside the portfolio from the dial pad, after the rules of its country allow it', async () => {
    await page.keyboard.press('Alt+d');
    await page.getByTestId('dialpad').waitFor();
    await page.getByTestId('dialpad-number').fill('');
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
