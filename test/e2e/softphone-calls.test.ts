// One call at a time, always controllable; the talk track from the answer; every SIP result in
// words. The console against the call lab: real Kamailio, real sip.js debtors in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { NUMBERS } from '../../lab/lab';
import { screenshot } from './harness';
import { openConsoleStore, readSealed } from '../support/console-store';
import { callState, dial, openAccount, type PhoneWorld, saveSip, saveWrapUp, startPhoneWorld } from './phone-world';

const N = NUMBERS.cn;
let world: PhoneWorld;
let page: Page;
const agentUri = () => `sip:${world.lab.agents[0]!.user}@${world.lab.domain}`;
const lastAttempt = () => world.events('call.attempt').at(-1);
const consoleHolds = (accountId: string) => {
  const db = openConsoleStore(world.dataDir);
  try {
    return (db.prepare('SELECT count(*) AS n FROM holds WHERE account_id = ?').get(accountId) as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  world = await startPhoneWorld({
    lab: { debtors: [N.answer, N.busy, N.noAnswer, N.notInService, N.lateAnswer] },
    // LAB-0005 is the late answerer's; the answerer (…0100) is no account's: an unknown caller.
    accounts: [
      [1, '实验室一', [['p1-busy', N.busy], ['p1-nis', N.notInService], ['p1-noanswer', N.noAnswer]]],
      [2, '实验室二', [['p2-late', N.lateAnswer]]],
      [3, '实验室三', [['p3-noanswer', N.noAnswer]]],
      [4, '实验室四', [['p4-noanswer', N.noAnswer]]],
    ],
  });
  page = world.page;
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

describe('one call at a time, always controllable', () => {
  it('an unknown caller, answered, has the call bar with its controls wherever the agent goes; 180 is sent once', async () => {
    const debtor = world.lab.debtor(N.answer);
    await debtor.callAgent(agentUri());
    await page.getByTestId('incoming-answer').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('incoming-call').textContent()).toContain('Not in your portfolio');
    await page.getByTestId('incoming-answer').click();
    await expect.poll(() => page.getByTestId('call-bar').getAttribute('data-call-state'), { timeout: 10_000 }).toBe('established');
    expect(await page.getByTestId('softphone-state').textContent()).toBe('Connected');
    // The caller's phone saw one 180 Ringing, then the answer.
    const call = (await debtor.lastCall())!;
    expect(call.provisional).toEqual([180]);
    await expect.poll(async () => (await debtor.stats(call.id))?.packetsReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(50);
    await screenshot(page, '30-call-bar-unknown-caller');

    // Elsewhere in the console, the bar and its controls stay.
    for (const view of ['nav-queue', 'nav-dialpad', 'nav-settings'] as const) {
      await page.getByTestId(view).click();
      expect(await page.getByTestId('call-bar').count()).toBe(1);
      expect(await page.getByTestId('softphone-hold').isEnabled()).toBe(true);
    }
    // Hold is on only once the far end accepted the re-INVITE; resume the same way.
    await page.getByTestId('softphone-hold').click();
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('true');
    await page.getByTestId('softphone-mute').click();
    expect(await page.getByTestId('softphone-controls').getAttribute('data-muted')).toBe('true');
    await page.keyboard.press('Alt+h');
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('false');

    // No second outbound call: the dial pad and the accounts' dial buttons refuse.
    await page.getByTestId('nav-dialpad').click();
    await page.getByTestId('dialpad-busy').waitFor();
    await page.getByTestId('dialpad-number').fill(N.busy);
    expect(await page.getByTestId('dialpad-call').isDisabled()).toBe(true);
    await openAccount(page, 1);
    const dialButtons = page.locator('[data-testid="dial-button"]');
    for (const button of await dialButtons.all()) expect(await button.isDisabled()).toBe(true);
    expect(await world.lab.debtor(N.busy).calls()).toEqual([]);

    await page.keyboard.press('Control+e');
    await expect.poll(() => page.getByTestId('call-bar').count()).toBe(0);
    await expect.poll(async () => (await debtor.lastCall())?.state).toBe('ended');
    await expect.poll(lastAttempt).toMatchObject({ direction: 'inbound', number: N.answer, result: 'answered', sipStatus: 200 });
  });

  it('a second caller gets call waiting: no ring, and Reject sends them 486', async () => {
    const first = world.lab.debtor(N.answer);
    await first.callAgent(agentUri());
    await page.getByTestId('incoming-answer').click({ timeout: 15_000 });
    await expect.poll(() => callState(page), { timeout: 10_000 }).toBe('established');
    const second = world.lab.debtor(N.lateAnswer);
    await second.callAgent(agentUri());
    await expect.poll(() => page.getByTestId('incoming-call').getAttribute('data-waiting'), { timeout: 15_000 }).toBe('true');
    expect(await page.getByTestId('softphone-ringer').evaluate((a: HTMLAudioElement) => a.paused)).toBe(true);
    expect((await second.lastCall())?.provisional).toEqual([180]);
    await screenshot(page, '31-call-waiting');
    await page.getByTestId('incoming-reject').click();
    await expect.poll(async () => (await second.lastCall())?.status, { timeout: 10_000 }).toBe(486);
    // The first call goes on.
    expect(await callState(page)).toBe('established');
    expect((await first.lastCall())?.state).toBe('established');
    await expect.poll(lastAttempt).toMatchObject({ direction: 'inbound', number: N.lateAnswer, result: 'rejected', sipStatus: 486 });
    await page.getByTestId('call-bar-hangup').click();
    await expect.poll(() => page.getByTestId('call-bar').count()).toBe(0);
  });

  it('with call waiting off a second caller hears busy at once; Reject answers 603 when set so', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-when-busy').selectOption('busy');
    await page.getByTestId('settings-reject-code').selectOption('603');
    const savedNotice = page.getByTestId('toast').filter({ hasText: 'Settings saved' });
    await expect.poll(() => savedNotice.count(), { timeout: 10_000 }).toBe(0); // an earlier save's notice has gone
    await page.getByTestId('settings-save').click();
    // Saved (its notice shows): the phone was restarted with the new settings in that same
    // render, so 'registered' from here on is the new registration, not the old one's.
    await savedNotice.first().waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('phone-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('registered');

    const first = world.lab.debtor(N.answer);
    await first.callAgent(agentUri());
    await page.getByTestId('incoming-answer').click({ timeout: 15_000 });
    await expect.poll(() => callState(page), { timeout: 10_000 }).toBe('established');
    const second = world.lab.debtor(N.lateAnswer);
    await second.callAgent(agentUri());
    await expect.poll(async () => (await second.lastCall())?.status, { timeout: 10_000 }).toBe(486);
    expect((await second.lastCall())?.provisional).toEqual([]);
    expect(await page.getByTestId('incoming-call').count()).toBe(0);
    await page.getByTestId('call-bar-hangup').click();
    await expect.poll(() => page.getByTestId('call-bar').count()).toBe(0);

    await second.callAgent(agentUri());
    await page.getByTestId('incoming-reject').click({ timeout: 15_000 });
    await expect.poll(async () => (await second.lastCall())?.status, { timeout: 10_000 }).toBe(603);
    await expect.poll(lastAttempt).toMatchObject({ direction: 'inbound', number: N.lateAnswer, result: 'rejected', sipStatus: 603 });
  });
});

describe('the talk track starts at the answer', () => {
  it('shows no step to confirm while the line rings; the timer and the step offsets run from the answer', async () => {
    await openAccount(page, 2);
    await dial(page, 'p2-late'); // rings 4 s, then answers
    await expect.poll(() => callState(page)).toBe('ringing');
    await page.getByTestId('call-waiting-answer').waitFor();
    expect(await page.getByTestId('call-panel').getAttribute('data-answered')).toBe('false');
    expect(await page.locator('[data-testid="call-step"], [data-testid="call-verification"]').count()).toBe(0);
    await screenshot(page, '32-track-waits-for-answer');
    await page.keyboard.press('Enter'); // nothing to confirm yet
    await page.keyboard.press('y');
    await expect.poll(() => callState(page), { timeout: 15_000 }).toBe('established');
    await expect.poll(() => page.getByTestId('call-panel').getAttribute('data-answered')).toBe('true');
    expect(await page.getByTestId('call-timer').textContent()).toMatch(/^00:0[01]$/);
    await page.keyboard.press('Enter'); // the opening: said
    await expect.poll(() => page.getByTestId('call-bar-timer').textContent(), { timeout: 5_000 }).toMatch(/^00:0[1-9]$/);
    await page.getByTestId('call-end').click();
    await saveWrapUp(page, 'r');
    const attempt = lastAttempt() as { answeredAt: string; endedAt: string; callId: string };
    const outcome = world.events('call.outcome').at(-1) as { callId: string; steps: { stepId: string; atMs: number }[] };
    expect(outcome.callId).toBe(attempt.callId);
    expect(outcome.steps.length).toBeGreaterThan(0);
    const talkMs = Date.parse(attempt.endedAt) - Date.parse(attempt.answeredAt);
    // Offsets from the answer: the first step was confirmed within the call, not 4 s of ringing later.
    for (const step of outcome.steps) expect(step.atMs).toBeLessThanOrEqual(talkMs + 500);
  });

  it('an unanswered call logs no step', async () => {
    await openAccount(page, 3);
    await dial(page, 'p3-noanswer');
    await expect.poll(() => callState(page), { timeout: 10_000 }).toBe('ringing');
    await page.keyboard.press('Enter');
    await page.getByTestId('call-end').click();
    await saveWrapUp(page);
    expect(world.events('call.outcome').at(-1)).toMatchObject({ outcome: 'no_answer', steps: [] });
    expect(lastAttempt()).toMatchObject({ result: 'no_answer', sipStatus: 487, answeredAt: null });
  });
});

describe('every SIP result in words, with its outcome preselected', () => {
  async function result(phoneId: string): Promise<{ bar: string; wrapup: string; outcome: string | null }> {
    await dial(page, phoneId);
    await page.getByTestId('wrapup-result').waitFor({ timeout: 40_000 }).catch(async (error: unknown) => {
      await screenshot(page, `debug-${phoneId}`);
      const panel = page.getByTestId('wrapup-panel');
      throw new Error(`no wrap-up result: panel call ${await panel.getAttribute('data-call-id')}, ended ${await panel.getAttribute('data-ended-call-id')}`, { cause: error });
    });
    return {
      bar: (await page.getByTestId('call-result').textContent()) ?? '',
      wrapup: (await page.getByTestId('wrapup-result').textContent()) ?? '',
      outcome: await page.locator('.wrapup-outcome-on').getAttribute('data-outcome'),
    };
  }

  it('busy, not in service and no answer after the organisation’s ring timeout, in English and Chinese', async () => {
    await saveSip(page, { ringTimeoutSec: '5' });
    await openAccount(page, 1);
    const busy = await result('p1-busy');
    expect(busy.bar).toMatch(/^Busy: .* is on another call \(SIP 486 Busy Here\)\.$/);
    expect(busy.wrapup).toContain('SIP 486');
    expect(busy.outcome).toBe('busy');
    await screenshot(page, '33-result-busy-en');
    await saveWrapUp(page);
    expect(world.events('call.outcome').at(-1)).toMatchObject({ outcome: 'busy', steps: [] });

    const nis = await result('p1-nis');
    expect(nis.bar).toMatch(/^Not in service: .* \(SIP 404 Not Found\)\.$/);
    expect(nis.outcome).toBe('not_in_service');
    await saveWrapUp(page);

    const started = Date.now();
    const unanswered = await result('p1-noanswer');
    expect(Date.now() - started).toBeGreaterThan(4_500);
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(unanswered.bar).toMatch(/^No answer from .* in 5 s: the call was ended as no answer\.$/);
    expect(unanswered.outcome).toBe('no_answer');
    expect(lastAttempt()).toMatchObject({ number: N.noAnswer, result: 'no_answer', sipStatus: 487 });
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    expect(await page.getByTestId('call-result').textContent()).toMatch(/振铃 5 秒无人接听/);
    await screenshot(page, '33-result-no-answer-zh');
    await saveWrapUp(page);
    await page.getByTestId('lang-switch').selectOption('en');
  });
});

describe('the recording starts off the answer’s path without losing the first words', () => {
  it('the recorder is running before the debtor’s first audio arrives, and the recording opens with the debtor’s tone', async () => {
    await openAccount(page, 2);
    await page.evaluate(() => performance.clearMarks());
    await dial(page, 'p2-late'); // rings 4 s, then answers with its 2400 Hz tone
    await expect.poll(() => callState(page), { timeout: 15_000 }).toBe('established');
    await new Promise((r) => setTimeout(r, 3_000));
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.split(':')[1]!, m.startTime])));
    // Started after the answer, and no later than the far end's first packets (when they came after
    // the paint): its start-up begins in the very handler of the first audio (a loaded machine may
    // take a couple of ms over the start-up itself).
    expect(marks['recorder-start']).toBeGreaterThanOrEqual(marks.established!);
    // "Connected" is on screen in the task the 200 OK arrived in, before sip.js has set the
    // answer on the peer connection (its Established).
    expect(marks['connected-shown']).toBeGreaterThanOrEqual(marks.answer!);
    expect(marks['connected-shown']).toBeLessThan(marks.established!);
    if (marks['remote-audio'] !== undefined) expect(marks['recorder-start']).toBeLessThanOrEqual(marks['remote-audio']! + 1);
    process.stdout.write(`[recording] established ${marks.established?.toFixed(1)} ms, recorder ${marks['recorder-start']?.toFixed(1)}–${marks['recorder-started']?.toFixed(1)} ms, first remote audio ${marks['remote-audio']?.toFixed(1) ?? '—'} ms\n`);
    await page.getByTestId('call-end').click();
    await saveWrapUp(page, 'r');
    const attempt = lastAttempt() as { recording: { file: string; durationMs: number } };
    const bytes = readSealed(world.dataDir, attempt.recording.file);
    // Decoded in the page: the debtor's 2400 Hz is there in the recording's first half second.
    const firstHalfSecond = await page.evaluate(async (b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const ctx = new OfflineAudioContext(1, 48_000, 48_000);
      const audio = await ctx.decodeAudioData(data.buffer);
      const samples = audio.getChannelData(0).subarray(0, Math.floor(audio.sampleRate / 2));
      const power = (hz: number) => {
        const k = 2 * Math.cos((2 * Math.PI * hz) / audio.sampleRate);
        let s1 = 0;
        let s2 = 0;
        for (const x of samples) {
          const s0 = x + k * s1 - s2;
          s2 = s1;
          s1 = s0;
        }
        return s1 * s1 + s2 * s2 - k * s1 * s2;
      };
      return { tone: power(2400), off: power(1700) };
    }, bytes.toString('base64'));
    expect(firstHalfSecond.tone).toBeGreaterThan(firstHalfSecond.off * 20);
  });
});

