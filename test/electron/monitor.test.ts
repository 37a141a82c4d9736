// Listen / whisper / barge, the cores' part (docs/monitor.md), against a real central server
// in-process: a lead's core gets a grant for an agent's call, and the agent's core admits it
// only when it carries the server's signature, is fresh, names this agent and this call, is
// used once (across restarts, and on the server's record) and allows the mode. The lead's call
// goes where the agent's softphone registered. Every admission, mode change, end and refusal is
// logged.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { type RunningServer, startServer } from '../../server/app';
import type { MonitorAdmit, PresenceReport } from '../../shared/api/contract';
import type { MonitorPolicy } from '../../server/monitor/grants';
import { openConsoleStore, testKeychain } from '../support/console-store';

const keychain = testKeychain();

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const onCall = (callId: string, accountId: string): PresenceReport => ({
  state: 'on_call', pauseReason: null, account: { id: accountId, ref: 'CN-1', masked: true }, callStartedAt: new Date().toISOString(),
  step: null, lastOutcome: null, callId,
});

async function world(monitor: Partial<MonitorPolicy> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-monitor-'));
  const server: RunningServer = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, monitor });
  cleanups.push(() => server.close().catch(() => undefined));
  let skewMs = 0;
  const core = (name: string): Core => {
    const c = createCore({ dataDir: join(dir, name), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, {
      syncIntervalMs: 3_600_000, now: () => new Date(Date.now() + skewMs),
      keychain, // the desktop app's way: the encrypted data opens at each start without a sign-in
    });
    cleanups.push(() => c.close());
    return c;
  };
  const signIn = async (c: Core, username: string) => {
    const s = await c.handlers['session.signIn']({ username, password: 'demo1234' });
    await c.handlers['sync.now']({});
    return s.user.id;
  };
  const agent = core('agent');
  const lead = core('lead');
  const agentId = await signIn(agent, 'collector1');
  await signIn(lead, 'lead');
  await agent.handlers['settings.update']({ sip: { uri: 'sip:agent1@lab.test' } });
  // The softphone registered: the core tells the server where leads' calls to this agent go.
  expect(await agent.handlers['monitor.registered']({})).toEqual({ sipUri: 'sip:agent1@lab.test', source: 'registration' });
  // A real account of the agent's: the log of a call on it must pass the server's push scope.
  accountId = (await agent.handlers['queue.page']({ filter: {}, offset: 0, limit: 1 })).rows[0]!.accountId;
  await agent.handlers['presence.report'](onCall('call-1', accountId));
  // The board shows the agent on the call: the server can now give grants for it.
  for (let i = 0; ; i++) {
    const board = await lead.handlers['board.snapshot']({});
    if (board.agents.some((a) => a.agentId === agentId && a.state === 'on_call')) break;
    if (i > 200) throw new Error('the agent never showed on a call');
    await new Promise((r) => setTimeout(r, 20));
  }
  const events = (c: string) => {
    const db = openConsoleStore(join(dir, c), { keychain });
    try {
      return (db.prepare("SELECT body FROM events WHERE type LIKE 'monitor.%' ORDER BY seq").all() as { body: string }[]).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    } finally {
      db.close();
    }
  };
  return { dir, server, core, signIn, agent, lead, agentId, events, skew: (ms: number) => { skewMs = ms; } };
}

let accountId = '';
const admitOf = (grant: string, extra: Partial<MonitorAdmit> = {}): MonitorAdmit => ({ grant, callId: 'call-1', accountId, mode: 'listen', from: 'sip:lead@lab.test', ...extra });

