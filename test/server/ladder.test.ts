// The stage ladder on both stores (docs/ladder.md): a policy imported with its errors named, a
// simulated month on the server's clock in which an account walks the ladder (a reminder text
// before the due date, a call on the due day, overdue texts, a notice letter, a field visit,
// agency placement, legal referral), each day run twice and acting once; a gate refusal recorded
// and nothing sent; the lead's preview of tomorrow, scoped to the teams they lead.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { DEFAULT_LADDER_TEMPLATES } from '../../shared/ladder/defaults';
import { LadderPreview, StageHistory } from '../../shared/ladder/protocol';
import { PullResponse } from '../../shared/sync/protocol';
import { hashPassword } from '../../server/auth/password';
import { runLadder } from '../../server/jobs/ladder';
import { LadderService } from '../../server/ladder/service';
import { MessagingService } from '../../server/messaging/service';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { bundle } from '../support/bundles';
import { type ErrorBody, type TestServer, call, describeEachStore, loginAll, startTestServer } from './helpers';

const DUE = '2026-03-10';
const DAY = 86_400_000;
/** 10:00 in Beijing on the day `dpd` days from the due date: after the policy's 09:00. */
const morningOf = (dpd: number) => new Date(Date.parse(`${DUE}T02:00:00Z`) + dpd * DAY);
const dateOf = (dpd: number) => new Date(Date.parse(`${DUE}T00:00:00Z`) + dpd * DAY).toISOString().slice(0, 10);

/** A month squeezed into the test: every step of the ladder within 31 days. */
const POLICY = {
  id: 'cn-test', version: 1, region: 'CN', title: '测试阶梯', runFromHour: 9,
  tiers: [{ id: 'small', upToMinor: 500_000 }, { id: 'large', upToMinor: null }],
  stages: [
    { id: 'pre_due', label: 'reminder', fromDpd: -7 },
    { id: 'due', label: 'reminder', fromDpd: 0 },
    { id: 'early', label: 'early', fromDpd: 1 },
    { id: 'late', label: 'late', fromDpd: 11 },
    { id: 'agency', label: 'agency', fromDpd: 21 },
    { id: 'legal', label: 'legal', fromDpd: 26, tiers: ['large'] },
  ],
  treatments: [
    { id: 'pre-due-sms', stage: 'pre_due', on: { dpd: -3 }, action: { kind: 'sms', templateId: 'cn-ladder-predue' } },
    { id: 'due-day-call', stage: 'due', on: { dpd: 0 }, action: { kind: 'call' } },
    { id: 'overdue-sms', stage: 'early', on: { fromDpd: 3, toDpd: 10, everyDays: 5 }, action: { kind: 'sms', templateId: 'cn-ladder-overdue' } },
    { id: 'overdue-notice', stage: 'early', on: { dpd: 7 }, action: { kind: 'letter', letter: 'cn_overdue_notice', language: 'zh-CN' } },
    { id: 'late-visit', stage: 'late', on: { dpd: 12 }, tiers: ['large'], action: { kind: 'visit' } },
    { id: 'agency-placement', stage: 'agency', on: { dpd: 21 }, action: { kind: 'placement', agency: '外部委托催收机构' } },
    { id: 'legal-referral', stage: 'legal', on: { dpd: 26 }, tiers: ['large'], action: { kind: 'legal_referral' } },
  ],
};

