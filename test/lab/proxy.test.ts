// The proxy dies and comes back: what the softphone's resilience tests build on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentPhone, type Lab, NUMBERS, startLab, waitFor } from '../../lab/lab';
import { expectTwoWayMedia } from './helpers';

describe('killing and restarting Kamailio', () => {
  let lab: Lab;
  let agent: AgentPhone;

  beforeAll(async () => {
    lab = await startLab({ debtors: [NUMBERS.us.answer] });
    agent = await lab.agentPhone();
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('drops every WebSocket when killed and takes registrations again when restarted', async () => {
    const wsUrl = lab.wsUrl;
    await lab.killProxy();
    await waitFor(async () => !(await agent.state()).connected, 'the agent to notice');
    const id = await agent.call(NUMBERS.us.answer);
    expect((await agent.waitForState(id, 'ended')).status).toBe(503); // sip.js: transport error

    const since = Date.now();
    await lab.startProxy(); // resolves once the debtors have registered again
    expect(lab.wsUrl).toBe(wsUrl);
    await agent.waitForRegistered({ since, timeoutMs: 10_000 });

    const again = await agent.call(NUMBERS.us.answer);
    await agent.waitForState(again, 'established');
    await expectTwoWayMedia(agent, lab.debtor(NUMBERS.us.answer), 50);
    await agent.hangup(again);
  });

  it('restarts in one call', async () => {
    const since = Date.now();
    await lab.restartProxy();
    await agent.waitForRegistered({ since, timeoutMs: 10_000 });
    const id = await agent.call(NUMBERS.us.answer);
    await agent.waitForState(id, 'established');
    await agent.hangup(id);
  });
});
