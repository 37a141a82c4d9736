// Listen, whisper and barge against the call lab (docs/monitor.md): real Kamailio, three
// Chromium endpoints — the agent's console (collector1, SIP agent1, a 440 Hz microphone), the
// lead's console (lead, SIP agent2, a 1000 Hz microphone) and the lab's debtor (2400 Hz) — and
// the real central server signing the grants. Tone detection proves who hears whom in each
// mode; a monitor request with a forged grant is refused at the agent's phone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type AgentPhone, type Lab, NUMBERS, startLab, TONES } from '../../lab/lab';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { MONITOR_GRANT_HEADER, MONITOR_MODE_HEADER } from '../../shared/monitor/protocol';
import { type RunningServer, startServer } from '../../server/app';
import { launchBrowser, playsTone, type RunningConsole, screenshot, signIn, startConsole } from './harness';
import { openConsoleStore, readSealed } from '../support/console-store';

const CLOCK = '2026-11-24T02:00:00Z'; // 10:00 in Beijing: calls allowed
const offset = Date.parse(CLOCK) - Date.now();
const now = () => new Date(Date.now() + offset);
const N = NUMBERS.cn;
/** The lead's microphone: apart from the agent's 440 Hz (and its harmonics) and every debtor tone. */
const LEAD_HZ = 1000;

let lab: Lab;
let server: RunningServer;
let dir: string;
const apps: RunningConsole[] = [];
const browsers: Browser[] = [];
let agent: Page;
let lead: Page;
let intruder: AgentPhone;

async function labAccount(): Promise<void> {
  const user = await server.store.findUserByUsername('collector1');
  const id = 'acc-lab-1';
  const bundle: AccountBundle = {
    account: {
      id, ref: 'LAB-0001', region: 'CN', currency: 'CNY', debtorName: '实验室测试', address: '上海市浦东新区世纪大道100号', province: '上海市',
      postalCode: '200120', timeZone: 'Asia/Shanghai', assignedTo: user!.id, teamId: user!.teamId,
    },
    debts: [{ id: 'debt-lab-1', accountId: id, lender: '测试银行', product: '信用贷', principalMinor: 500_000, feesMinor: 0, balanceMinor: 500_000, dueDate: '2026-10-01', stage: 'early' }],
    parties: [{ id: 'party-lab-1', accountId: id, kind: 'debtor', relation: 'self', name: '实验室测试' }],
    phones: [{ id: 'phone-lab-answer', accountId: id, partyId: 'party-lab-1', number: N.answer, type: 'mobile', consent: 'express', timeZone: null }],
    holds: [],
    history: [],
  };
  await server.store.insertAccounts([bundle], now().toISOString());
}

/** A console in its own Chromium, with a microphone playing a steady tone, signed in, its SIP account set. */
async function openConsole(name: string, username: string, sip: { user: string; password: string }, hz: number): Promise<Page> {
  const app = await startConsole({ FAIRLINE_DATA_DIR: join(dir, name), FAIRLINE_SERVER_URL: server.url, FAIRLINE_CLOCK: CLOCK });
  apps.push(app);
  const wav = join(dir, `${name}-tone.wav`);
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', wav, 'synth', '300', 'sine', String(hz)]);
  const browser = await launchBrowser({ fakeAudio: wav });
  browsers.push(browser);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(app.url);
  await page.getByTestId('lang-switch').selectOption('en');
  await signIn(page, username);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-sip-server').fill(lab.wsUrl);
  await page.getByTestId('settings-sip-uri').fill(`sip:${sip.user}@${lab.domain}`);
  await page.getByTestId('settings-sip-authUser').fill(sip.user);
  await page.getByTestId('settings-sip-password').fill(sip.password);
  await page.getByTestId('settings-save').click();
  await page.locator('[data-testid="phone-status"][data-state="registered"]').waitFor({ timeout: 15_000 });
  return page;
}

/** Whether an audio element of the page plays a tone at `hz`, among the other voices it mixes. */
function plays(page: Page, testId: string, hz: number): Promise<boolean> {
  return playsTone(page, testId, hz, 'present');
}

