// The console against SIP peers that are not browsers, as a PBX's would be: baresip (a SIP user
// agent over UDP, media through rtpengine) answering, held, receiving DTMF and hanging up;
// SIPp user agents that are busy, not found, refuse a hold (488) or send early media (183);
// a real TURN server (coturn, long-term credentials) with the call forced through it; and the
// outbound proxy carried on REGISTER too.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { NUMBERS, TONES } from '../../lab/lab';
import { type BaresipPhone, startBaresip } from '../../lab/baresip';
import { type SippPeer, startSipp } from '../../lab/sipp';
import { startTurn, type TurnServer } from '../../lab/turn';
import { playsTone, screenshot } from './harness';
import { callState, dial, openAccount, type PhoneWorld, saveSip, saveWrapUp, startPhoneWorld } from './phone-world';

const BARESIP = { user: '+8613900000301', password: 'lab-baresip' };
const SIPP = { hold: '+8613900000401', busy: '+8613900000402', notFound: '+8613900000403', early: '+8613900000404' } as const;
let world: PhoneWorld;
let page: Page;
let baresip: BaresipPhone;
let turn: TurnServer;
const sipp: Partial<Record<keyof typeof SIPP, SippPeer>> = {};
const pageErrors: string[] = [];
const consoleLines: string[] = [];

beforeAll(async () => {
  for (const [key, scenario] of [['hold', 'hold-refused'], ['busy', 'busy'], ['notFound', 'not-found'], ['early', 'early-media']] as const) {
    sipp[key] = await startSipp({ scenario });
  }
  world = await startPhoneWorld({
    lab: {
      debtors: [NUMBERS.cn.answer],
      plain: { accounts: [BARESIP], statics: Object.entries(SIPP).map(([key, user]) => ({ user, address: sipp[key as keyof typeof SIPP]!.address })) },
    },
    accounts: [
      [1, '对端一', [['p-baresip', BARESIP.user], ['p-sipp-hold', SIPP.hold]]],
      [2, '对端二', [['p-sipp-busy', SIPP.busy], ['p-sipp-404', SIPP.notFound]]],
      [3, '对端三', [['p-sipp-early', SIPP.early]]],
      [4, '中继测试', [['p-turn', NUMBERS.cn.answer]]],
    ],
  });
  page = world.page;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  const dir = mkdtempSync(join(tmpdir(), 'fairline-peers-'));
  baresip = await startBaresip({ dir, ...BARESIP, domain: world.lab.domain, proxy: world.lab.udpAddress!, toneHz: 1000 });
  turn = await startTurn({ dir });
}, 240_000);

afterAll(async () => {
  await baresip?.stop();
  await turn?.stop();
  for (const peer of Object.values(sipp)) await peer?.stop();
  await world?.stop();
});

