// Reports reconcile with the log (docs/reports.md): events pushed by two agents over three days
// (calls, wrap-ups with promises and plans, gate refusals), payments, complaints and messages are
// seeded; then every figure is recomputed here from the raw rows (events, history, complaints,
// messages, users, accounts) and compared with GET /api/reports, grouped every way, for a lead and
// an administrator, on both stores. Also: scope (a lead's other teams, collectors) and validation.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import { PullResponse } from '../../shared/sync/protocol';
import { dayToIsoDate, isoDateToDay, startOfLocalDay } from '../../shared/compliance/time';
import { promiseDeadline } from '../../shared/wrapup/promise';
import {
  type ReportDimension, type ReportFigures, type ReportKey, ReportResponse, RIGHT_PARTY_OUTCOMES, emptyReportFigures, keptRate,
} from '../../shared/reports/protocol';
import { type ErrorBody, type TestServer, addUsLead, call, describeEachStore, loginAll, startTestServer } from './helpers';

const START = new Date('2026-03-10T04:00:00Z');
const TZ = 'Asia/Shanghai';
const FROM = '2026-03-08';
const TO = '2026-03-10';
const STAGES = ['reminder', 'early', 'late', 'agency', 'legal'];

type Users = 'collector1' | 'collector2' | 'lead' | 'admin' | 'lead_us';

