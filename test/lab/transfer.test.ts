// Transfers through the lab's Kamailio: a debtor on a call with agent1 is handed to agent2,
// blind (REFER to agent2) and attended (agent1 consults agent2 first, then REFERs the debtor
// with Replaces naming the consult call). The debtor's new INVITE goes to agent2's address of
// record, so the proxy finds agent2 by its registration; a WebSocket client's own contact
// (x@y.invalid) would reach nobody outside its dialog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentPhone, type Lab, NUMBERS, startLab, TONES } from '../../lab/lab';
import { expectHears, expectTwoWayMedia } from './helpers';

describe('transfers', () => {
  let lab: Lab;
  let agent1: AgentPhone;
  let agent2: AgentPhone;
  const number = NUMBERS.cn.answer;

  beforeAll(async () => {
    lab = await startLab({ debtors: [number] });
    [agent1, agent2] = await Promise.all([
      lab.agentPhone({ user: 'agent1' }),
      lab.agentPhone({ user: 'agent2', toneHz: TONES.agentAlt }),
    ]);
  });
  afterAll(async () => {
    await lab?.stop();
  });

  async function callDebtor(): Promise<string> {
    const id = await agent1.call(number);
    await agent1.waitForState(id, 'established', { timeoutMs: 10_000 });
    return id;
  }

  it('blind: the debtor calls agent2 and agent1 is done', async () => {
    const debtor = lab.debtor(number);
    const first = await callDebtor();
    const ringing = agent2.waitForCall((c) => c.direction === 'inbound' && c.state === 'ringing', { timeoutMs: 10_000 });
    const status = agent1.transfer('agent2', first);
    const incoming = await ringing;
    expect(incoming.remote).toContain(number);
    await agent2.answer(incoming.id);
    expect(await status).toBe(200);
    const referred = await debtor.waitForCall((c) => c.referredFrom !== null && c.state === 'established');
    expect(referred.remote).toContain('agent2');

    await agent1.hangup(first);
    await expectTwoWayMedia(debtor, agent2);
    await expectHears(agent2, TONES.answerZh);
    await expectHears(debtor, TONES.agentAlt);
    await agent2.hangup(incoming.id);
    await debtor.waitForState(referred.id, 'ended');
  });

  it('attended: agent1 consults agent2, then the debtor replaces the consult call', async () => {
    const debtor = lab.debtor(number);
    const first = await callDebtor();
    const consult = await agent1.call('agent2');
    const consultIn = await agent2.waitForCall((c) => c.direction === 'inbound' && c.state === 'ringing' && c.replaced === null, { timeoutMs: 10_000 });
    await agent2.answer(consultIn.id);
    await agent1.waitForState(consult, 'established');
    await expectHears(agent1, TONES.agentAlt); // they talk first

    expect(await agent1.transfer(consult, first)).toBe(200);
    // agent2's phone took the debtor's INVITE-with-Replaces by itself and ended the consult call.
    const replacing = await agent2.waitForCall((c) => c.replaced === consultIn.id && c.state === 'established', { timeoutMs: 10_000 });
    expect(replacing.remote).toContain(number);
    expect((await agent1.waitForState(consult, 'ended')).endedBy).toBe('remote');
    const referred = await debtor.waitForCall((c) => c.referredFrom !== null && c.state === 'established' && c.startedAt > replacing.startedAt - 5_000);
    expect(referred.remote).toContain('agent2');

    await agent1.hangup(first);
    await debtor.waitForCall((c) => c.state === 'ended' && c.direction === 'inbound' && c.remote.includes('agent1') && c.endedBy === 'remote');
    await expectTwoWayMedia(debtor, agent2);
    await expectHears(agent2, TONES.answerZh);
    await expectHears(debtor, TONES.agentAlt);
    await agent2.hangup(replacing.id);
  });

  it('a transfer the debtor cannot complete (nobody is registered as agent3) reports 404 and leaves the call with agent1', async () => {
    const debtor = lab.debtor(number);
    const first = await callDebtor();
    expect(await agent1.transfer('agent3', first)).toBe(404);
    expect((await agent1.state()).calls.find((c) => c.id === first)?.state).toBe('established');
    const failed = await debtor.waitForCall((c) => c.referredFrom !== null && c.state === 'ended' && c.status === 404);
    expect(failed.remote).toContain('agent3');
    await expectHears(debtor, agent1.toneHz);
    await agent1.hangup(first);
  });
});