describe('baresip, a SIP user agent behind Kamailio', () => {
  it('answers; audio flows both ways through rtpengine; hold and resume; DTMF; it hangs up and the console wraps up', async () => {
    await openAccount(page, 1);
    const since = Date.now();
    await dial(page, 'p-baresip');
    await baresip.waitForEvent('CALL_INCOMING', since);
    await expect.poll(() => callState(page), { timeout: 10_000 }).toBe('ringing');
    await baresip.command('accept');
    await expect.poll(() => callState(page), { timeout: 10_000 }).toBe('established');
    await baresip.waitForEvent('CALL_ESTABLISHED', since);
    // The console hears baresip's 1000 Hz.
    await expect.poll(() => playsTone(page, 'softphone-audio', baresip.toneHz), { timeout: 10_000 }).toBe(true);
    await screenshot(page, '36-baresip-call');

    // Hold: baresip gets the re-INVITE (a new offer) and accepts it; resume likewise.
    const holdAt = Date.now();
    await page.getByTestId('softphone-hold').click();
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('true');
    await baresip.waitForEvent('CALL_REMOTE_SDP', holdAt);
    const resumeAt = Date.now();
    await page.getByTestId('softphone-hold').click();
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('false');
    await baresip.waitForEvent('CALL_REMOTE_SDP', resumeAt);

    // DTMF from the keypad reaches baresip as RFC 4733 events.
    const dtmfAt = Date.now();
    await page.getByTestId('softphone-keypad').click();
    await page.getByTestId('dtmf-5').click();
    await page.getByTestId('dtmf-9').click();
    await expect.poll(() => baresip.events().filter((e) => e.type === 'CALL_DTMF_START' && e.at >= dtmfAt).map((e) => e.param).join(''), { timeout: 10_000 }).toBe('59');

    // baresip hangs up: the call ends on the console and its wrap-up opens.
    await new Promise((r) => setTimeout(r, 1500));
    await baresip.command('hangup');
    await page.getByTestId('wrapup-panel').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('call-bar').count()).toBe(0);
    await saveWrapUp(page, 'r');
    await expect.poll(() => world.events('call.attempt').at(-1)).toMatchObject({ number: BARESIP.user, result: 'answered', sipStatus: 200 });
    // What baresip received from the console: its RTCP summary at the call's end. At 50 packets a
    // second, over 20 is the console's audio reaching it for more than 0.4 s. The count is not the
    // call's length: 57–62 whether the call went on 1.5 or 3 s after the resume, 196 for this test
    // alone, 26 in a loaded full run (2026-12-07).
    await expect.poll(() => baresip.summary()?.received ?? 0, { timeout: 5_000 }).toBeGreaterThan(20);
    process.stdout.write(`[peers] baresip RTCP summary: ${JSON.stringify(baresip.summary())}\n`);
  });
});

describe('SIPp user agents', () => {
  it('a hold the far end refuses (488) leaves the call as it was, says why, and a second press raises nothing', async () => {
    await openAccount(page, 1);
    await dial(page, 'p-sipp-hold');
    await expect.poll(() => callState(page), { timeout: 10_000 }).toBe('established');
    await page.getByTestId('softphone-hold').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/refused the hold \(488 Not Acceptable Here\)/));
    expect(await page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('false');
    expect(await page.getByTestId('softphone-state').textContent()).toBe('Connected');
    // Twice in a row from the keyboard: the second press finds the first on the wire and does nothing.
    await page.keyboard.press('Alt+h');
    await page.keyboard.press('Alt+h');
    await expect.poll(() => page.getByTestId('softphone-controls').getAttribute('data-hold-pending'), { timeout: 10_000 }).toBe('false');
    expect(await page.getByTestId('softphone-controls').getAttribute('data-held')).toBe('false');
    await screenshot(page, '37-hold-refused');
    await page.getByTestId('call-bar-hangup').click();
    await saveWrapUp(page, 'r');
    expect(await sipp.hold!.exited).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('busy and not found, in words', async () => {
    await openAccount(page, 2);
    await dial(page, 'p-sipp-busy');
    await page.getByTestId('call-result').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('call-result').textContent()).toMatch(/^Busy: .*\(SIP 486 Busy Here\)\.$/);
    await saveWrapUp(page);
    await dial(page, 'p-sipp-404');
    await expect.poll(() => page.getByTestId('call-result').textContent(), { timeout: 10_000 }).toMatch(/^Not in service: .*\(SIP 404 Not Found\)\.$/);
    await saveWrapUp(page);
    expect(await sipp.busy!.exited).toBe(0);
    expect(await sipp.notFound!.exited).toBe(0);
  });

  it('early media: a 183 with an announcement is heard before the answer', async () => {
    await openAccount(page, 3);
    await dial(page, 'p-sipp-early');
    await page.getByTestId('call-bar-early').waitFor({ timeout: 10_000 });
    expect(await callState(page)).toBe('ringing');
    // RTP is arriving on the played track (a remote track is muted until packets come).
    await expect.poll(() => page.getByTestId('softphone-audio').evaluate((a: HTMLAudioElement) => {
      const track = a.srcObject instanceof MediaStream ? a.srcObject.getAudioTracks()[0] : undefined;
      return track !== undefined && !track.muted;
    }), { timeout: 5_000 }).toBe(true);
    expect(await callState(page)).toBe('ringing');
    await screenshot(page, '38-early-media');
    await expect.poll(() => callState(page), { timeout: 10_000 }).toBe('established');
    await page.getByTestId('call-bar-hangup').click();
    await saveWrapUp(page, 'r');
    expect(await sipp.early!.exited).toBe(0);
  });
});

