// Answering-machine detection through the browser shell and the call lab: the lab's voicemail
// (a greeting and a beep) is detected as a machine, the call panel shows the banner (the cn
// pack: no message may be left) and the wrap-up preselects voicemail; a person who says "喂？"
// and waits is detected as human and nothing is offered. Both verdicts are logged with the
// call's attempt. Screens of the banner in English and Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NUMBERS } from '../../lab/lab';
import { screenshot } from './harness';
import { dial, openAccount, type PhoneWorld, saveWrapUp, startPhoneWorld } from './phone-world';

let world: PhoneWorld;

beforeAll(async () => {
  world = await startPhoneWorld({
    lab: { debtors: [NUMBERS.cn.voicemail, NUMBERS.cn.live] },
    accounts: [[1, '王芳', [['p1-vm', NUMBERS.cn.voicemail], ['p1-live', NUMBERS.cn.live]]]],
  });
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

const attempt = (callNumber: string) => world.events('call.attempt').filter((e) => e.number === callNumber).at(-1);

describe('answering-machine detection on an answered call', () => {
  it('detects the lab voicemail as a machine: the banner says no message may be left and the wrap-up preselects voicemail', async () => {
    const { page } = world;
    page.on('console', (m) => process.stderr.write(`PAGE ${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`PAGEERR ${e.message}\n`));
    await openAccount(page, 1);
    await dial(page, 'p1-vm');
    const banner = page.getByTestId('answering-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.getAttribute('data-offer')).toBe('none');
    expect(await banner.textContent()).toContain('Leave no message');
    await screenshot(page, '90-answering-machine-en');
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => banner.textContent()).toContain('不得留言');
    await screenshot(page, '91-answering-machine-zh');
    await page.getByTestId('lang-switch').selectOption('en');
    await page.getByTestId('call-end').click();
    await page.getByTestId('wrapup-panel').waitFor();
    expect(await page.locator('.wrapup-outcome-on').getAttribute('data-outcome')).toBe('voicemail');
    await saveWrapUp(page);
    await expect.poll(() => attempt(NUMBERS.cn.voicemail)?.answering).toMatchObject({ verdict: 'machine' });
    expect(world.events('call.outcome').at(-1)).toMatchObject({ outcome: 'voicemail' });
  });

  it('detects a person who says a short hello and waits: nothing is offered', async () => {
    const { page } = world;
    await dial(page, 'p1-live');
    await page.getByTestId('answering-listening').waitFor({ timeout: 15_000 });
    await page.getByTestId('answering-listening').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.getByTestId('answering-banner').count()).toBe(0);
    await page.getByTestId('call-end').click();
    await page.getByTestId('wrapup-panel').waitFor();
    expect(await page.locator('.wrapup-outcome-on').count()).toBe(0);
    await saveWrapUp(page, 'r');
    await expect.poll(() => attempt(NUMBERS.cn.live)?.answering).toMatchObject({ verdict: 'human' });
  });
});