describeEachStore('the stage ladder', (kind) => {
  let server: TestServer;
  let clock = morningOf(-5);
  const texts: { to: string; text: string }[] = [];
  let ladder: LadderService;
  let tokens: Record<'collector1' | 'lead' | 'lead_other' | 'admin', string>;
  let ids: Record<'collector1' | 'lead' | 'lead_other' | 'admin', string>;
  let fieldId = '';
  const teamId = 'team-cn';
  let walker: AccountBundle;
  let ceased: AccountBundle;

  beforeAll(async () => {
    server = await startTestServer({ now: () => clock, tokenTtlMs: 60 * DAY }, kind);
    const at = clock.toISOString();
    const store = server.store;
    await store.createTeam({ id: teamId, name: '华东一组' }, at);
    await store.createTeam({ id: 'team-other', name: 'Other' }, at);
    const hash = await hashPassword(DEMO_PASSWORD);
    const user = async (username: string, role: 'collector' | 'team_lead' | 'field_agent' | 'admin', team: string | null) =>
      (await store.createUser({ id: uuidv7(), username, displayName: username, role, teamId: team, passwordHash: hash }, at)).id;
    await user('collector1', 'collector', teamId);
    const lead = await user('lead', 'team_lead', teamId);
    await store.addTeamLead(lead, teamId);
    const other = await user('lead_other', 'team_lead', 'team-other');
    await store.addTeamLead(other, 'team-other');
    fieldId = await user('field', 'field_agent', teamId);
    await user('admin', 'admin', null);
    walker = bundle(1, { dueDate: DUE, balance: 800_000, stage: 'reminder', name: '陈明' });
    walker.account.assignedTo = null;
    walker.account.teamId = teamId;
    ceased = bundle(2, { dueDate: DUE, balance: 20_000, stage: 'reminder', name: '周丽' });
    ceased.account.teamId = teamId;
    ceased.account.assignedTo = null;
    await store.insertAccounts([walker, ceased], at);
    await store.setHold({ id: 'hold-cease', accountId: ceased.account.id, kind: 'cease', note: 'asked in writing', effectiveAt: at }, at);
    ({ tokens, ids } = await loginAll(server.url, ['collector1', 'lead', 'lead_other', 'admin'] as const));
    const sms = { submit: async (to: string, text: string) => { texts.push({ to, text }); return { providerId: `smsc-${texts.length}` }; } };
    ladder = new LadderService(store, new MessagingService(store, { sms }, () => clock), () => clock);
  }, 60_000);

  afterAll(async () => { await server?.stop(); });

  it('refuses a policy file naming each bad field, and only administrators import', async () => {
    expect((await call(server.url, '/api/messages/templates', { token: tokens.admin, body: DEFAULT_LADDER_TEMPLATES })).status).toBe(200);
    const bad = {
      policies: [{
        ...POLICY, id: 'cn-bad',
        tiers: [{ id: 'large', upToMinor: null }, { id: 'small', upToMinor: 500_000 }],
        treatments: [
          { id: 'x', stage: 'overdue', on: { dpd: 1 }, action: { kind: 'sms', templateId: 'us-ladder-predue' } },
          { id: 'y', stage: 'early', on: { dpd: 2 }, action: { kind: 'letter', letter: 'validation_notice', language: 'en' } },
          { id: 'z', stage: 'early', on: { dpd: 'soon' }, action: { kind: 'call' } },
        ],
      }],
    };
    const refused = await call<ErrorBody>(server.url, '/api/ladder/policies', { token: tokens.admin, body: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues!.map((i) => i.path)).toEqual(['cn-bad@1.treatments.2.on']);
    const semantic = await call<ErrorBody>(server.url, '/api/ladder/policies', { token: tokens.admin, body: { policies: [{ ...bad.policies[0], treatments: bad.policies[0]!.treatments.slice(0, 2) }] } });
    expect(semantic.status).toBe(400);
    expect(semantic.body.error.message).toContain('Policy cn-bad@1, tiers.0.upToMinor: only the last tier may be open-ended');
    expect(semantic.body.error.message).toContain('Policy cn-bad@1, treatments.0.stage: no stage "overdue" in this policy');
    expect(semantic.body.error.message).toContain('Policy cn-bad@1, treatments.0.action.templateId: template "us-ladder-predue" is for the us-regf pack, not CN accounts');
    expect(semantic.body.error.message).toContain('Policy cn-bad@1, treatments.1.action.letter: a validation_notice is not a letter for CN accounts');
    expect((await call(server.url, '/api/ladder/policies', { token: tokens.lead, body: { policies: [POLICY] } })).status).toBe(403);
    const ok = await call<{ added: string[] }>(server.url, '/api/ladder/policies', { token: tokens.admin, body: { policies: [POLICY] } });
    expect(ok.body).toEqual({ added: ['cn-test@1'], skipped: [] });
    const inForce = await call<{ policies: { id: string }[] }>(server.url, '/api/ladder/policies', { token: tokens.lead });
    expect(inForce.body.policies.map((p) => p.id)).toEqual(['cn-test', 'us-default']);
  });

  it('previews tomorrow for the lead of the team only, with the rule and the gate’s refusals', async () => {
    clock = morningOf(-5);
    const preview = async (token: string, query: string) => call<LadderPreview | ErrorBody>(server.url, `/api/ladder/preview?${query}`, { token });
    const tomorrow = await preview(tokens.lead, `date=${dateOf(-3)}`);
    expect(tomorrow.status).toBe(200);
    const items = LadderPreview.parse(tomorrow.body).items;
    const w = items.find((i) => i.accountId === walker.account.id)!;
    expect(w.move).toEqual({ from: null, to: 'pre_due', label: 'reminder', rule: 'stage:pre_due' });
    expect(w.treatments).toEqual([{ rule: 'pre-due-sms', kind: 'sms', detail: 'cn-ladder-predue', refusals: [] }]);
    const c = items.find((i) => i.accountId === ceased.account.id)!;
    expect(c.treatments[0]!.refusals.map((r) => r.rule)).toContain('cn.hold.cease');
    // With what the console words it by: the gate's message key, its values and its source.
    expect(c.treatments[0]!.refusals.find((r) => r.rule === 'cn.hold.cease')).toMatchObject({ messageKey: 'hold.cease', params: { since: expect.any(String) }, source: expect.stringMatching(/\S/) });
    // Another team's lead sees nothing of this team and may not ask for it; agents may not ask at all.
    expect(LadderPreview.parse((await preview(tokens.lead_other, `date=${dateOf(-3)}`)).body).items).toEqual([]);
    expect((await preview(tokens.lead_other, `date=${dateOf(-3)}&teamId=${teamId}`)).status).toBe(403);
    expect((await preview(tokens.collector1, `date=${dateOf(-3)}`)).status).toBe(403);
    expect(LadderPreview.parse((await preview(tokens.admin, `date=${dateOf(-3)}`)).body).items).toHaveLength(2);
    expect((await preview(tokens.lead, 'date=tomorrow')).status).toBe(400);
  });

  it('walks an account down the ladder over a month, each day run twice and acting once', async () => {
    for (let dpd = -5; dpd <= 25; dpd++) {
      clock = morningOf(dpd);
      const first = await runLadder(ladder, { info: () => {} });
      const again = await runLadder(ladder, { info: () => {} });
      expect(again, `day ${dpd}: the second run did something`).toMatchObject({ moves: 0, done: 0, refused: 0, failed: 0 });
      expect(first.failed, `day ${dpd}`).toBe(0);
    }
    const history = StageHistory.parse((await call(server.url, `/api/ladder/history?accountId=${walker.account.id}`, { token: tokens.lead })).body);
    expect(history.moves.map((m) => [m.date, m.from, m.to, m.rule])).toEqual([
      [dateOf(-5), null, 'pre_due', 'stage:pre_due'],
      [dateOf(0), 'pre_due', 'due', 'stage:due'],
      [dateOf(1), 'due', 'early', 'stage:early'],
      [dateOf(11), 'early', 'late', 'stage:late'],
      [dateOf(21), 'late', 'agency', 'stage:agency'],
    ]);
    expect(history.actions.map((a) => [a.date, a.rule, a.status])).toEqual([
      [dateOf(-3), 'pre-due-sms', 'done'],
      [dateOf(0), 'due-day-call', 'done'],
      [dateOf(3), 'overdue-sms', 'done'],
      [dateOf(7), 'overdue-notice', 'done'],
      [dateOf(8), 'overdue-sms', 'done'],
      [dateOf(12), 'late-visit', 'done'],
      [dateOf(21), 'agency-placement', 'done'],
    ]);
    // The texts went out once each, to the debtor's mobile, in the template's words.
    const mine = texts.filter((t) => t.to === walker.phones[0]!.number);
    expect(mine).toHaveLength(3);
    expect(mine[0]!.text).toContain('将于2026年3月10日到期');
    // The due-day call put the account in the team's collector's queue; the visit put it on the field
    // agent's route that day (and so in their hands, as a route does).
    expect(history.actions.find((a) => a.rule === 'due-day-call')!.detail).toEqual({ assignedTo: ids.collector1 });
    expect((await server.store.listRoutes(fieldId)).find((r) => r.date === dateOf(12))!.accountIds).toContain(walker.account.id);
    expect((await server.store.getAccount(walker.account.id))!.account.assignedTo).toBe(fieldId);
    const letters = await server.store.messaging.letters.ofAccount(walker.account.id);
    expect(letters.map((l) => [l.type, l.issuedOn, l.userId])).toEqual([['cn_overdue_notice', dateOf(7), 'ladder']]);
  }, 120_000);

  it('reaches legal referral for a large balance, and the agent’s console gets the stage and its history', async () => {
    clock = morningOf(26);
    await runLadder(ladder, { info: () => {} });
    const { tokens: field } = await loginAll(server.url, ['field'] as const);
    const history = StageHistory.parse((await call(server.url, `/api/ladder/history?accountId=${walker.account.id}`, { token: field.field })).body);
    expect(history.stage).toBe('legal');
    expect((await call(server.url, `/api/ladder/history?accountId=${walker.account.id}`, { token: tokens.collector1 })).status).toBe(403);
    expect(history.actions.at(-1)).toMatchObject({ date: dateOf(26), rule: 'legal-referral', status: 'done' });
    const pulled = PullResponse.parse((await call(server.url, '/api/sync/pull?cursor=0&limit=50', { token: field.field })).body).accounts;
    const mine = pulled.find((b) => b.account.id === walker.account.id)!;
    expect(mine.debts[0]!.stage).toBe('legal');
    expect(mine.history.filter((h) => h.actor === 'ladder').map((h) => h.note)).toEqual([
      '— → pre_due · stage:pre_due', 'pre_due → due · stage:due', 'due → early · stage:early', 'early → late · stage:late',
      'late → agency · stage:agency', 'agency → legal · stage:legal',
    ]);
  });

  it('records the gate’s refusal under a cease hold and sends nothing', async () => {
    const history = StageHistory.parse((await call(server.url, `/api/ladder/history?accountId=${ceased.account.id}`, { token: tokens.lead })).body);
    const sms = history.actions.find((a) => a.rule === 'pre-due-sms')!;
    expect(sms.status).toBe('refused');
    expect((sms.detail.refusals as { rule: string }[]).map((r) => r.rule)).toContain('cn.hold.cease');
    expect(history.actions.find((a) => a.rule === 'due-day-call')).toMatchObject({ status: 'refused', detail: { refusals: [{ rule: 'hold.cease' }] } });
    expect(texts.filter((t) => t.to === ceased.phones[0]!.number)).toEqual([]);
    const messages = await server.store.messaging.messagesOf(ceased.account.id);
    expect(messages.map((m) => m.status)).toEqual(['refused', 'refused', 'refused']);
    // The small balance stays at agency: legal is for the large tier.
    expect(history.stage).toBe('agency');
    expect((await server.store.getAccount(ceased.account.id))!.account.assignedTo).toBeNull();
  });
});
