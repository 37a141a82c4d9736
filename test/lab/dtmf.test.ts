// DTMF through the lab, both ways and both ways of sending it: RFC 4733 telephone-events in
// the RTP stream (what sip.js's sendDtmf does) and SIP INFO (application/dtmf-relay).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentPhone, type Debtor, type Lab, NUMBERS, startLab } from '../../lab/lab';
import { expectTwoWayMedia, sleep } from './helpers';

describe('DTMF', () => {
  let lab: Lab;
  let agent: AgentPhone;
  let debtor: Debtor;

  beforeAll(async () => {
    lab = await startLab({ debtors: [NUMBERS.us.answer] });
    agent = await lab.agentPhone();
    debtor = lab.debtor(NUMBERS.us.answer);
    await agent.waitForState(await agent.call(NUMBERS.us.answer), 'established');
    // Press keys once audio flows both ways (as a person would): in the first moments of a
    // call the jitter buffers are still settling and may shorten a digit.
    await expectTwoWayMedia(agent, debtor, 50);
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('arrives at the debtor as RFC 4733 events, every digit of the keypad', async () => {
    await agent.sendDtmf('0123456789*#', 'rfc4733');
    await waitForDigits(debtor, 12);
    const call = await debtor.lastCall();
    expect(call!.dtmf.map((d) => d.digit).join('')).toBe('0123456789*#');
    expect(call!.dtmf.every((d) => d.via === 'rfc4733')).toBe(true);
  });

  it('arrives at the debtor as SIP INFO', async () => {
    await agent.sendDtmf('#57', 'info');
    await waitForDigits(debtor, 15);
    const info = (await debtor.lastCall())!.dtmf.filter((d) => d.via === 'info');
    expect(info.map((d) => d.digit).join('')).toBe('#57');
  });

  it('arrives at the agent when the debtor presses keys', async () => {
    await debtor.sendDtmf('19', 'rfc4733');
    await debtor.sendDtmf('2', 'info');
    await waitForDigits(agent, 3);
    expect(await agent.receivedDtmf()).toBe('192');
  });
});

async function waitForDigits(phone: { receivedDtmf(): Promise<string>; user: string }, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await phone.receivedDtmf()).length < count) {
    if (Date.now() > deadline) throw new Error(`${phone.user} got only "${await phone.receivedDtmf()}"`);
    await sleep(100);
  }
  await sleep(300); // nothing extra arrives after the last digit
}
