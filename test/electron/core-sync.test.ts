// The core against a real central server (SQLite file, HTTP on loopback).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { type RunningServer, startServer } from '../../server/app';
import { runAdmin } from '../../server/admin/cli';
import { TEST_KDF } from '../support/console-store';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(opts: { tokenTtlMs?: number; now?: () => Date } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-core-'));
  const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, ...opts });
  cleanups.push(() => server.close().catch(() => undefined));
  const open = (): Core => {
    const core = createCore({ dataDir: join(dir, 'console'), pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, { now: opts.now, syncIntervalMs: 3_600_000, kdf: TEST_KDF });
    cleanups.push(() => core.close());
    return core;
  };
  return { server, open, dir };
}

describe('the core with the central server', () => {
  it('signs in, pulls only the agent’s accounts, and after a restart opens them again with the agent’s password', async () => {
    const { open } = await world();
    const core = open();
    const session = await core.handlers['session.signIn']({ username: 'collector2', password: 'demo1234' });
    expect(session.user).toMatchObject({ username: 'collector2', role: 'collector' });
    const status = await core.handlers['sync.now']({});
    expect(status).toMatchObject({ connected: true, pendingEvents: 0, lastError: null });
    const page = await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 500 });
    expect(page.total).toBe(320);
    expect(page.rows.every((r) => r.region === 'US')).toBe(true);
    // Rank order: workable by score, then those that cannot be called now by return time.
    const workable = page.rows.slice(0, page.workable);
    expect(workable.every((r) => r.blockedUntil === null)).toBe(true);
    expect(workable.map((r) => r.score)).toEqual(workable.map((r) => r.score).sort((a, b) => b - a));
    expect(page.rows.slice(page.workable).every((r) => r.blockedUntil !== null)).toBe(true);

    const detail = await core.handlers['account.get']({ accountId: page.rows[0]!.accountId });
    expect(detail.debts.length).toBeGreaterThan(0);
    expect(detail.phones.length).toBeGreaterThan(0);
    core.close();

    const again = open();
    // The browser shell keeps no key: its data stays closed until the agent's password opens it.
    expect(await again.handlers['session.current']({})).toBeNull();
    await expect(again.handlers['queue.page']({ filter: {}, offset: 0, limit: 1 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(again.handlers['session.signIn']({ username: 'collector2', password: 'wrong' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await again.handlers['session.signIn']({ username: 'collector2', password: 'demo1234' });
    expect(await again.handlers['session.current']({})).toMatchObject({ user: { username: 'collector2' } });
    expect((await again.handlers['queue.page']({ filter: {}, offset: 0, limit: 1 })).total).toBe(320);
  });

  it('pushes the agent’s status changes exactly once', async () => {
    const { open, server } = await world();
    const core = open();
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['agent.setStatus']({ state: 'paused', reason: 'lunch' });
    expect((await core.handlers['sync.status']({})).pendingEvents).toBe(1);
    await core.handlers['sync.now']({});
    await core.handlers['sync.now']({});
    expect((await core.handlers['sync.status']({})).pendingEvents).toBe(0);
    expect(await core.handlers['agent.status']({})).toEqual({ state: 'paused', reason: 'lunch' });
    expect((await server.store.counts()).events).toBe(1);
  });

  it('rejects a wrong password with UNAUTHORIZED and stays signed out', async () => {
    const core = (await world()).open();
    await expect(core.handlers['session.signIn']({ username: 'collector1', password: 'wrong' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await core.handlers['session.current']({})).toBeNull();
  });

  it('keeps the agent working after the token expires, and sends what waits once they sign in again', async () => {
    let now = new Date('2026-11-23T08:00:00Z');
    const { open, server } = await world({ tokenTtlMs: 60_000, now: () => now });
    const core = open();
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    now = new Date(now.getTime() + 61_000);
    // Local work goes on under the agent's name: a field agent is offline for days.
    expect(await core.handlers['session.current']({})).toMatchObject({ user: { username: 'collector1' } });
    expect((await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 10 })).rows.length).toBeGreaterThan(0);
    await core.handlers['agent.setStatus']({ state: 'paused', reason: 'break' });
    const status = await core.handlers['sync.now']({});
    expect(status).toMatchObject({ connected: false, pendingEvents: 1, lastError: expect.stringContaining('sign-in of collector1 has expired') });
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    expect(await core.handlers['sync.now']({})).toMatchObject({ connected: true, pendingEvents: 0, lastError: null });
    expect((await server.store.counts()).events).toBe(1);
  });

  it('keeps working from local data when the server goes away, and says it is unreachable', async () => {
    const { open, server } = await world();
    const core = open();
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    await (server as RunningServer).close();
    await core.handlers['agent.setStatus']({ state: 'paused', reason: 'break' });
    const status = await core.handlers['sync.now']({});
    expect(status).toMatchObject({ connected: false, pendingEvents: 1 });
    expect(status.lastError).toMatch(/Cannot reach the central server/);
    expect((await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 10 })).total).toBeGreaterThan(0);
    expect(await core.handlers['session.current']({})).not.toBeNull();
  });
});

describe('a second agent on the same console', () => {
  it('never sees the first agent’s accounts', async () => {
    const { open } = await world();
    const core = open();
    await core.handlers['session.signIn']({ username: 'collector2', password: 'demo1234' });
    await core.handlers['sync.now']({});
    await core.handlers['session.signOut']({});
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    const before = await core.handlers['queue.page']({ filter: { region: 'US' }, offset: 0, limit: 10 });
    expect(before.total).toBe(0);
    await core.handlers['sync.now']({});
    const after = await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 500 });
    expect(after.total).toBeGreaterThan(0);
    expect(after.rows.every((r) => r.region === 'CN')).toBe(true);
  });
});