describe('PBX settings', () => {
  it('the outbound proxy is used for REGISTER too', async () => {
    const proxy = `sip:${world.lab.udpAddress!}`;
    await saveSip(page, { outboundProxy: proxy });
    await expect.poll(() => page.getByTestId('phone-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('registered');
    await expect.poll(() => world.lab.proxyLog(), { timeout: 5_000 }).toMatch(new RegExp(`preloaded route on REGISTER from agent1: <${proxy};lr>`));
    await saveSip(page, { outboundProxy: '' });
  });

  it('Settings refuses what the softphone could not use, naming each field', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-sip-server').fill('pbx.example.com');
    await page.getByTestId('settings-ice-add').click();
    await page.getByTestId('settings-ice-url').fill('turn:127.0.0.1:3478');
    await page.getByTestId('settings-save').click();
    expect(await page.locator('#settings-sip-server-error').textContent()).toMatch(/ws:\/\/ or wss:\/\//);
    expect(await page.locator('#settings-ice-error').textContent()).toMatch(/TURN server needs a username and a credential/);
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await page.getByTestId('settings-ice').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, '39-settings-invalid-zh');
    await page.getByTestId('lang-switch').selectOption('en');
    await page.getByTestId('settings-sip-server').fill(world.lab.wsUrl);
    await page.getByTestId('settings-ice-remove').click();
  });

  it('TURN with username and credential, relay only: the call goes through coturn with audio both ways', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-ice-add').click();
    await page.getByTestId('settings-ice-url').fill(turn.url);
    await page.getByTestId('settings-ice-username').fill(turn.username);
    await page.getByTestId('settings-ice-credential').fill(turn.credential);
    await page.getByTestId('settings-ice-relay-only').check();
    await page.getByTestId('settings-ice').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, '40-settings-turn');
    await page.getByTestId('settings-save').click();
    // Saved first: until then the status is still the old registration's (the restart sets it
    // off in the render that shows the save), and a dial in between would go to the desk phone.
    await page.locator('[data-testid="settings-save"]:disabled').waitFor();
    await expect.poll(() => page.getByTestId('phone-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('registered');
    await openAccount(page, 4);
    await dial(page, 'p-turn').catch(async (error: unknown) => {
      await screenshot(page, 'debug-turn');
      throw new Error(`no call bar; page said: ${consoleLines.slice(-15).join(' | ')}`, { cause: error });
    });
    await expect.poll(() => callState(page), { timeout: 15_000 }).toBe('established');
    const debtor = world.lab.debtor(NUMBERS.cn.answer);
    await expect.poll(async () => (await debtor.stats())?.packetsReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(100);
    await expect.poll(() => debtor.hears(TONES.agent), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => playsTone(page, 'softphone-audio', TONES.answerZh), { timeout: 10_000 }).toBe(true);
    // The debtor's selected pair ends at a port of coturn's relay range: the media went through it.
    const pair = (await debtor.stats())!.candidatePair ?? '';
    const remotePort = Number(/:(\d+)$/.exec(pair)?.[1] ?? 0);
    process.stdout.write(`[peers] debtor's pair through TURN: ${pair} (relay ports ${turn.relayPorts.min}-${turn.relayPorts.max})\n`);
    expect(remotePort >= turn.relayPorts.min && remotePort <= turn.relayPorts.max).toBe(true);
    expect(turn.log()).toMatch(new RegExp(`user <${turn.username}>`));
    await page.getByTestId('call-bar-hangup').click();
    await saveWrapUp(page, 'r');
  });
});