function agentEvents(): { type: string; body: Record<string, unknown> }[] {
  const db = openConsoleStore(join(dir, 'agent'));
  try {
    return (db.prepare("SELECT type, body FROM events WHERE type LIKE 'monitor.%' ORDER BY seq").all() as { type: string; body: string }[])
      .map((r) => ({ type: r.type, body: JSON.parse(r.body) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

/** The recording file of the agent's call on an account, once the attempt is logged. */
function recordingOf(accountId: string): string | null {
  const db = openConsoleStore(join(dir, 'agent'));
  try {
    const row = db.prepare("SELECT body FROM events WHERE type = 'call.attempt' AND account_id = ? ORDER BY seq DESC").get(accountId) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as { recording: { file: string } | null }).recording?.file ?? null : null;
  } finally {
    db.close();
  }
}

/** Seconds of a recording (WebM/Opus, decoded by Chromium) in which `hz` stands well above a nearby control frequency (Goertzel, 4096-sample windows). */
async function toneSeconds(page: Page, file: Buffer, hz: number): Promise<number> {
  return page.evaluate(async ([base64, target]) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const ctx = new OfflineAudioContext(1, 48_000, 48_000);
    const audio = await ctx.decodeAudioData(bytes.buffer);
    const samples = audio.getChannelData(0);
    const power = (from: number, n: number, f: number) => {
      const k = 2 * Math.cos((2 * Math.PI * f) / audio.sampleRate);
      let s1 = 0;
      let s2 = 0;
      for (let i = from; i < from + n; i++) {
        const s0 = samples[i]! + k * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      return s1 * s1 + s2 * s2 - k * s1 * s2;
    };
    const N = 4096;
    let windows = 0;
    for (let from = 0; from + N <= samples.length; from += N) if (power(from, N, target) > 100 * (power(from, N, target * 1.37) + 1e-9)) windows++;
    return (windows * N) / audio.sampleRate;
  }, [file.toString('base64'), hz] as const);
}

/** Milliseconds the debtor has heard a tone near `hz` on this call. */
async function debtorHeardMs(hz: number): Promise<number> {
  return (await lab.debtor(N.answer).heard()).filter((t) => Math.abs(t.hz - hz) <= 15).reduce((sum, t) => sum + t.ms, 0);
}

beforeAll(async () => {
  lab = await startLab({ debtors: [N.answer] });
  dir = mkdtempSync(join(tmpdir(), 'fairline-e2e-monitor-'));
  server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now });
  await labAccount();
  agent = await openConsole('agent', 'collector1', lab.agents[0]!, TONES.agent);
  lead = await openConsole('lead', 'lead', lab.agents[1]!, LEAD_HZ);
  intruder = await lab.agentPhone({ user: lab.agents[2]!.user, password: lab.agents[2]!.password, toneHz: TONES.agentAlt });
}, 240_000);

afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => undefined);
  for (const a of apps) await a.stop().catch(() => undefined);
  await server?.close();
  await lab?.stop();
});

