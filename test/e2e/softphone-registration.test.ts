// Registration that heals itself, against a real Kamailio that is killed, hung (SIGSTOP) and
// restarted, including a hang past the registration's expiry: every time, the console is
// registered again within 5 s of the proxy answering again. A hung proxy shows within the
// line check's time (OPTIONS every 10 s, 3 s to answer), and a call placed into it fails in
// 5 s with words, not 32 s later.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { NUMBERS } from '../../lab/lab';
import { screenshot } from './harness';
import { dial, openAccount, type PhoneWorld, saveSip, saveWrapUp, startPhoneWorld } from './phone-world';

const N = NUMBERS.cn;
/** What the console promises: the line check (10 s) plus its answer time (3 s); 1.5 s for this test's polling and a busy machine. */
const HUNG_SHOWN_MS = 13_000 + 1_500;
const BACK_MS = 5_000;
let world: PhoneWorld;
let page: Page;

beforeAll(async () => {
  world = await startPhoneWorld({ lab: { debtors: [N.answer] }, accounts: [[1, '注册测试', [['p1-answer', N.answer]]]] });
  page = world.page;
}, 180_000);

afterAll(async () => {
  world?.lab.resumeProxy();
  await world?.stop();
});

const status = () => page.getByTestId('phone-status').getAttribute('data-state');

/** Waits for "Phone ready" and says how long after the proxy began answering it came. */
async function registeredAfterProxy(timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await status() === 'registered') return Date.now() - world.lab.proxyAnsweringSince();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Not registered ${timeoutMs} ms after the proxy answered again`);
}

describe('registration that heals itself', () => {
  it('Kamailio killed and restarted, three times, down for up to 8 s: offline at once, back within 5 s each time', async () => {
    for (const downMs of [500, 4_000, 8_000]) {
      await world.lab.killProxy();
      await expect.poll(status, { timeout: 3_000, interval: 100 }).toBe('offline');
      expect(await page.getByTestId('phone-status').getAttribute('data-cause')).toBe('disconnected');
      await new Promise((r) => setTimeout(r, downMs));
      await world.lab.startProxy();
      const back = await registeredAfterProxy(15_000);
      process.stdout.write(`[registration] killed, down ${downMs} ms: registered ${back} ms after Kamailio answered again\n`);
      expect(back, `down ${downMs} ms: registered ${back} ms after Kamailio answered again`).toBeLessThan(BACK_MS);
    }
  });

  it('Kamailio hung: a call placed into it fails in 5 s with words; the phone shows the hang within 13 s; back within 5 s of the resume', async () => {
    await openAccount(page, 1);
    // Right after a line check, so the dial lands well before the next one notices.
    world.lab.hangProxy();
    const hungAt = Date.now();
    await dial(page, 'p1-answer');
    await page.getByTestId('wrapup-result').waitFor({ timeout: 9_000 });
    const failedAfter = Date.now() - hungAt;
    process.stdout.write(`[registration] hung: the call failed ${failedAfter} ms after the hang\n`);
    expect(failedAfter).toBeLessThan(8_000);
    expect(await page.getByTestId('wrapup-result').getAttribute('data-reason')).toBe('no_response');
    expect(await page.getByTestId('call-result').textContent()).toMatch(/The phone system did not answer the call to .* within 5 s/);
    await screenshot(page, '34-no-response');
    await saveWrapUp(page, 'n');
    expect(world.events('call.attempt').at(-1)).toMatchObject({ number: N.answer, result: 'failed', sipStatus: null });

    await expect.poll(status, { timeout: HUNG_SHOWN_MS, interval: 100 }).toBe('offline');
    process.stdout.write(`[registration] hung: shown offline ${Date.now() - hungAt} ms after the hang\n`);
    expect(Date.now() - hungAt).toBeLessThan(HUNG_SHOWN_MS);
    expect(await page.getByTestId('phone-status').getAttribute('data-cause')).toBe('hung');
    expect(await page.getByTestId('phone-status').getAttribute('title')).toMatch(/does not answer/);
    await screenshot(page, '35-proxy-hung');
    await new Promise((r) => setTimeout(r, 5_000));
    world.lab.resumeProxy();
    const back = await registeredAfterProxy(10_000);
    process.stdout.write(`[registration] hung 5 s past detection: registered ${back} ms after the resume\n`);
    expect(back).toBeLessThan(BACK_MS);
  });

  it('REGISTER refused (503) on a live connection at a refresh: offline, retried with backoff, registered within 5 s of being accepted again', async () => {
    await saveSip(page, { registerExpires: '60' }); // refreshed at half-life: 30 s from now
    await expect.poll(status, { timeout: 15_000 }).toBe('registered');
    world.lab.refuseRegistrations(true);
    await expect.poll(status, { timeout: 40_000, interval: 200 }).toBe('offline');
    expect(await page.getByTestId('phone-status').getAttribute('data-cause')).toBe('refused');
    // The retries say what the registrar answers.
    await expect.poll(() => page.getByTestId('phone-status').getAttribute('title'), { timeout: 5_000 }).toMatch(/503 Service Unavailable/);
    await new Promise((r) => setTimeout(r, 6_000)); // a few refused retries, the socket up all along
    const acceptedAt = Date.now();
    world.lab.refuseRegistrations(false);
    await expect.poll(status, { timeout: 10_000, interval: 100 }).toBe('registered');
    const back = Date.now() - acceptedAt;
    process.stdout.write(`[registration] refused on a live connection: registered ${back} ms after REGISTER was accepted again\n`);
    expect(back).toBeLessThan(BACK_MS);
  }, 90_000);

  it('Kamailio hung past the registration’s expiry (60 s): registered again within 5 s of the resume, and calls reach the console', async () => {
    await saveSip(page, { registerExpires: '60' });
    await expect.poll(status, { timeout: 15_000 }).toBe('registered');
    world.lab.hangProxy();
    await new Promise((r) => setTimeout(r, 75_000));
    expect(await status()).toBe('offline');
    world.lab.resumeProxy();
    const back = await registeredAfterProxy(10_000);
    process.stdout.write(`[registration] hung 75 s (expiry 60 s): registered ${back} ms after the resume\n`);
    expect(back).toBeLessThan(BACK_MS);
    // Kamailio knows where the agent is: a debtor's call rings on the console.
    await page.getByTestId('nav-queue').click();
    await world.lab.debtor(N.answer).callAgent(`sip:${world.lab.agents[0]!.user}@${world.lab.domain}`);
    await page.getByTestId('incoming-call').waitFor({ timeout: 10_000 });
    await page.getByTestId('incoming-reject').click();
  }, 150_000);
});