describe('monitor grants between consoles', () => {
  it("admits the agent's lead on the call the grant names, once, and logs the session", async () => {
    const w = await world();
    const grant = await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    expect(grant).toMatchObject({ target: 'sip:agent1@lab.test', callId: 'call-1', agentName: '李娜' });

    const admitted = await w.agent.handlers['monitor.admit'](admitOf(grant.grant));
    expect(admitted).toMatchObject({ admitted: true, sessionId: grant.sessionId, leadName: '王强 (Wang Qiang)', modes: ['listen', 'whisper', 'barge'], notifyAgent: true });
    await w.agent.handlers['monitor.mode']({ sessionId: grant.sessionId, mode: 'whisper' });
    await w.agent.handlers['monitor.mode']({ sessionId: grant.sessionId, mode: 'barge' });
    await w.agent.handlers['monitor.end']({ sessionId: grant.sessionId });

    // The same grant again (a replay) is refused.
    expect(await w.agent.handlers['monitor.admit'](admitOf(grant.grant))).toEqual({ admitted: false, reason: 'replayed' });
    expect(w.events('agent').map((e) => [e.type, e.mode ?? e.reason ?? null])).toEqual([
      ['monitor.started', 'listen'], ['monitor.mode', 'whisper'], ['monitor.mode', 'barge'], ['monitor.ended', null], ['monitor.refused', 'replayed'],
    ]);
    expect(w.events('agent')[0]).toMatchObject({ sessionId: grant.sessionId, callId: 'call-1', agentNotified: true });
    // The log reaches the central store with the next sync.
    expect((await w.agent.handlers['sync.now']({})).pendingEvents).toBe(0);
    const pushed = await w.server.store.boardEvents([w.agentId], ['monitor.started', 'monitor.mode', 'monitor.ended', 'monitor.refused'], '2000-01-01', '2100-01-01');
    expect(pushed).toHaveLength(5);
  });

  it('refuses a forged, missing, expired, other call or other agent grant, each with its reason', async () => {
    const w = await world();
    const fresh = () => w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    const refused = async (grant: string, extra: Partial<MonitorAdmit> = {}) => w.agent.handlers['monitor.admit'](admitOf(grant, extra));

    expect(await refused('')).toEqual({ admitted: false, reason: 'missing' });
    expect(await refused('not.a.jwt')).toEqual({ admitted: false, reason: 'invalid' });
    const good = await fresh();
    const [header, payload, signature] = good.grant.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, modes: ['barge'], callId: 'call-1' })).toString('base64url');
    expect(await refused(`${header}.${tampered}.${signature}`)).toEqual({ admitted: false, reason: 'invalid' });
    expect(await refused((await fresh()).grant, { callId: 'call-2' })).toEqual({ admitted: false, reason: 'other_call' });
    expect(await refused((await fresh()).grant, { callId: null })).toEqual({ admitted: false, reason: 'no_call' });

    // Another agent's console is shown a grant made for collector1.
    const other = w.core('other');
    await w.signIn(other, 'collector2');
    expect(await other.handlers['monitor.admit'](admitOf((await fresh()).grant))).toEqual({ admitted: false, reason: 'other_agent' });

    // Presented too late: a grant lives 60 s (30 s of clock tolerance on top).
    const late = await fresh();
    w.skew(95_000);
    expect(await refused(late.grant)).toEqual({ admitted: false, reason: 'expired' });
    w.skew(0);
    expect(w.events('agent').filter((e) => e.type === 'monitor.refused').map((e) => e.reason)).toEqual(['missing', 'invalid', 'invalid', 'other_call', 'no_call', 'expired']);
    expect(w.events('agent').some((e) => e.type === 'monitor.started')).toBe(false);
  });

  it("keeps to the organisation's policy: only the modes it allows, and whether the agent is told", async () => {
    const w = await world({ modes: ['listen'], notifyAgent: false });
    const grant = await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    expect(await w.agent.handlers['monitor.admit'](admitOf(grant.grant, { mode: 'barge' }))).toEqual({ admitted: false, reason: 'mode_not_granted' });
    const second = await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    const admitted = await w.agent.handlers['monitor.admit'](admitOf(second.grant));
    expect(admitted).toMatchObject({ admitted: true, modes: ['listen'], notifyAgent: false });
    if (!admitted.admitted) throw new Error('unreachable');
    await expect(w.agent.handlers['monitor.mode']({ sessionId: admitted.sessionId, mode: 'whisper' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(w.events('agent').find((e) => e.type === 'monitor.started')).toMatchObject({ agentNotified: false });
  });

  it('refuses a grant replayed after the console restarts, on its own record even with the server out of reach', async () => {
    const w = await world();
    const grant = await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    expect(await w.agent.handlers['monitor.admit'](admitOf(grant.grant))).toMatchObject({ admitted: true });
    // The server knows it was used, and by which device.
    const logged = (await w.server.store.monitor.sessionsOf(w.agentId, 5)).find((s) => s.id === grant.sessionId)!;
    expect(logged.usedAt).not.toBeNull();
    expect(logged.usedDeviceId).toBeTruthy();

    w.agent.close();
    await w.server.close();
    const restarted = w.core('agent'); // the same data directory: the console started again
    expect(await restarted.handlers['monitor.admit'](admitOf(grant.grant))).toEqual({ admitted: false, reason: 'replayed' });
    expect(w.events('agent').map((e) => [e.type, e.reason ?? null])).toEqual([['monitor.started', null], ['monitor.refused', 'replayed']]);
  });

  it("refuses a grant the server saw used, on a console that lost its own record", async () => {
    const w = await world();
    const grant = await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    expect(await w.agent.handlers['monitor.admit'](admitOf(grant.grant))).toMatchObject({ admitted: true });
    // The agent's console on a fresh database (a new desk, or the old one started afresh).
    const fresh = w.core('fresh');
    await w.signIn(fresh, 'collector1');
    expect(await fresh.handlers['monitor.admit'](admitOf(grant.grant))).toEqual({ admitted: false, reason: 'replayed' });
    // A grant for another call burns nothing: the right one is still admitted once.
    const next = await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    expect(await fresh.handlers['monitor.admit'](admitOf(next.grant, { callId: 'call-9' }))).toEqual({ admitted: false, reason: 'other_call' });
    expect(await fresh.handlers['monitor.admit'](admitOf(next.grant))).toMatchObject({ admitted: true });
    expect(await w.agent.handlers['monitor.admit'](admitOf(next.grant))).toEqual({ admitted: false, reason: 'replayed' });
  });

  it('sends the lead to the address the softphone registered in this sign-in, whatever the console says later', async () => {
    const w = await world();
    // The console's SIP account changes, and its presence now names another address.
    await w.agent.handlers['settings.update']({ sip: { uri: 'sip:somebody-else@lab.test' } });
    await w.agent.handlers['presence.report'](onCall('call-1', accountId));
    await expect(w.agent.handlers['monitor.registered']({})).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/already registered another SIP address/) });
    const grant = await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    expect(grant.target).toBe('sip:agent1@lab.test');
    // A new sign-in registers the new account.
    await w.signIn(w.agent, 'collector1');
    expect(await w.agent.handlers['monitor.registered']({})).toEqual({ sipUri: 'sip:somebody-else@lab.test', source: 'registration' });
    expect((await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' })).target).toBe('sip:somebody-else@lab.test');
  });

  it('uses the cached key when the server is out of reach, and refuses with no_key when it has none', async () => {
    const w = await world();
    const first = await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    expect(await w.agent.handlers['monitor.admit'](admitOf(first.grant))).toMatchObject({ admitted: true }); // caches the key
    const second = await w.lead.handlers['monitor.start']({ agentId: w.agentId, mode: 'listen' });
    const fresh = w.core('fresh');
    await w.signIn(fresh, 'collector1');
    await w.server.close();
    expect(await w.agent.handlers['monitor.admit'](admitOf(second.grant))).toMatchObject({ admitted: true });
    expect(await fresh.handlers['monitor.admit'](admitOf(second.grant))).toEqual({ admitted: false, reason: 'no_key' });
  });
});