describe('listen, whisper and barge through the call lab', () => {
  it('listen: the lead hears the debtor and the agent, and no one hears the lead', async () => {
    await agent.getByTestId('nav-queue').click();
    await agent.getByTestId('queue-search').fill('LAB-0001');
    await agent.locator('[data-testid="queue-row"][data-account-id="acc-lab-1"]').click();
    await agent.locator('[data-testid="phone"][data-phone-id="phone-lab-answer"] [data-testid="dial-button"]').click();
    await lab.debtor(N.answer).waitForCall((c) => c.state === 'established', { timeoutMs: 15_000 });
    await expect.poll(() => agent.getByTestId('softphone-controls').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');

    await lead.getByTestId('nav-board').click();
    const row = lead.locator('[data-testid="board-row"][data-agent="李娜"]');
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('on_call');
    await row.getByTestId('monitor-join').click();
    await screenshot(lead, '47-monitor-join-menu');
    await row.getByTestId('monitor-listen').click();
    await expect.poll(() => lead.getByTestId('monitor-bar').getAttribute('data-state'), { timeout: 15_000 }).toBe('established');
    expect(await lead.getByTestId('monitor-bar').getAttribute('data-mode')).toBe('listen');

    await expect.poll(() => plays(lead, 'softphone-monitor-audio', TONES.answerZh), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => plays(lead, 'softphone-monitor-audio', TONES.agent), { timeout: 10_000 }).toBe(true);
    expect(await plays(agent, 'softphone-monitor-audio', LEAD_HZ)).toBe(false);
    expect(await plays(agent, 'softphone-audio', LEAD_HZ)).toBe(false);
    expect(await debtorHeardMs(LEAD_HZ)).toBe(0);
    // The organisation's policy (the default) shows the agent that the lead listens.
    await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('listen');
    expect(await agent.getByTestId('monitored-notice').textContent()).toContain('is listening');
    await screenshot(lead, '47-monitor-lead-listen');
  });

  it('whisper: the agent hears the lead, the debtor does not', async () => {
    await lead.getByTestId('monitor-bar-whisper').click();
    await expect.poll(() => lead.getByTestId('monitor-bar').getAttribute('data-mode')).toBe('whisper');
    await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('whisper');
    await expect.poll(() => plays(agent, 'softphone-monitor-audio', LEAD_HZ), { timeout: 10_000 }).toBe(true);
    // The agent mutes: the debtor's line goes silent, so a lead tone leaking into it would be
    // the loudest thing the debtor hears. It never is.
    await agent.getByTestId('softphone-mute').click();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await debtorHeardMs(LEAD_HZ)).toBe(0);
    // The lead still hears the debtor.
    expect(await plays(lead, 'softphone-monitor-audio', TONES.answerZh)).toBe(true);
    await screenshot(agent, '48-monitor-agent-whisper');
  });

  it('barge: the debtor and the agent both hear the lead', async () => {
    await lead.getByTestId('monitor-bar-barge').click();
    await expect.poll(() => lead.getByTestId('monitor-bar').getAttribute('data-mode')).toBe('barge');
    await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('barge');
    await expect.poll(() => lab.debtor(N.answer).hears(LEAD_HZ), { timeout: 10_000 }).toBe(true);
    expect(await plays(agent, 'softphone-monitor-audio', LEAD_HZ)).toBe(true);
    // Unmuted, the debtor hears the agent again too (the barge mix carries the microphone).
    await agent.getByTestId('softphone-mute').click();
    await expect.poll(() => plays(lead, 'softphone-monitor-audio', TONES.agent), { timeout: 10_000 }).toBe(true);
    await screenshot(lead, '49-monitor-lead-barge');
  });

  it('the lead leaves: the call goes on, and the session is logged with its modes and times', async () => {
    await lead.getByTestId('monitor-leave').click();
    await expect.poll(() => lead.getByTestId('monitor-bar').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => agent.getByTestId('monitored-notice').count(), { timeout: 10_000 }).toBe(0);
    expect(await agent.getByTestId('softphone-controls').getAttribute('data-call-state')).toBe('established');
    // Back to the microphone alone: the debtor hears the agent, and the lead no longer.
    const before = await debtorHeardMs(LEAD_HZ);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await debtorHeardMs(LEAD_HZ) - before).toBeLessThan(200);
    const log = agentEvents();
    expect(log.map((e) => [e.type, e.body.mode ?? null])).toEqual([
      ['monitor.started', 'listen'], ['monitor.mode', 'whisper'], ['monitor.mode', 'barge'], ['monitor.ended', null],
    ]);
    const sessionId = log[0]!.body.sessionId;
    expect(log.every((e) => e.body.sessionId === sessionId)).toBe(true);
    expect(log[0]!.body).toMatchObject({ leadName: '王强 (Wang Qiang)', agentNotified: true });
    expect(log[3]!.body.durationMs).toBeGreaterThan(5_000);
    // The grant was logged centrally too.
    const collector = await server.store.findUserByUsername('collector1');
    const grants = await server.store.monitor.sessionsOf(collector!.id, 5);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ id: sessionId, mode: 'listen', accountId: 'acc-lab-1' });
  });

  it('refuses a monitor request whose grant the central server did not sign', async () => {
    const target = `sip:${lab.agents[0]!.user}@${lab.domain}`;
    const forged = await intruder.call(target, { [MONITOR_GRANT_HEADER]: 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.AAAA', [MONITOR_MODE_HEADER]: 'listen' });
    const refused = await intruder.waitForState(forged, 'ended', { timeoutMs: 10_000 });
    expect([refused.status, refused.reason]).toEqual([403, 'Monitor refused: invalid']);
    const bare = await intruder.call(target, { [MONITOR_MODE_HEADER]: 'barge' });
    const missing = await intruder.waitForState(bare, 'ended', { timeoutMs: 10_000 });
    expect([missing.status, missing.reason]).toEqual([403, 'Monitor refused: missing']);
    // Neither rang on the agent's console, and the call went on.
    expect(await agent.getByTestId('incoming-call').count()).toBe(0);
    expect(await agent.getByTestId('softphone-controls').getAttribute('data-call-state')).toBe('established');
    expect(agentEvents().filter((e) => e.type === 'monitor.refused').map((e) => e.body.reason)).toEqual(['invalid', 'missing']);

    await agent.getByTestId('call-end').click();
    await agent.getByTestId('wrapup-panel').waitFor();
  });

  it("records the lead's voice while the debtor heard it (barge)", async () => {
    await expect.poll(() => recordingOf('acc-lab-1'), { timeout: 10_000 }).not.toBeNull();
    const seconds = await toneSeconds(lead, readSealed(join(dir, 'agent'), recordingOf('acc-lab-1')!), LEAD_HZ);
    // Barge lasted a few seconds (the test above); listen and whisper are not in the recording.
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(15);
  });
});
