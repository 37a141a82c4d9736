// Days the ladder missed (docs/ladder.md "Catching up"), on both stores, on the server's clock (as a
// training clock drives it): the server is "down" between passes, and the next pass works the days
// it missed, back a week at most. Late is fine for a call task the account still needs, a notice
// letter or a text of the stage it is still in; not for a reminder before a due date that has
// passed, a treatment of a stage the account has left, or the same recurring text several times.
// Every pass run twice does nothing the second time.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { DEFAULT_LADDER_TEMPLATES } from '../../shared/ladder/defaults';
import { importPolicies } from '../../shared/ladder/policy';
import { importTemplates } from '../../shared/messaging/templates';
import { hashPassword } from '../../server/auth/password';
import { runLadder } from '../../server/jobs/ladder';
import { LadderService } from '../../server/ladder/service';
import { MessagingService } from '../../server/messaging/service';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { bundle } from '../support/bundles';
import { type TestServer, describeEachStore, startTestServer } from './helpers';

const DUE = '2026-03-10';
const DAY = 86_400_000;
/** 10:00 in Beijing on the day `dpd` days from the due date: after the policy's 09:00. */
const morningOf = (dpd: number) => new Date(Date.parse(`${DUE}T02:00:00Z`) + dpd * DAY);
const dateOf = (dpd: number) => new Date(Date.parse(`${DUE}T00:00:00Z`) + dpd * DAY).toISOString().slice(0, 10);

const POLICY = {
  id: 'cn-catch-up', version: 1, region: 'CN', title: '补做测试', runFromHour: 9,
  tiers: [{ id: 'all', upToMinor: null }],
  stages: [
    { id: 'pre_due', label: 'reminder', fromDpd: -7 },
    { id: 'due', label: 'reminder', fromDpd: 0 },
    { id: 'early', label: 'early', fromDpd: 1 },
    { id: 'late', label: 'late', fromDpd: 11 },
  ],
  treatments: [
    { id: 'pre-due-sms', stage: 'pre_due', on: { dpd: -3 }, action: { kind: 'sms', templateId: 'cn-ladder-predue' } },
    { id: 'due-day-call', stage: 'due', on: { dpd: 0 }, action: { kind: 'call' } },
    { id: 'early-call', stage: 'early', on: { dpd: 1 }, action: { kind: 'call' } },
    { id: 'early-sms', stage: 'early', on: { fromDpd: 2, toDpd: 10, everyDays: 2 }, action: { kind: 'sms', templateId: 'cn-ladder-overdue' } },
    { id: 'notice', stage: 'early', on: { dpd: 4 }, action: { kind: 'letter', letter: 'cn_overdue_notice', language: 'zh-CN' } },
    { id: 'late-visit', stage: 'late', on: { dpd: 12 }, action: { kind: 'visit' } },
    { id: 'late-sms', stage: 'late', on: { fromDpd: 11, toDpd: 30, everyDays: 10 }, action: { kind: 'sms', templateId: 'cn-ladder-late' } },
  ],
};

