// A debtor calls an agent (a callback, or an inbound call to the collection centre).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentPhone, type Lab, NUMBERS, startLab, TONES } from '../../lab/lab';
import { expectHears, expectTwoWayMedia } from './helpers';

describe('a debtor calls an agent', () => {
  let lab: Lab;
  let agent: AgentPhone;

  beforeAll(async () => {
    lab = await startLab({ debtors: [NUMBERS.cn.answer] });
    agent = await lab.agentPhone({ user: 'agent2' });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('rings the agent until answered, then talks both ways', async () => {
    const debtor = lab.debtor(NUMBERS.cn.answer);
    const outgoing = await debtor.callAgent('agent2');

    const ringing = await agent.waitForCall((c) => c.direction === 'inbound' && c.ringingAt !== null);
    expect(ringing.remote).toContain(NUMBERS.cn.answer);
    expect(ringing.state).toBe('ringing');
    expect((await debtor.waitForCall((c) => c.id === outgoing && c.ringingAt !== null)).state).toBe('ringing');

    await agent.answer(ringing.id);
    await agent.waitForState(ringing.id, 'established');
    await debtor.waitForState(outgoing, 'established');
    await expectTwoWayMedia(debtor, agent);
    await expectHears(agent, TONES.answerZh);
    await expectHears(debtor, agent.toneHz);

    await debtor.hangup(outgoing);
    expect((await agent.waitForState(ringing.id, 'ended')).endedBy).toBe('remote');
  });

  it('gets 404 calling an agent who is not registered', async () => {
    const debtor = lab.debtor(NUMBERS.cn.answer);
    const id = await debtor.callAgent('agent3');
    expect((await debtor.waitForState(id, 'ended')).status).toBe(404);
  });

  it('refuses a wrong password', async () => {
    const { startAgentPhone } = await import('../../lab/lab');
    const intruder = await startAgentPhone({ wsUrl: lab.wsUrl, domain: lab.domain, user: 'agent4', password: 'wrong', register: false });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await intruder.state()).registered).toBe(false);
      const id = await lab.debtor(NUMBERS.cn.answer).callAgent('agent4');
      expect((await lab.debtor(NUMBERS.cn.answer).waitForState(id, 'ended')).status).toBe(404);
    } finally {
      await intruder.stop();
    }
  });
});
