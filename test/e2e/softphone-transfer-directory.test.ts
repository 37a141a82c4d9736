// The transfer directory: an agent on a call opens Transfer and sees colleagues by display name
// (not SIP user names) with their live presence, own team first; choosing one consults and
// transfers to the SIP address the server knows for them (the one their console registered
// with). Two real consoles on the same server and lab; the second agent is in another team.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { NUMBERS, TONES } from '../../lab/lab';
import { screenshot } from './harness';
import { callState, dial, openAccount, type PhoneWorld, saveWrapUp, startPhoneWorld, startSecondConsole } from './phone-world';

const N = NUMBERS.cn;
let world: PhoneWorld;
let agent1: Page;
let second: Awaited<ReturnType<typeof startSecondConsole>>;
let agent2: Page;

beforeAll(async () => {
  world = await startPhoneWorld({ lab: { debtors: [N.answer] }, accounts: [[1, '目录转接', [['p-answer', N.answer]]], [2, '目录转接二', [['p-answer-2', N.answer]]]] });
  agent1 = world.page;
  second = await startSecondConsole(world, { username: 'collector2', agent: world.lab.agents[1]!, toneHz: TONES.agentAlt });
  agent2 = second.page;
}, 240_000);

afterAll(async () => {
  await second?.stop();
  await world?.stop();
});

const colleague = (page: Page, name: string) => page.getByTestId('transfer-colleague').filter({ hasText: name });

describe('transfer directory', () => {
  it('lists colleagues by name with presence, and a chosen one gets the call at the address the server knows', async () => {
    const debtor = world.lab.debtor(N.answer);
    const agent2Aor = `sip:${world.lab.agents[1]!.user}@${world.lab.domain}`;
    await openAccount(agent1, 1);
    await dial(agent1, 'p-answer');
    await expect.poll(() => callState(agent1), { timeout: 10_000 }).toBe('established');
    const first = await debtor.waitForCall((c) => c.state === 'established', { timeoutMs: 10_000 });

    await agent1.keyboard.press('Alt+t');
    await agent1.getByTestId('transfer-directory').waitFor({ timeout: 10_000 });
    // By display name, never the SIP user: collector2 is "Maria Lopez" (another team), the lead has no phone.
    const names = await agent1.getByTestId('transfer-colleague').allTextContents();
    expect(names.join('|')).toContain('Maria Lopez');
    expect(names.join('|')).not.toContain(world.lab.agents[1]!.user);
    expect(names.join('|')).not.toContain('李娜'); // not oneself
    // Own team (cn: the lead and the field agent) first, then other teams.
    expect(names.findIndex((n) => n.includes('张伟'))).toBeLessThan(names.findIndex((n) => n.includes('Maria Lopez')));
    const maria = colleague(agent1, 'Maria Lopez');
    await expect.poll(() => maria.getAttribute('data-state'), { timeout: 10_000 }).toBe('available');
    expect(await maria.getAttribute('data-sip-uri')).toBe(agent2Aor);
    expect(await maria.getByTestId('transfer-colleague-state').textContent()).toBe('available');
    // Nobody signed in to a phone: shown, but cannot be chosen.
    expect(await colleague(agent1, '张伟').getAttribute('data-state')).toBe('offline');
    expect(await colleague(agent1, '张伟').isDisabled()).toBe(true);
    await agent1.getByTestId('transfer-search').fill('mar');
    expect(await agent1.getByTestId('transfer-colleague').count()).toBe(1);
    await screenshot(agent1, '43-transfer-directory');

    // Choose Maria, consult: her console rings; the consult bar names her.
    await maria.click();
    expect(await agent1.getByTestId('transfer-chosen').textContent()).toBe('Transfer to: Maria Lopez');
    await agent1.getByTestId('transfer-consult').click();
    await agent2.getByTestId('incoming-answer').click({ timeout: 15_000 });
    await expect.poll(() => agent1.getByTestId('consult-bar').getAttribute('data-consult-state'), { timeout: 10_000 }).toBe('established');
    expect(await agent1.getByTestId('consult-who').textContent()).toBe('Consulting Maria Lopez');
    // Complete: the debtor ends up with Maria, as one call.
    await agent1.keyboard.press('Alt+t');
    await expect.poll(() => agent2.getByTestId('call-bar-who').textContent(), { timeout: 15_000 }).toMatch(/^Transferred to you: /);
    await agent1.getByTestId('wrapup-panel').waitFor({ timeout: 15_000 });
    await debtor.waitForState(first.id, 'ended');
    const live = (await debtor.calls()).filter((c) => c.state !== 'ended');
    expect(live).toHaveLength(1);
    expect(await callState(agent2)).toBe('established');
    await saveWrapUp(agent1, 'r');
    await agent2.getByTestId('call-bar-hangup').click();
    await debtor.waitForState(live[0]!.id, 'ended');
  });

  it('shows the directory in Chinese, presence in words', async () => {
    await agent1.getByTestId('lang-switch').first().selectOption('zh-CN');
    await openAccount(agent1, 2);
    await dial(agent1, 'p-answer-2');
    await expect.poll(() => callState(agent1), { timeout: 10_000 }).toBe('established');
    await agent1.keyboard.press('Alt+t');
    await agent1.getByTestId('transfer-directory').waitFor({ timeout: 10_000 });
    expect(await agent1.getByRole('group', { name: '本组' }).count()).toBe(1);
    expect(await agent1.getByRole('group', { name: '其他组' }).count()).toBe(1);
    await expect.poll(() => colleague(agent1, 'Maria Lopez').getByTestId('transfer-colleague-state').textContent(), { timeout: 10_000 }).toBe('空闲');
    expect(await colleague(agent1, '张伟').getByTestId('transfer-colleague-state').textContent()).toBe('离线 · 未登录话机');
    await screenshot(agent1, '44-transfer-directory-zh');
    await agent1.getByTestId('call-bar-hangup').click();
    await saveWrapUp(agent1, 'r');
    await agent1.getByTestId('lang-switch').first().selectOption('en');
  });
});
