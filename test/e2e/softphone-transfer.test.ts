// Attended transfer from one console to another, both real consoles on the same server and lab:
// agent1 consults agent2 with the debtor on hold, then completes; the debtor's phone INVITEs
// agent2 with Replaces, and agent2's console takes it as the same conversation: no new ring,
// the same call in its call bar with the debtor now on the line. The debtor ends with one call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { NUMBERS, TONES } from '../../lab/lab';
import { playsTone, screenshot } from './harness';
import { callState, dial, openAccount, type PhoneWorld, saveWrapUp, startPhoneWorld, startSecondConsole } from './phone-world';

const N = NUMBERS.cn;
let world: PhoneWorld;
let agent1: Page;
let second: Awaited<ReturnType<typeof startSecondConsole>>;
let agent2: Page;

beforeAll(async () => {
  world = await startPhoneWorld({ lab: { debtors: [N.answer] }, accounts: [[1, '转接测试', [['p-answer', N.answer]]]] });
  agent1 = world.page;
  second = await startSecondConsole(world, { username: 'collector2', agent: world.lab.agents[1]!, toneHz: TONES.agentAlt });
  agent2 = second.page;
}, 240_000);

afterAll(async () => {
  await second?.stop();
  await world?.stop();
});

describe('attended transfer, console to console', () => {
  it('the colleague’s console takes the debtor as the same call, without ringing; the debtor ends with one call', async () => {
    const debtor = world.lab.debtor(N.answer);
    await openAccount(agent1, 1);
    await dial(agent1, 'p-answer');
    await expect.poll(() => callState(agent1), { timeout: 10_000 }).toBe('established');
    const first = await debtor.waitForCall((c) => c.state === 'established', { timeoutMs: 10_000 });

    // Consult: the debtor is held, agent2's console rings with agent1's call.
    await agent1.keyboard.press('Alt+t');
    await agent1.getByTestId('transfer-number').fill(world.lab.agents[1]!.user);
    await agent1.getByTestId('transfer-number').press('Enter');
    await agent2.getByTestId('incoming-answer').click({ timeout: 15_000 });
    await expect.poll(() => callState(agent2), { timeout: 10_000 }).toBe('established');
    await expect.poll(() => agent1.getByTestId('consult-bar').getAttribute('data-consult-state'), { timeout: 10_000 }).toBe('established');
    const consultId = await agent2.getByTestId('call-bar').getAttribute('data-call-id');
    expect(await agent2.getByTestId('call-bar-who').textContent()).toContain(world.lab.agents[0]!.user);
    await screenshot(agent1, '41-transfer-consulting');

    // Complete: from here on agent2's console must not ring.
    let rang = false;
    const watch = setInterval(() => {
      void agent2.getByTestId('incoming-call').count().then((n) => { if (n > 0) rang = true; }, () => undefined);
    }, 50);
    await agent1.keyboard.press('Alt+t');
    await expect.poll(() => agent2.getByTestId('call-bar-who').textContent(), { timeout: 15_000 }).toMatch(/^Transferred to you: .*139 0000 0100.* \(from agent1\)$/);
    await agent1.getByTestId('wrapup-panel').waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    clearInterval(watch);
    expect(rang).toBe(false);
    expect(await agent2.getByTestId('softphone-ringer').evaluate((a: HTMLAudioElement) => a.paused)).toBe(true);
    // The same call on agent2's console, connected, with its controls.
    expect(await agent2.getByTestId('call-bar').getAttribute('data-call-id')).toBe(consultId);
    expect(await callState(agent2)).toBe('established');
    await screenshot(agent2, '42-transfer-received');

    // The debtor: the call with agent1 is over, one live call, with agent2, audio both ways.
    await debtor.waitForState(first.id, 'ended');
    const live = (await debtor.calls()).filter((c) => c.state !== 'ended');
    expect(live).toHaveLength(1);
    expect(live[0]!.referredFrom).toBe(first.id);
    await expect.poll(() => debtor.hears(TONES.agentAlt, 300, live[0]!.id), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => playsTone(agent2, 'softphone-audio', TONES.answerZh), { timeout: 10_000 }).toBe(true);
    expect(await agent1.getByTestId('transfer-failed').count()).toBe(0);
    await saveWrapUp(agent1, 'r');

    await agent2.getByTestId('call-bar-hangup').click();
    await debtor.waitForState(live[0]!.id, 'ended');
    expect((await debtor.calls()).filter((c) => c.state !== 'ended')).toHaveLength(0);
  });
});