describeEachStore('reports', (kind) => {
  let server: TestServer;
  let tokens: Record<Users, string>;
  let ids: Record<Users, string>;
  let cn: AccountBundle[];
  let us: AccountBundle[];

  const pull = async (token: string) => PullResponse.parse((await call(server.url, '/api/sync/pull?cursor=0&limit=500', { token })).body).accounts;
  const seqs: Record<string, number> = {};
  const push = async (who: 'collector1' | 'collector2', events: { accountId: string | null; at: string; body: EventBody }[]) => {
    const deviceId = `device-${who}`;
    const list: ClientEvent[] = events.map((e) => ({
      id: uuidv7(), deviceId, seq: (seqs[deviceId] = (seqs[deviceId] ?? 0) + 1), userId: ids[who], accountId: e.accountId, deviceTime: e.at, body: e.body,
    }));
    const reply = await call(server.url, '/api/sync/push', { token: tokens[who], body: { deviceId, events: list } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  };
  const attempt = (callId: string, startedAt: string, result: 'answered' | 'no_answer', direction: 'outbound' | 'inbound' = 'outbound', answeredBy?: 'human' | 'machine'): EventBody => ({
    type: 'call.attempt', callId, direction, phoneId: null, partyId: null, number: '+8613800000000', result, startedAt,
    answeredAt: result === 'answered' ? startedAt : null, endedAt: startedAt, sipStatus: 200, recording: null,
    ...(answeredBy ? { answering: { verdict: answeredBy, reason: answeredBy === 'machine' ? 'long-greeting' : 'short-greeting', decidedAfterMs: 2400, method: 'vad' } } : {}),
  });
  const outcome = (callId: string, code: string, extra: { promise?: { amountMinor: number; dueDate: string }; plan?: { totalMinor: number } } = {}): EventBody => ({
    type: 'call.outcome', callId, phoneId: null, partyId: null, packId: 'cn', outcome: code, contact: 'conversation', hold: null,
    promise: extra.promise ?? null,
    plan: extra.plan ? { totalMinor: extra.plan.totalMinor, frequency: 'monthly', instalments: [{ amountMinor: extra.plan.totalMinor, dueDate: '2026-04-10' }] } : null,
    callback: null, note: '', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null,
  });
  const decision = (kind: 'allow' | 'block', rules: { rule: string; severity: 'block' | 'warn' }[]): EventBody => ({
    type: 'compliance.decision', phoneId: 'p', partyId: 'q', decision: kind, action: kind === 'block' ? 'refused' : 'dial', packId: 'cn', packVersion: '1', allowedFrom: null,
    reasons: rules.map((r) => ({ ...r, source: 'test' })),
  });

  beforeAll(async () => {
    let clock = START;
    server = await startTestServer({ seedDemo: true, now: () => clock, tokenTtlMs: 30 * 86_400_000 }, kind);
    await addUsLead(server.store);
    ({ tokens, ids } = await loginAll(server.url, ['collector1', 'collector2', 'lead', 'admin', 'lead_us'] as const));
    cn = (await pull(tokens.collector1)).slice(0, 4);
    us = (await pull(tokens.collector2)).slice(0, 3);
    expect(cn.length).toBe(4);
    expect(us.length).toBe(3);
    const [c0, c1, c2, c3] = cn.map((b) => b.account.id) as [string, string, string, string];
    const [u0, u1] = us.map((b) => b.account.id) as [string, string];
    const rpc = RIGHT_PARTY_OUTCOMES[0]!;
    // Day 1 (08 Mar, Shanghai): 23:30 on 07 Mar UTC is 07:30 on the 8th there.
    await push('collector1', [
      { accountId: c0, at: '2026-03-07T23:31:00+00:00', body: attempt('k1', '2026-03-07T23:30:00Z', 'answered') },
      { accountId: c0, at: '2026-03-07T23:35:00Z', body: outcome('k1', 'promise_to_pay', { promise: { amountMinor: 50_000, dueDate: '2026-03-09' } }) },
      { accountId: c1, at: '2026-03-08T02:00:00+08:00', body: attempt('k2', '2026-03-08T01:59:00+08:00', 'no_answer') },
      // Before the range in Shanghai (15:59 UTC on the 7th is 23:59 on the 7th): not counted.
      { accountId: c1, at: '2026-03-07T15:59:00Z', body: attempt('k0', '2026-03-07T15:59:00Z', 'answered') },
      { accountId: c1, at: '2026-03-08T03:00:00Z', body: decision('block', [{ rule: 'cn.quiet_hours', severity: 'block' }, { rule: 'cn.daily_cap', severity: 'block' }, { rule: 'cn.warn_only', severity: 'warn' }]) },
      { accountId: c1, at: '2026-03-08T03:05:00Z', body: decision('allow', []) },
      { accountId: c2, at: '2026-03-08T05:00:00Z', body: attempt('k3', '2026-03-08T05:00:00Z', 'answered', 'inbound') },
      { accountId: c2, at: '2026-03-08T05:10:00Z', body: outcome('k3', rpc, { plan: { totalMinor: 120_000 } }) },
    ]);
    // Day 2 and 3: more promises (one kept in part, one kept in full, one not yet due), refusals.
    await push('collector1', [
      { accountId: c1, at: '2026-03-09T02:00:00Z', body: attempt('k4', '2026-03-09T02:00:00Z', 'answered') },
      { accountId: c1, at: '2026-03-09T02:10:00Z', body: outcome('k4', 'promise_to_pay', { promise: { amountMinor: 30_000, dueDate: '2026-03-09' } }) },
      { accountId: c3, at: '2026-03-10T01:00:00Z', body: attempt('k5', '2026-03-10T01:00:00Z', 'answered', 'outbound', 'human') },
      // A voicemail picked up: an attempt, not a connect.
      { accountId: c3, at: '2026-03-10T00:50:00Z', body: attempt('k7', '2026-03-10T00:50:00Z', 'answered', 'outbound', 'machine') },
      { accountId: c3, at: '2026-03-10T01:05:00Z', body: outcome('k5', 'promise_to_pay', { promise: { amountMinor: 80_000, dueDate: '2026-03-20' } }) },
      { accountId: null, at: '2026-03-10T01:06:00Z', body: decision('block', [{ rule: 'cn.quiet_hours', severity: 'block' }]) },
      { accountId: c3, at: '2026-03-10T01:07:00Z', body: outcome('k6', 'wrong_number') },
    ]);
    await push('collector2', [
      { accountId: u0, at: '2026-03-08T14:00:00Z', body: attempt('m1', '2026-03-08T14:00:00Z', 'answered') },
      { accountId: u0, at: '2026-03-08T14:05:00Z', body: outcome('m1', 'promise_to_pay', { promise: { amountMinor: 9_999, dueDate: '2026-03-09' } }) },
      { accountId: u1, at: '2026-03-09T14:00:00Z', body: attempt('m2', '2026-03-09T14:00:00Z', 'no_answer') },
      { accountId: u1, at: '2026-03-09T14:01:00Z', body: decision('block', [{ rule: 'us.reg_f_7_in_7', severity: 'block' }]) },
    ]);
    // Payments: c0 paid 20 000 then 30 000 by its due day (kept); c1 paid 10 000 (not kept, due
    // passed); c3 paid in full early (kept before its day); u0 paid after its deadline (broken).
    const pay = (accountId: string, amountMinor: number, paidAt: string) => server.store.recordPayment({ id: uuidv7(), accountId, amountMinor, paidAt, note: '' }, START.toISOString());
    await pay(c0, 20_000, '2026-03-08T06:00:00.000Z');
    await pay(c0, 30_000, '2026-03-09T10:00:00.000Z');
    await pay(c1, 10_000, '2026-03-09T03:00:00.000Z');
    await pay(c3, 90_000, '2026-03-10T02:00:00.000Z');
    await pay(u0, 9_999, '2026-03-11T12:00:00.000Z');
    // Complaints: one by the agent, one by the lead.
    for (const [who, accountId, at] of [['collector1', c0, '2026-03-08T04:00:00Z'], ['lead', c1, '2026-03-09T04:00:00Z'], ['collector2', u0, '2026-03-10T03:00:00Z']] as const) {
      clock = new Date(at);
      const reply = await call(server.url, '/api/complaints', {
        token: tokens[who], body: { requestId: uuidv7(), accountId, category: 'other', source: who === 'lead' ? 'lead' : 'call', description: '投诉，"测试"', links: { callIds: [], recordings: [], messageIds: [] }, hold: null },
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    }
    clock = START;
    // Messages: sent and delivered, sent only, refused.
    const decisionJson = { decision: 'allow' as const, packId: 'cn', packVersion: '1', evaluatedAt: START.toISOString(), allowedFrom: null, reasons: [] };
    const message = async (who: 'collector1' | 'collector2', accountId: string, at: string, fate: 'delivered' | 'submitted' | 'refused') => {
      const id = uuidv7();
      await server.store.messaging.claimMessage({
        id, requestId: uuidv7(), accountId, partyId: 'x', userId: ids[who], channel: 'sms', to: '+8613800000000', templateId: 't', templateVersion: 1,
        subject: null, body: '您好', status: fate === 'refused' ? 'refused' : 'requested', decision: decisionJson as never, createdAt: at,
      }, [{ kind: fate === 'refused' ? 'refused' : 'requested', detail: {} }]);
      if (fate === 'refused') return;
      await server.store.messaging.submitted(id, accountId, `smsc-${id}`, at, {});
      if (fate === 'delivered') await server.store.messaging.appendEvent({ messageId: id, accountId, kind: 'delivered', at, detail: {} });
    };
    await message('collector1', c0, '2026-03-08T02:00:00.000Z', 'delivered');
    await message('collector1', c1, '2026-03-09T02:00:00.000Z', 'submitted');
    await message('collector1', c1, '2026-03-09T02:30:00.000Z', 'refused');
    await message('collector2', u0, '2026-03-10T02:00:00.000Z', 'delivered');
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  // ---- the independent recomputation --------------------------------------------------------

  interface Raw {
    events: { user_id: string; account_id: string | null; device_time: string; type: string; body: string }[];
    users: { id: string; team_id: string | null; display_name: string }[];
    teams: { id: string; name: string }[];
    leads: { user_id: string; team_id: string }[];
    accounts: { id: string; region: string; currency: string; time_zone: string }[];
    debts: { account_id: string; stage: string }[];
    payments: { account_id: string; at: string; amount_minor: number | string }[];
    complaints: { raised_by: string; account_id: string; raised_at: string }[];
    messages: { id: string; user_id: string; account_id: string; created_at: string }[];
    messageEvents: { message_id: string | null; kind: string }[];
  }
  const raw = async (): Promise<Raw> => {
    const q = <T,>(s: string) => server.database.query<T>(s);
    return {
      events: await q('select user_id, account_id, device_time, type, body from events'),
      users: await q('select id, team_id, display_name from users'),
      teams: await q('select id, name from teams'),
      leads: await q('select user_id, team_id from team_leads'),
      accounts: await q('select id, region, currency, time_zone from accounts'),
      debts: await q('select account_id, stage from debts'),
      payments: await q("select account_id, at, amount_minor from history where kind = 'payment'"),
      complaints: await q('select raised_by, account_id, raised_at from complaints'),
      messages: await q('select id, user_id, account_id, created_at from messages'),
      messageEvents: await q('select message_id, kind from message_events'),
    };
  };

  function expected(r: Raw, groupBy: ReportDimension[], viewer: { role: 'admin' } | { role: 'team_lead'; id: string }, teamId: string | null, now: Date) {
    const users = new Map(r.users.map((u) => [u.id, u]));
    const teams = new Map(r.teams.map((t) => [t.id, t.name]));
    const accounts = new Map(r.accounts.map((a) => [a.id, a]));
    const led = new Set(viewer.role === 'team_lead' ? r.leads.filter((l) => l.user_id === viewer.id).map((l) => l.team_id) : []);
    const stage = (accountId: string | null) => {
      const ranks = r.debts.filter((d) => d.account_id === accountId).map((d) => STAGES.indexOf(d.stage));
      return ranks.length ? STAGES[Math.max(...ranks)]! : null;
    };
    const first = startOfLocalDay(isoDateToDay(FROM), TZ);
    const end = startOfLocalDay(isoDateToDay(TO) + 1, TZ);
    const dayOf = (ms: number): string | null => {
      if (ms < first || ms >= end) return null;
      for (let d = isoDateToDay(FROM); ; d++) if (ms < startOfLocalDay(d + 1, TZ)) return dayToIsoDate(d);
    };
    const rows = new Map<string, ReportFigures & { key: ReportKey }>();
    const fig = (userId: string, accountId: string | null, at: string): ReportFigures | null => {
      const day = dayOf(Date.parse(at));
      const user = users.get(userId)!;
      if (day === null) return null;
      if (viewer.role === 'team_lead' && (user.team_id === null || !led.has(user.team_id))) return null;
      if (teamId !== null && user.team_id !== teamId) return null;
      const key: ReportKey = {};
      const account = accountId ? accounts.get(accountId) : undefined;
      for (const d of groupBy) {
        if (d === 'agent') { key.agentId = userId; key.agentName = user.display_name; }
        if (d === 'team') { key.teamId = user.team_id; key.teamName = user.team_id ? teams.get(user.team_id)! : null; }
        if (d === 'region') key.region = account?.region ?? null;
        if (d === 'stage') key.stage = account ? stage(account.id) : null;
        if (d === 'day') key.day = day;
      }
      const id = JSON.stringify(key);
      if (!rows.has(id)) rows.set(id, { key, ...emptyReportFigures() });
      return rows.get(id)!;
    };
    const add = (m: Record<string, number>, k: string, v: number) => { m[k] = (m[k] ?? 0) + v; };
    for (const e of r.events) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the raw JSON, read field by field as the server's SQL does
      const body = JSON.parse(e.body) as Record<string, any>;
      const currency = (e.account_id && accounts.get(e.account_id)?.currency) || 'unknown';
      if (e.type === 'call.attempt') {
        const f = fig(e.user_id, e.account_id, body.startedAt);
        if (f && body.direction === 'outbound') { f.attempts++; if (body.result === 'answered' && body.answering?.verdict !== 'machine') f.connects++; }
      }
      if (e.type === 'call.outcome' && RIGHT_PARTY_OUTCOMES.includes(body.outcome)) { const f = fig(e.user_id, e.account_id, e.device_time); if (f) f.rightPartyContacts++; }
      if ((e.type === 'compliance.decision' && body.decision === 'block') || e.type === 'visit.refused') {
        const f = fig(e.user_id, e.account_id, e.device_time);
        if (f) {
          f.blocks++;
          for (const reason of body.reasons) if (reason.severity === 'block') add(f.blocksByRule, reason.rule, 1);
        }
      }
      if (e.type === 'call.outcome' || e.type === 'visit.outcome') {
        const f = fig(e.user_id, e.account_id, e.device_time);
        if (!f) continue;
        if (body.plan) { f.plans++; add(f.planMinor, currency, body.plan.totalMinor); }
        if (body.promise) {
          f.promises++;
          add(f.promisedMinor, currency, body.promise.amountMinor);
          const account = e.account_id ? accounts.get(e.account_id) : undefined;
          if (!account) continue;
          const deadline = promiseDeadline(body.promise.dueDate, account.time_zone);
          const made = Date.parse(e.device_time);
          const paid = r.payments.filter((p) => p.account_id === account.id).map((p) => ({ at: Date.parse(p.at), amount: Number(p.amount_minor) }))
            .filter((p) => p.at >= made && p.at < deadline && p.at <= now.getTime()).reduce((s, p) => s + p.amount, 0);
          const kept = paid >= body.promise.amountMinor;
          if (kept) f.promisesKept++;
          if (kept || deadline <= now.getTime()) f.promisesDue++;
          add(f.paidMinor, currency, Math.min(paid, body.promise.amountMinor));
        }
      }
    }
    for (const c of r.complaints) { const f = fig(c.raised_by, c.account_id, c.raised_at); if (f) f.complaints++; }
    for (const m of r.messages) {
      const f = fig(m.user_id, m.account_id, m.created_at);
      if (!f) continue;
      if (r.messageEvents.some((x) => x.message_id === m.id && x.kind === 'submitted')) f.messagesSent++;
      if (r.messageEvents.some((x) => x.message_id === m.id && x.kind === 'delivered')) f.messagesDelivered++;
    }
    return new Map([...rows].map(([k, v]) => [k, { ...v, keptRate: keptRate(v) }]));
  }

  const report = (token: string, groupBy: string, extra = '') =>
    call<ReportResponse | ErrorBody>(server.url, `/api/reports?from=${FROM}&to=${TO}&tz=${encodeURIComponent(TZ)}&groupBy=${groupBy}${extra}`, { token });

  const cases: { as: 'lead' | 'admin' | 'lead_us'; groupBy: ReportDimension[]; team?: 'cn' | 'us' }[] = [
    { as: 'admin', groupBy: ['agent'] },
    { as: 'admin', groupBy: ['team', 'day'] },
    { as: 'admin', groupBy: ['region'] },
    { as: 'admin', groupBy: ['stage', 'agent'] },
    { as: 'admin', groupBy: ['day'], team: 'us' },
    { as: 'lead', groupBy: ['agent', 'day'] },
    { as: 'lead_us', groupBy: ['agent'] },
  ];
  for (const c of cases) {
    it(`reconciles with the raw log: ${c.as}, by ${c.groupBy.join(' and ')}${c.team ? `, team ${c.team}` : ''}`, async () => {
      const users = await server.database.query<{ id: string; team_id: string }>("select id, team_id from users where role = 'collector'");
      const teamId = c.team ? users.find((u) => u.id === ids[c.team === 'cn' ? 'collector1' : 'collector2'])!.team_id : null;
      const reply = await report(tokens[c.as], c.groupBy.join(','), teamId ? `&teamId=${teamId}` : '');
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const got = ReportResponse.parse(reply.body);
      const want = expected(await raw(), c.groupBy, c.as === 'admin' ? { role: 'admin' } : { role: 'team_lead', id: ids[c.as] }, teamId, START);
      const byKey = new Map(got.rows.map((r) => [JSON.stringify(Object.fromEntries(c.groupBy.flatMap((d) => keyFields(d).map((f) => [f, r.key[f] ?? null])))), r]));
      const wantByKey = new Map([...want].map(([, v]) => [JSON.stringify(Object.fromEntries(c.groupBy.flatMap((d) => keyFields(d).map((f) => [f, v.key[f] ?? null])))), v]));
      expect([...byKey.keys()].sort()).toEqual([...wantByKey.keys()].sort());
      for (const [k, w] of wantByKey) {
        const { key: _k1, ...g } = byKey.get(k)!;
        const { key: _k2, ...x } = w;
        expect(g, k).toEqual(x);
      }
      // Something was seeded into every figure this report can see.
      if (c.as === 'admin' && !c.team) {
        const t = got.total;
        for (const f of ['attempts', 'connects', 'rightPartyContacts', 'promises', 'promisesDue', 'promisesKept', 'plans', 'blocks', 'complaints', 'messagesSent', 'messagesDelivered'] as const) expect(t[f], f).toBeGreaterThan(0);
        expect(t.blocksByRule['cn.quiet_hours']).toBeGreaterThanOrEqual(2);
        expect(t.blocksByRule['cn.warn_only']).toBeUndefined();
      }
    });
  }

  it('gives the seeded figures exactly where they are known (collector1, by agent, admin)', async () => {
    const got = ReportResponse.parse((await report(tokens.admin, 'agent')).body);
    const c1 = got.rows.find((r) => r.key.agentId === ids.collector1)!;
    // k1, k4, k5 outbound; k0 before the range; k3 inbound.
    expect(c1.attempts).toBeGreaterThanOrEqual(4);
    expect(c1.promisedMinor.CNY).toBeGreaterThanOrEqual(160_000);
    expect(c1.complaints).toBe(1);
    expect(c1.messagesSent).toBe(2);
    expect(c1.messagesDelivered).toBe(1);
  });

  it('refuses collectors, teams a lead does not lead, and bad queries', async () => {
    expect((await report(tokens.collector1, 'agent')).status).toBe(403);
    const cnTeam = (await server.database.query<{ team_id: string }>(`select team_id from users where id = '${ids.collector1}'`))[0]!.team_id;
    const refused = await report(tokens.lead_us, 'agent', `&teamId=${cnTeam}`);
    expect(refused.status).toBe(403);
    expect((refused.body as ErrorBody).error.code).toBe('FORBIDDEN');
    const narrowed = await report(tokens.lead, 'agent', `&teamId=${cnTeam}`);
    expect(narrowed.status).toBe(200);
    expect(ReportResponse.parse(narrowed.body).teams.map((t) => t.id)).toContain(cnTeam);
    expect(ReportResponse.parse((await report(tokens.lead_us, 'agent')).body).teams.map((t) => t.id)).not.toContain(cnTeam);
    for (const bad of ['agent,agent', 'colour', 'agent,day,team', '']) expect((await report(tokens.admin, bad)).status, bad).toBe(400);
    expect((await call(server.url, `/api/reports?from=${TO}&to=${FROM}&tz=UTC&groupBy=day`, { token: tokens.admin })).status).toBe(400);
    expect((await call(server.url, '/api/reports?from=2025-01-01&to=2026-03-01&tz=UTC&groupBy=day', { token: tokens.admin })).status).toBe(400);
    expect((await call(server.url, `/api/reports?from=${FROM}&to=${TO}&tz=Mars/Olympus&groupBy=day`, { token: tokens.admin })).status).toBe(400);
    expect((await call(server.url, `/api/reports?from=${FROM}&to=${TO}&tz=UTC&groupBy=day&extra=1`, { token: tokens.admin })).status).toBe(400);
    expect((await call(server.url, `/api/reports?from=${FROM}&to=${TO}&tz=UTC&groupBy=day`)).status).toBe(401);
  });
});

function keyFields(d: ReportDimension): (keyof ReportKey)[] {
  switch (d) {
    case 'agent': return ['agentId', 'agentName'];
    case 'team': return ['teamId', 'teamName'];
    default: return [d];
  }
}