describe('next account', () => {
  it('hands over the best workable account with the parts of its score, never one under a hold', async () => {
    const tenInBeijing = new Date('2026-11-24T02:00:00Z'); // inside the cn pack's calling hours
    const { open } = await world({ now: () => tenInBeijing });
    const core = open();
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const next = await core.handlers['queue.next']({ skip: [...seen] });
      if (!next) throw new Error('no workable account at 10:00 Beijing time');
      expect(seen.has(next.accountId)).toBe(false);
      seen.add(next.accountId);
      expect(next.blockedUntil).toBeNull();
      expect(next.parts.reduce((sum, p) => sum + p.points, 0)).toBe(next.score);
      const detail = await core.handlers['account.get']({ accountId: next.accountId });
      expect(detail.holds.filter((h) => h.liftedAt === null && h.kind !== 'do_not_call')).toEqual([]);
      const gate = await core.handlers['compliance.gate']({ accountId: next.accountId });
      expect(gate.phones.some((p) => p.decision !== 'block')).toBe(true);
    }
    // An account under a hold explains why it is out of the list and until when.
    const all = await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 500 });
    const held = all.rows.find((r) => r.activeHolds.some((k) => k !== 'do_not_call'));
    expect(held).toBeDefined();
    expect(await core.handlers['queue.explain']({ accountId: held!.accountId })).toMatchObject({ blockedUntil: 'never' });
  });

  it('lists every account as not callable at night in Beijing, back at 08:00, and hands over none', async () => {
    const elevenInBeijing = new Date('2026-11-24T15:00:00Z');
    const { open } = await world({ now: () => elevenInBeijing });
    const core = open();
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    const page = await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 500 });
    expect(page.total).toBeGreaterThan(100);
    expect(page.workable).toBe(0);
    const quiet = page.rows.filter((r) => r.activeHolds.length === 0);
    expect(quiet.length).toBeGreaterThan(50);
    for (const r of quiet) expect([r.blockedUntil, r.blockReason]).toEqual(['2026-11-25T00:00:00.000Z', 'cn.quiet_hours']);
    // Soonest return first: the quiet-hours accounts come before those on hold.
    expect(page.rows.slice(0, quiet.length).every((r) => r.blockedUntil !== 'never')).toBe(true);
    expect(await core.handlers['queue.next']({ skip: [] })).toBeNull();
  });

  it('keeps a wrap-up draft through a restart, logs it once when saved, and a late save of it does not bring it back', async () => {
    const tenInBeijing = new Date('2026-11-24T02:00:00Z');
    const { open } = await world({ now: () => tenInBeijing });
    const core = open();
    await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    await core.handlers['sync.now']({});
    const next = (await core.handlers['queue.next']({ skip: [] }))!;
    const detail = await core.handlers['account.get']({ accountId: next.accountId });
    const form = { outcome: 'promise_to_pay', phoneId: detail.phones[0]!.id, callId: null, note: '周五前还款', promise: { amountMinor: 50_000, dueDate: '2026-11-27' }, steps: [], trackId: null };
    await core.handlers['wrapup.saveDraft']({ draft: { accountId: next.accountId, startedAt: tenInBeijing.toISOString(), form, flaggedPhrases: [] } });
    core.close();

    const again = open();
    await again.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    const draft = await again.handlers['wrapup.draft']({});
    expect(draft).toMatchObject({ accountId: next.accountId, form: { outcome: 'promise_to_pay', note: '周五前还款', promise: { amountMinor: 50_000 } } });
    await again.handlers['wrapup.submit']({ accountId: next.accountId, form: draft!.form });
    expect(await again.handlers['wrapup.draft']({})).toBeNull();
    // The screen's debounced save of that same draft arriving after the submit does not bring it back.
    await again.handlers['wrapup.saveDraft']({ draft: draft! });
    expect(await again.handlers['wrapup.draft']({})).toBeNull();
    const timeline = (await again.handlers['account.get']({ accountId: next.accountId })).timeline.filter((i) => i.kind === 'call.outcome');
    expect(timeline).toHaveLength(1);
  });

  it('brings a payment recorded centrally at the next pull, onto the account’s timeline', { timeout: 30_000 }, async () => {
    const { open, dir } = await world();
    const core = open();
    await core.handlers['session.signIn']({ username: 'collector2', password: 'demo1234' });
    await core.handlers['sync.now']({});
    const [row] = (await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 1 })).rows;
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), env: { FAIRLINE_SERVER_DB: join(dir, 'server.db') }, now: () => new Date() };
    expect(await runAdmin(['payment', 'record', row!.ref, '12.5x'], io)).toBe(2);
    expect(out.join('\n')).toContain('AMOUNT must be a positive amount');
    expect(await runAdmin(['payment', 'record', row!.ref, '250.50', '--note', 'bank transfer'], io)).toBe(0);
    await core.handlers['sync.now']({});
    const timeline = (await core.handlers['account.get']({ accountId: row!.accountId })).timeline;
    expect(timeline).toContainEqual(expect.objectContaining({ kind: 'payment', source: 'central', amountMinor: 250_50, note: 'bank transfer' }));
  });
});
