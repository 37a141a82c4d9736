// An agent's bare sip.js page calls the simulated debtors through Kamailio: every outcome
// the console must handle, with real signalling and real media.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentPhone, type Lab, NUMBERS, startLab, TONES } from '../../lab/lab';
import { expectHears, expectTwoWayMedia, sleep } from './helpers';

const { us, cn } = NUMBERS;

describe('calls from an agent phone to the debtors', () => {
  let lab: Lab;
  let agent: AgentPhone;

  beforeAll(async () => {
    lab = await startLab({ debtors: [us.answer, us.busy, us.noAnswer, us.notInService, us.voicemail, cn.answer] });
    agent = await lab.agentPhone();
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('registers the agent and every debtor with the proxy', async () => {
    const state = await agent.state();
    expect(state.registered).toBe(true);
    expect(state.connected).toBe(true);
    for (const number of [us.answer, us.busy, us.noAnswer, us.voicemail, cn.answer]) {
      expect((await lab.debtor(number).state()).registered, number).toBe(true);
    }
    expect(lab.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it('reaches the answering debtor with audio both ways', async () => {
    const debtor = lab.debtor(us.answer);
    const id = await agent.call(us.answer);
    const call = await agent.waitForState(id, 'established');
    expect(call.status).toBe(200);

    const inbound = await debtor.waitForCall((c) => c.state === 'established');
    expect(inbound.direction).toBe('inbound');
    expect(inbound.remote).toContain(`sip:${agent.user}@`);

    await expectTwoWayMedia(agent, debtor);
    await expectHears(agent, TONES.answerEn);
    await expectHears(debtor, agent.toneHz);
    expect(await agent.toneNow()).toBeCloseTo(TONES.answerEn, -2);

    await agent.hangup();
    const ended = await debtor.waitForCall((c) => c.id === inbound.id && c.state === 'ended');
    expect(ended.endedBy).toBe('remote');
    expect((await agent.waitForState(id, 'ended')).endedBy).toBe('local');
  });

  it('gets 486 from the busy debtor, which never rings', async () => {
    const id = await agent.call(us.busy);
    const call = await agent.waitForState(id, 'ended');
    expect(call.status).toBe(486);
    expect(call.ringingAt).toBeNull();
    expect(call.answeredAt).toBeNull();
    const seen = await lab.debtor(us.busy).waitForCall((c) => c.state === 'ended');
    expect(seen.status).toBe(486);
  });

  it('gets 404 for a number not in service', async () => {
    expect(() => lab.debtor(us.notInService)).toThrow(/No running debtor/);
    const id = await agent.call(us.notInService);
    const call = await agent.waitForState(id, 'ended');
    expect(call.status).toBe(404);
    const unknown = await agent.waitForState(await agent.call('+19995550000'), 'ended');
    expect(unknown.status).toBe(404);
  });

  it('keeps ringing at the no-answer debtor until the caller cancels', async () => {
    const debtor = lab.debtor(us.noAnswer);
    const id = await agent.call(us.noAnswer);
    await agent.waitForCall((c) => c.id === id && c.ringingAt !== null, {}, 'ringing');
    await sleep(3000);
    expect((await agent.calls()).find((c) => c.id === id)?.state).toBe('ringing');
    expect((await debtor.lastCall())?.state).toBe('ringing');

    await agent.hangup(id); // CANCEL
    const call = await agent.waitForState(id, 'ended');
    expect(call.status).toBe(487);
    expect(call.answeredAt).toBeNull();
    const seen = await debtor.waitForCall((c) => c.state === 'ended');
    expect(seen.status).toBe(487);
    expect(seen.endedBy).toBe('remote');
  });

  it('hears the voicemail greeting end in a beep', async () => {
    const id = await agent.call(us.voicemail);
    const call = await agent.waitForState(id, 'established', { timeoutMs: 10_000 });
    // It rings for 2 s before it picks up.
    expect(call.answeredAt! - call.ringingAt!).toBeGreaterThanOrEqual(1800);
    await expectHears(agent, TONES.voicemailBeep, 500, 20_000);
    // The greeting is bare synthetic speech, the likeliest thing to pass for DTMF: it must not.
    expect(await agent.receivedDtmf(id)).toBe('');
    await agent.hangup(id);
  });

  it('works with a browser that has no loopback flag, like a developer\'s own', async () => {
    const phone = await lab.agentPhone({ user: 'agent2', allowLoopback: false });
    try {
      const id = await phone.call(us.answer);
      await phone.waitForState(id, 'established');
      await expectTwoWayMedia(phone, lab.debtor(us.answer), 50);
      await expectHears(phone, TONES.answerEn);
      await phone.hangup(id);
    } finally {
      await phone.stop();
    }
  });

  it('reaches the Chinese-speaking debtor and hears its tone', async () => {
    const id = await agent.call(cn.answer);
    await agent.waitForState(id, 'established');
    await expectHears(agent, TONES.answerZh);
    await agent.hangup(id);
  });
});