describeEachStore('the stage ladder catching up missed days', (kind) => {
  let server: TestServer;
  let clock = morningOf(-4);
  const texts: { to: string; text: string }[] = [];
  let ladder: LadderService;
  let walker: AccountBundle;
  const teamId = 'team-cn';

  /** A pass at the morning of `dpd`, then a second one that must do nothing. */
  const passAt = async (dpd: number) => {
    clock = morningOf(dpd);
    const first = await runLadder(ladder, { info: () => {} });
    const again = await runLadder(ladder, { info: () => {} });
    expect(again, `day ${dpd}: the second pass did something`).toMatchObject({ moves: 0, done: 0, refused: 0, failed: 0, missed: 0 });
    expect(first.failed, `day ${dpd}`).toBe(0);
    return first;
  };
  const actions = async () => (await server.store.ladder.actions(walker.account.id))
    .map((a) => [a.date, a.rule, a.status, (a.detail.lateOn as string | undefined) ?? (a.detail.refusals as { rule: string }[] | undefined)?.[0]?.rule ?? null])
    .sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`)); // claims of one pass share its clock's instant

  beforeAll(async () => {
    server = await startTestServer({ now: () => clock, tokenTtlMs: 60 * DAY }, kind);
    const at = clock.toISOString();
    const store = server.store;
    await store.createTeam({ id: teamId, name: '华东一组' }, at);
    const hash = await hashPassword(DEMO_PASSWORD);
    for (const [username, role] of [['collector1', 'collector'], ['field', 'field_agent']] as const)
      await store.createUser({ id: uuidv7(), username, displayName: username, role, teamId, passwordHash: hash }, at);
    walker = bundle(1, { dueDate: DUE, balance: 800_000, stage: 'reminder', name: '陈明' });
    walker.account.assignedTo = null;
    walker.account.teamId = teamId;
    await store.insertAccounts([walker], at);
    const templates = importTemplates(DEFAULT_LADDER_TEMPLATES);
    if (!templates.ok) throw new Error('templates');
    await store.messaging.addTemplates(templates.templates, at);
    const policies = importPolicies({ policies: [POLICY] }, templates.templates);
    if (!policies.ok) throw new Error(policies.errors.map((e) => e.message).join('; '));
    await store.ladder.addPolicies(policies.policies, 'test', at);
    const sms = { submit: async (to: string, text: string) => { texts.push({ to, text }); return { providerId: `smsc-${texts.length}` }; } };
    ladder = new LadderService(store, new MessagingService(store, { sms }, () => clock), () => clock);
  }, 60_000);

  afterAll(async () => { await server?.stop(); });

  it('works only today on its first pass, however late in the ladder the account is', async () => {
    const first = await passAt(-4);
    expect(first).toMatchObject({ moves: 1, done: 0, missed: 0 });
    expect(await actions()).toEqual([]);
  });

  it('after days down, does late what still makes sense and records why the rest is not done', async () => {
    // Down from the morning of −4 to the morning of 2: −3, 0 and 1 were missed.
    const pass = await passAt(2);
    expect(pass).toMatchObject({ moves: 1, done: 2, missed: 2 });
    expect(await actions()).toEqual([
      [dateOf(-3), 'pre-due-sms', 'missed', 'ladder.missed_due_passed'],
      [dateOf(0), 'due-day-call', 'missed', 'ladder.missed_left_stage'],
      [dateOf(1), 'early-call', 'done', dateOf(2)],
      [dateOf(2), 'early-sms', 'done', null],
    ]);
    // Straight to the stage it is in now; no reminder of a due date gone by.
    expect((await server.store.ladder.moves(walker.account.id)).map((m) => [m.date, m.from, m.to])).toEqual([[dateOf(-4), null, 'pre_due'], [dateOf(2), 'pre_due', 'early']]);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).not.toContain('到期，应还');
    expect((await server.store.getAccount(walker.account.id))!.account.assignedTo).not.toBeNull();
  });

  it('sends a recurring text once for all the days it fell on, and dates a late letter the day it is issued', async () => {
    // Down from the morning of 2 to the morning of 9: the text fell on 4, 6 and 8; the letter on 4.
    await passAt(9);
    expect((await actions()).slice(4)).toEqual([
      [dateOf(4), 'early-sms', 'missed', 'ladder.missed_superseded'],
      [dateOf(4), 'notice', 'done', dateOf(9)],
      [dateOf(6), 'early-sms', 'missed', 'ladder.missed_superseded'],
      [dateOf(8), 'early-sms', 'done', dateOf(9)],
    ]);
    expect(texts).toHaveLength(2);
    const letters = await server.store.messaging.letters.ofAccount(walker.account.id);
    expect(letters.map((l) => [l.type, l.issuedOn])).toEqual([['cn_overdue_notice', dateOf(9)]]);
  });

  it('looks back a week at most', async () => {
    // Down from the morning of 9 to the morning of 25: the visit of 12 and the text of 11 are older than a week; the text of 21 is not.
    const pass = await passAt(25);
    expect(pass).toMatchObject({ moves: 1, done: 1, missed: 0 });
    const rules = (await actions()).slice(8);
    expect(rules).toEqual([[dateOf(21), 'late-sms', 'done', dateOf(25)]]);
    expect((await server.store.listRoutes((await server.store.ladder.fieldAgent(teamId))!))).toEqual([]);
    expect(texts).toHaveLength(3);
  });
});
