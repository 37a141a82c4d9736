// The console's side of the live board, against a real central server in-process: an agent's
// core reports what the agent does over its presence socket, a lead's core watches and holds
// the board for `board.snapshot`; a masked account never carries the debtor's name, and signing
// out shows the agent offline.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { type RunningServer, startServer } from '../../server/app';
import type { BoardSnapshot, PresenceReport } from '../../shared/api/contract';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(deps: { screenGraceMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-presence-'));
  const serve = async (port = 0): Promise<RunningServer> => {
    const s = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, port });
    cleanups.push(() => s.close().catch(() => undefined));
    return s;
  };
  const server = await serve();
  const core = (name: string): Core => {
    const c = createCore({ dataDir: join(dir, name), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, { syncIntervalMs: 3_600_000, ...deps });
    cleanups.push(() => c.close());
    return c;
  };
  const agent = core('agent');
  const lead = core('lead');
  const agentSession = await agent.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
  await lead.handlers['session.signIn']({ username: 'lead', password: 'demo1234' });
  // Let the first sync of each finish: a core closed under a running sync rejects in the background.
  await Promise.all([agent.handlers['sync.now']({}), lead.handlers['sync.now']({})]);
  return { server, serve, agent, lead, agentId: agentSession.user.id };
}

/** Polls the lead's board until `test` passes, and says how long it took. */
async function boardUntil(lead: Core, test: (b: BoardSnapshot) => boolean, timeoutMs = 3_000): Promise<{ board: BoardSnapshot; ms: number }> {
  const started = Date.now();
  for (;;) {
    const board = await lead.handlers['board.snapshot']({});
    if (test(board)) return { board, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`board never matched: ${JSON.stringify(board).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const onCall: PresenceReport = {
  state: 'on_call', pauseReason: null,
  // The renderer would not send the name while masked; the core drops it if it does.
  account: { id: 'acc-1', ref: 'CN-000001', masked: true, debtorName: '王小明' },
  callStartedAt: new Date().toISOString(), step: 'verify:identity', lastOutcome: null, callId: 'call-1',
};

describe('presence between two consoles', { timeout: 30_000 }, () => {
  it('shows an agent whose every screen closed offline after the grace period, and back when a screen reports again', async () => {
    const { agent, lead, agentId } = await world({ screenGraceMs: 300 });
    const idle: PresenceReport = { state: 'available', pauseReason: null, account: null, callStartedAt: null, step: null, lastOutcome: null, callId: null };
    agent.screensOpen(true);
    await agent.handlers['presence.report'](idle);
    await boardUntil(lead, (b) => b.agents.some((a) => a.agentId === agentId && a.state === 'available'));

    // A reload: the screen is gone for less than the grace period, and nothing changes.
    agent.screensOpen(false);
    agent.screensOpen(true);
    await new Promise((r) => setTimeout(r, 500));
    expect((await lead.handlers['board.snapshot']({})).agents.find((a) => a.agentId === agentId)?.state).toBe('available');

    // The tab is closed for good: offline, though the core still runs and holds the session.
    agent.screensOpen(false);
    const { board, ms } = await boardUntil(lead, (b) => b.agents.some((a) => a.agentId === agentId && a.state === 'offline'));
    expect(ms).toBeGreaterThanOrEqual(200);
    expect(board.agents.find((a) => a.agentId === agentId)?.offlineReason).not.toBe('signed_out');

    agent.screensOpen(true);
    await agent.handlers['presence.report'](idle);
    await boardUntil(lead, (b) => b.agents.some((a) => a.agentId === agentId && a.state === 'available'));
  });

  it('shows an agent on a masked call on the lead’s board within a second, without the debtor’s name; sign-out shows offline', async () => {
    const { agent, lead, agentId } = await world();
    const { board: first } = await boardUntil(lead, (b) => b.connected);
    expect(first.agents.find((a) => a.agentId === agentId)?.state).toBe('offline');

    await agent.handlers['presence.report']({ state: 'available', pauseReason: null, account: null, callStartedAt: null, step: null, lastOutcome: null, callId: null });
    await boardUntil(lead, (b) => b.agents.some((a) => a.agentId === agentId && a.state === 'available'));

    const sent = Date.now();
    await agent.handlers['presence.report'](onCall);
    const { board } = await boardUntil(lead, (b) => b.agents.some((a) => a.agentId === agentId && a.state === 'on_call'));
    expect(Date.now() - sent).toBeLessThan(1_000);
    const shown = board.agents.find((a) => a.agentId === agentId)!;
    expect(shown.account).toEqual({ id: 'acc-1', ref: 'CN-000001', masked: true });
    expect(JSON.stringify(board)).not.toContain('王小明');
    expect(shown.step).toBe('verify:identity');
    expect(shown.name).toBe('李娜');

    // Unmasked, the name goes; the lead's core keeps the version moving with each change.
    await agent.handlers['presence.report']({ ...onCall, state: 'wrap_up', account: { ...onCall.account!, masked: false }, lastOutcome: 'promise_to_pay' });
    const { board: after } = await boardUntil(lead, (b) => b.agents.some((a) => a.agentId === agentId && a.state === 'wrap_up'));
    expect(after.version).toBeGreaterThan(board.version);
    expect(after.agents.find((a) => a.agentId === agentId)!.account?.debtorName).toBe('王小明');

    // A status change in the core follows while idle.
    await agent.handlers['presence.report']({ state: 'available', pauseReason: null, account: null, callStartedAt: null, step: null, lastOutcome: 'promise_to_pay', callId: null });
    await agent.handlers['agent.setStatus']({ state: 'paused', reason: 'lunch' });
    await boardUntil(lead, (b) => b.agents.some((a) => a.agentId === agentId && a.state === 'paused' && a.pauseReason === 'lunch'));

    await agent.handlers['session.signOut']({});
    const { board: gone } = await boardUntil(lead, (b) => b.agents.some((a) => a.agentId === agentId && a.state === 'offline'), 1_000);
    expect(gone.agents.find((a) => a.agentId === agentId)!.offlineReason).toBe('signed_out');
  });

  it('refuses the board to agents and the report is ignored for leads', async () => {
    const { agent, lead } = await world();
    await expect(agent.handlers['board.snapshot']({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(lead.handlers['presence.report'](onCall)).resolves.toBeNull();
    const figures = await lead.handlers['board.figures']({ tz: 'Asia/Shanghai' });
    expect(figures.teams.length).toBeGreaterThan(0);
  });

  it('reconnects after the server restarts, and reports the current state again', async () => {
    const { agent, lead, agentId, server, serve } = await world();
    await agent.handlers['presence.report']({ state: 'paused', pauseReason: 'break', account: null, callStartedAt: null, step: null, lastOutcome: null, callId: null });
    await boardUntil(lead, (b) => b.agents.some((a) => a.agentId === agentId && a.state === 'paused'));
    const port = Number(new URL(server.url).port);
    await server.close();
    await boardUntil(lead, (b) => !b.connected);
    await serve(port);
    // Both cores reopen their sockets with backoff; the agent's state comes back with no new report.
    const { board } = await boardUntil(lead, (b) => b.connected && b.agents.some((a) => a.agentId === agentId && a.state === 'paused'), 10_000);
    expect(board.agents.find((a) => a.agentId === agentId)!.pauseReason).toBe('break');
  });
});