describe('a call placed at the click, with the core asked alongside', () => {
  it('is hung up at once when the core refuses it: a hold arrived after the screen read the gate', async () => {
    await openAccount(page, 4);
    const phone = page.locator('[data-testid="phone"][data-phone-id="p4-noanswer"]');
    await phone.locator('[data-testid="dial-button"]:not([disabled])').waitFor();
    // The screen's gate is read (and allows the phone for a while ahead); then a cease hold is
    // set on the server and reaches the console by a sync, before the screen reads the gate again.
    const now = world.now();
    await world.server.store.setHold({ id: 'e2e-ahead-cease', accountId: 'acc-lab-4', kind: 'cease', note: 'cease', effectiveAt: new Date(now.getTime() - 60_000).toISOString() }, now.toISOString());
    const decisions = world.events('compliance.decision').length;
    await page.getByTestId('sync-badge').click();
    await expect.poll(() => consoleHolds('acc-lab-4'), { timeout: 10_000 }).toBe(1);
    expect(await phone.getByTestId('dial-button').isEnabled()).toBe(true); // the screen still shows the old gate

    const debtor = world.lab.debtor(N.noAnswer);
    const callsBefore = (await debtor.calls()).length;
    await phone.getByTestId('dial-button').click();
    await page.getByText('The rules refused this call; the refusal is logged. See the reasons on the number.').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('call-result').textContent(), { timeout: 10_000 }).toMatch(/^The rules refused the call to .*: it was ended before it could be answered\.$/);
    // The call went out at the click and was ended: no call bar, the debtor's phone no longer rings.
    await expect.poll(() => page.getByTestId('call-bar').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await debtor.calls()).slice(callsBefore).map((c) => [c.state, c.answeredAt]), { timeout: 10_000 }).toEqual([['ended', null]]);
    // The refusal is logged with the hold as its reason, and the screen now shows the block.
    expect(lastAttempt()).toMatchObject({ number: N.noAnswer, result: 'no_answer', answeredAt: null });
    expect(world.events('compliance.decision').slice(decisions)).toEqual([
      expect.objectContaining({ phoneId: 'p4-noanswer', decision: 'block', action: 'refused', reasons: expect.arrayContaining([expect.objectContaining({ messageKey: 'hold.cease' })]) }),
    ]);
    await expect.poll(() => phone.getByTestId('dial-button').isDisabled(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, '34-dial-ahead-refused');
  });
});
