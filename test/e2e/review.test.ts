// Call review through the README's start script and Debian's Chromium: an agent's call reaches
// the console's embedded server as their console sends it (events over /api/sync/push, the
// recording as WebM/Opus made in Chromium, uploaded over /api/blobs); the lead opens it, plays
// it, clicks a talk-track step to hear it, and saves a score that the server keeps.
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ReviewCallDetail } from '../../shared/api/review';
import type { EventBody } from '../../shared/domain/events';
import { LoginResponse, PullResponse } from '../../shared/sync/protocol';
import { DEMO_TRACKS } from '../../shared/talktrack';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

// Tuesday 10:00 in Beijing.
const CLOCK = '2026-11-24T02:00:00Z';
const CALL_START = Date.parse('2026-11-24T01:52:00Z');
const RECORDING_MS = 6_000;
const TRACK = DEMO_TRACKS.find((t) => t.id === 'demo-zh-early-overdue')!;

let browser: Browser;
let app: RunningConsole;
let page: Page;
let serverUrl: string;

async function http<T>(path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(new URL(path, serverUrl), {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const login = async (username: string, deviceId: string) =>
  LoginResponse.parse(await http('/api/auth/login', { body: { username, password: 'demo1234', deviceId } }));

/** A few seconds of tones, recorded by Chromium's MediaRecorder as the softphone records calls (WebM/Opus, a chunk a second). */
async function recordInChromium(p: Page, ms: number): Promise<Buffer> {
  await p.mouse.click(2, 2); // a user gesture: the AudioContext may start
  const base64 = await p.evaluate(async (length) => {
    const ctx = new AudioContext();
    await ctx.resume();
    const destination = ctx.createMediaStreamDestination();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    gain.gain.value = 0.2;
    osc.connect(gain).connect(destination);
    // A rising tone, one pitch a second, so the seconds sound apart.
    for (let s = 0; s * 1000 < length; s++) osc.frequency.setValueAtTime(330 + s * 110, ctx.currentTime + s);
    osc.start();
    const recorder = new MediaRecorder(destination.stream, { mimeType: 'audio/webm;codecs=opus' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => { if (e.data.size > 0) chunks.push(e.data); };
    const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
    recorder.start(1000);
    await new Promise((resolve) => setTimeout(resolve, length));
    recorder.stop();
    await stopped;
    osc.stop();
    await ctx.close();
    const bytes = new Uint8Array(await new Blob(chunks, { type: 'audio/webm' }).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }, ms);
  return Buffer.from(base64, 'base64');
}

/** Pushes events as an agent's console does: one device, increasing seqs. */
function agentConsole(token: string, userId: string, deviceId: string) {
  let seq = 0;
  return async (accountId: string, ...bodies: [number, EventBody][]) => {
    const events = bodies.map(([at, body]) => ({ id: uuidv7(), deviceId, seq: ++seq, userId, accountId, deviceTime: new Date(at).toISOString(), body }));
    await http('/api/sync/push', { token, body: { deviceId, events } });
  };
}

let recording: Buffer;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: tempDataDir(), FAIRLINE_CLOCK: CLOCK });
  const embedded = /Central server \(embedded\): (\S+), data in/.exec(app.output());
  if (!embedded) throw new Error(`no embedded server in the output:\n${app.output()}`);
  serverUrl = embedded[1]!;
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(app.url);
  recording = await recordInChromium(page, RECORDING_MS);
  const sha256 = createHash('sha256').update(recording).digest('hex');

  // collector1's call: refused during quiet hours, dialled at ten, answered after a second,
  // the opening, identity checks and the track's first steps, a threat refused in the note.
  const agent = await login('collector1', 'e2e-review-agent');
  const pulled = PullResponse.parse(await http('/api/sync/pull?limit=20', { token: agent.token }));
  const bundle = pulled.accounts.find((b) => b.phones.length > 0)!;
  const phone = bundle.phones[0]!;
  const push = agentConsole(agent.token, agent.user.id, 'e2e-review-agent');
  const answered = CALL_START + 1_000;
  const ended = answered + RECORDING_MS;
  const decision = (decision: 'allow' | 'block', action: 'dial' | 'refused', reasons: Extract<EventBody, { type: 'compliance.decision' }>['reasons']): EventBody => ({
    type: 'compliance.decision', phoneId: phone.id, partyId: phone.partyId, decision, action, packId: 'cn', packVersion: '2026.1', allowedFrom: null, reasons,
  });
  await push(bundle.account.id,
    [CALL_START - 2 * 3_600_000, decision('block', 'refused', [{ rule: 'cn.quiet_hours', severity: 'block', source: 'NIFA convention (2018) art. 11', messageKey: 'quietHours', params: { window: '08:00–21:00', places: '07:52' } }])],
    [CALL_START - 500, decision('allow', 'dial', [])],
    [ended + 50, {
      type: 'call.attempt', callId: 'e2e-review-call', direction: 'outbound', phoneId: phone.id, partyId: phone.partyId, number: phone.number, result: 'answered',
      startedAt: new Date(CALL_START).toISOString(), answeredAt: new Date(answered).toISOString(), endedAt: new Date(ended).toISOString(), sipStatus: 200,
      recording: { file: '/data/recordings/e2e-review-call.webm', sha256, durationMs: RECORDING_MS },
    }],
    [ended + 20_000, { type: 'note.flagged', flags: [{ phrase: '你会坐牢', category: 'threat' }], text: '告诉他：再不还钱你会坐牢的' }],
    [ended + 40_000, {
      type: 'call.outcome', callId: 'e2e-review-call', phoneId: phone.id, partyId: phone.partyId, packId: 'cn', outcome: 'promise_to_pay', contact: 'conversation', hold: null,
      promise: { amountMinor: 80_000, dueDate: '2026-11-24' }, plan: null, callback: null, note: '客户承诺今天通过官方 App 还款 800 元', extensionDate: null, attorney: null,
      flaggedPhrases: ['你会坐牢'], trackId: `${TRACK.id}@${TRACK.version}`,
      steps: [
        { stepId: 'system:institution_name', atMs: 1_400 }, { stepId: 'verify:fullName', atMs: 2_300, passed: true }, { stepId: 'verify:dateOfBirth', atMs: 2_600, result: 'not_on_file' }, { stepId: 'verify:idLast4', atMs: 2_900, passed: true },
        { stepId: TRACK.steps[0]!.id, atMs: 3_600 }, { stepId: TRACK.steps[1]!.id, atMs: 4_700, digit: 1 }, { stepId: TRACK.steps[2]!.id, atMs: 5_600, digit: 2 },
      ],
    }],
  );
  const upload = await fetch(new URL(`/api/blobs/${sha256}`, serverUrl), {
    method: 'PATCH',
    headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'upload-length': String(recording.length) },
    body: new Uint8Array(recording),
  });
  expect(upload.status).toBe(200);

  // Two more calls for the list: yesterday's, not answered; one from the US team not uploaded yet.
  const yesterday = CALL_START - 24 * 3_600_000;
  await push(bundle.account.id, [yesterday + 4_050, {
    type: 'call.attempt', callId: 'e2e-review-busy', direction: 'outbound', phoneId: phone.id, partyId: phone.partyId, number: phone.number, result: 'busy',
    startedAt: new Date(yesterday).toISOString(), answeredAt: null, endedAt: new Date(yesterday + 4_000).toISOString(), sipStatus: 486, recording: null,
  }]);
  const us = await login('collector2', 'e2e-review-us');
  const usBundle = PullResponse.parse(await http('/api/sync/pull?limit=20', { token: us.token })).accounts.find((b) => b.phones.length > 0)!;
  await agentConsole(us.token, us.user.id, 'e2e-review-us')(usBundle.account.id, [CALL_START - 600_000, {
    type: 'call.attempt', callId: 'e2e-review-us', direction: 'outbound', phoneId: usBundle.phones[0]!.id, partyId: usBundle.phones[0]!.partyId, number: usBundle.phones[0]!.number,
    result: 'answered', startedAt: new Date(CALL_START - 720_000).toISOString(), answeredAt: new Date(CALL_START - 715_000).toISOString(),
    endedAt: new Date(CALL_START - 615_000).toISOString(), sipStatus: 200, recording: { file: '/x.webm', sha256: 'a'.repeat(64), durationMs: 100_000 },
  }]);

  await page.getByTestId('lang-switch').selectOption('en');
  await signIn(page, 'lead');
  await page.getByTestId('board-view').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('call review', () => {
  it('lists the teams’ calls for the lead', async () => {
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-table').waitFor();
    const rows = page.getByTestId('review-row');
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-call-id')))).toEqual(['e2e-review-call', 'e2e-review-us', 'e2e-review-busy']);
    expect(await rows.first().textContent()).toContain('Promise to pay');
    await screenshot(page, '45-review-list');
    // Filtered to the US agent, only their call.
    await page.getByTestId('review-filter-agent').selectOption({ label: 'Maria Lopez' });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('review-filter-agent').selectOption('');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
  });

  it('opens a call, plays it, jumps to a step, and saves a score the server keeps', { timeout: 60_000 }, async () => {
    await page.locator('[data-testid="review-row"][data-call-id="e2e-review-call"] button').press('Enter');
    await page.getByTestId('review-call').waitFor();
    await page.getByTestId('review-timeline').waitFor();
    // The refusal's reason in words, the steps with the track's wording, the wrap-up.
    expect(await page.getByTestId('review-decision').count()).toBe(2);
    await page.getByTestId('gate-status').first().locator('summary').click();
    expect(await page.getByTestId('review-timeline').textContent()).toContain('Quiet hours: collection contact is allowed only 08:00–21:00 Beijing time');
    expect(await page.getByTestId('review-step').count()).toBe(7);
    expect(await page.getByTestId('review-timeline').textContent()).toContain('Verify identityFull name');
    // Each identity check with its result (the date of birth had nothing on file: said so, neither matched nor not), each question with the answer chosen.
    expect(await page.getByTestId('review-check').evaluateAll((els) => els.map((e) => [e.getAttribute('data-passed'), e.textContent]))).toEqual([['true', 'Matched'], [null, 'Not on file'], ['true', 'Matched']]);
    expect(await page.getByTestId('review-answer').allTextContents()).toEqual(['Answer: 忘记了，马上还', 'Answer: 这几天内']);
    // The spoken line as said: the debtor's salutation and the lender, not the variables' names.
    const spoken = page.locator(`[data-testid="review-step"][data-step-id="${TRACK.steps[0]!.id}"]`);
    await expect.poll(() => spoken.locator('.review-filled').count()).toBeGreaterThan(3);
    expect(await spoken.textContent()).not.toMatch(/salutation|lender|product|accountRef|daysPastDue/);
    expect(await page.getByTestId('review-flagged-phrases').textContent()).toContain('你会坐牢');

    // Play, then click the sixth step: the recording (which starts at the answer, 1 s in) goes to 4.7 − 1 = 3.7 s.
    await page.getByTestId('review-load').click();
    const audio = page.getByTestId('review-audio');
    await audio.waitFor();
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState >= 1 && a.error === null), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('review-step-play').nth(5).click();
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => !a.paused && a.currentTime >= 3.6), { timeout: 10_000 }).toBe(true);
    expect(await audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeLessThan(RECORDING_MS / 1000);
    await expect.poll(() => page.locator('[data-testid="review-step"][aria-current="step"]').getAttribute('data-step-id')).toBe(TRACK.steps[1]!.id);

    // Score by keyboard, wherever the focus is on the call's screen (here the step just clicked): 4, a comment, save.
    await page.keyboard.press('4');
    expect(await page.getByTestId('review-score-4').isChecked()).toBe(true);
    await page.getByTestId('review-comment').fill('Verification done well; the note’s threat wording must not recur.');
    await page.getByTestId('review-submit').click();
    await page.getByTestId('review-saved').waitFor();
    expect(await page.getByTestId('review-saved').getAttribute('data-score')).toBe('4');
    await audio.evaluate((a: HTMLAudioElement) => a.pause());
    await screenshot(page, '46-review-call');

    const lead = await login('lead', 'e2e-review-check');
    const stored = ReviewCallDetail.parse(await http('/api/review/calls/e2e-review-call', { token: lead.token }));
    expect(stored.reviews).toEqual([expect.objectContaining({ score: 4, comment: 'Verification done well; the note’s threat wording must not recur.', reviewerName: '王强 (Wang Qiang)' })]);

    // The list shows the score.
    await page.getByTestId('review-back').click();
    await expect.poll(() => page.locator('[data-testid="review-row"][data-call-id="e2e-review-call"] [data-testid="review-row-score"]').textContent()).toContain('4/5');
  });

  it('reads the same in Chinese', async () => {
    await page.getByTestId('lang-switch').selectOption('zh-CN', { timeout: 5_000 });
    await expect.poll(() => page.getByTestId('review-table').textContent(), { timeout: 5_000 }).toContain('承诺还款');
    await screenshot(page, '45-review-list-zh-CN');
    await page.locator('[data-testid="review-row"][data-call-id="e2e-review-call"]').click({ timeout: 5_000 });
    await page.getByTestId('review-timeline').waitFor({ timeout: 10_000 });
    await page.getByTestId('gate-status').first().locator('summary').click({ timeout: 5_000 });
    expect(await page.getByTestId('review-timeline').textContent()).toContain('休息时段');
    await expect.poll(() => page.getByTestId('review-check').first().textContent()).toBe('一致');
    expect(await page.locator('[data-testid="review-check"][data-not-on-file="true"]').textContent()).toBe('无记录');
    expect(await page.getByTestId('review-answer').first().textContent()).toBe('回答：忘记了，马上还');
    await expect.poll(() => page.locator(`[data-testid="review-step"][data-step-id="${TRACK.steps[0]!.id}"] .review-filled`).count()).toBeGreaterThan(3);
    expect(await page.locator(`[data-testid="review-step"][data-step-id="${TRACK.steps[0]!.id}"]`).textContent()).toContain('应还金额');
    await screenshot(page, '46-review-call-zh-CN');
    await page.getByTestId('lang-switch').selectOption('en');
  });
});
