// Complaints on both stores over real HTTP (docs/complaints.md): intake with its links and the
// hold it asks for (an ordinary hold, pulled down in the compliance bucket), scope by team,
// validation at the edge, a retry recorded once, escalation, resolution with a note (the hold kept
// or lifted), the organisation's SLA, and the SLA job: a breach claimed once and alerted on the
// lead's board, on the server's (training) clock.
import { v4 as uuidv4 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Complaint, ComplaintList } from '../../shared/complaints/protocol';
import type { AccountBundle } from '../../shared/domain/portfolio';
import type { Alert } from '../../shared/presence/protocol';
import { PullResponse } from '../../shared/sync/protocol';
import { sweepBreaches } from '../../server/complaints/sla-job';
import { type ErrorBody, type TestServer, call, describeEachStore, loginAll, startTestServer } from './helpers';
import { PresenceClient } from './presence-client';

const DAY = 24 * 3_600_000;
const START = new Date('2026-03-02T02:00:00Z');

describeEachStore('complaints', (kind) => {
  let server: TestServer;
  let clock = START;
  let tokens: Record<'collector1' | 'collector2' | 'lead' | 'admin', string>;
  let ids: Record<'collector1' | 'collector2' | 'lead' | 'admin', string>;
  let cn: AccountBundle;
  const boards: PresenceClient[] = [];

  const pull = async (token: string) => PullResponse.parse((await call(server.url, '/api/sync/pull?cursor=0&limit=500', { token })).body).accounts;
  const raise = (token: string, body: Record<string, unknown>) => call<Complaint | ErrorBody>(server.url, '/api/complaints', { token, body: { requestId: uuidv4(), ...body } });
  const list = async (token: string, query = '') => ComplaintList.parse((await call(server.url, `/api/complaints${query}`, { token })).body);

  beforeAll(async () => {
    // The job is swept by hand below, and by the server every 50 ms for the board's alert.
    process.env.FAIRLINE_COMPLAINT_SWEEP_MS = '50';
    server = await startTestServer({ seedDemo: true, now: () => clock, tokenTtlMs: 60 * DAY }, kind);
    delete process.env.FAIRLINE_COMPLAINT_SWEEP_MS;
    ({ tokens, ids } = await loginAll(server.url, ['collector1', 'collector2', 'lead', 'admin'] as const));
    cn = (await pull(tokens.collector1)).find((b) => b.holds.length === 0 && b.phones.length > 0)!;
    expect(cn).toBeTruthy();
  }, 120_000);

  afterAll(async () => {
    for (const b of boards) b.ws.close();
    await server?.stop();
  });

  it('records a complaint from a call with its links, owned by the team lead, due in 15 days, and places the hold it asks for', async () => {
    clock = START;
    const requestId = uuidv4();
    const body = {
      requestId, accountId: cn.account.id, category: 'amount_disputed', source: 'call', description: '借款人称已于上月结清，金额有误',
      links: { callIds: ['call-1'], recordings: ['a'.repeat(64)], messageIds: [] }, hold: 'dispute',
    };
    const reply = await call<Complaint>(server.url, '/api/complaints', { token: tokens.collector1, body });
    expect(reply.status).toBe(200);
    const c = Complaint.parse(reply.body);
    expect(c).toMatchObject({
      accountId: cn.account.id, accountRef: cn.account.ref, category: 'amount_disputed', source: 'call', status: 'open',
      raisedBy: ids.collector1, ownerId: ids.lead, raisedAt: START.toISOString(), dueAt: new Date(START.getTime() + 15 * DAY).toISOString(),
      hold: 'dispute', holdId: `complaint-${c.id}`, links: { callIds: ['call-1'], recordings: ['a'.repeat(64)], messageIds: [] },
    });
    expect(c.events.map((e) => e.kind)).toEqual(['raised', 'hold_placed']);
    // A retry records nothing twice.
    const again = await call<Complaint>(server.url, '/api/complaints', { token: tokens.collector1, body });
    expect(again.body.id).toBe(c.id);
    expect((await list(tokens.collector1, `?accountId=${cn.account.id}`)).complaints).toHaveLength(1);
    // The hold is the account's: the agent's next pull carries it, so the console's gate refuses a call.
    const pulled = (await pull(tokens.collector1)).find((b) => b.account.id === cn.account.id)!;
    expect(pulled.holds).toEqual([expect.objectContaining({ id: c.holdId, kind: 'dispute', liftedAt: null })]);
  });

  it('refuses bad input at the edge and accounts outside the user’s scope', async () => {
    const bad = await raise(tokens.collector1, { accountId: cn.account.id, category: 'rudeness', source: 'call', description: 'x' });
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).error.code).toBe('VALIDATION');
    expect((await raise(tokens.collector1, { accountId: cn.account.id, category: 'other', source: 'call', description: '   ' })).status).toBe(400);
    expect((await raise(tokens.collector1, { accountId: cn.account.id, category: 'other', source: 'call', description: 'ok', extra: 1 })).status).toBe(400);
    expect((await call(server.url, '/api/complaints?status=closed', { token: tokens.lead })).status).toBe(400);
    // collector2 works the US team: collector1's account and its complaints are not theirs.
    const other = await raise(tokens.collector2, { accountId: cn.account.id, category: 'harassment', source: 'lead', description: 'calls every hour' });
    expect(other.status).toBe(403);
    expect((await list(tokens.collector2)).complaints).toEqual([]);
    expect((await call(server.url, `/api/complaints?accountId=${cn.account.id}`, { token: tokens.collector2 })).status).toBe(403);
    // Unsigned: 401.
    expect((await call(server.url, '/api/complaints')).status).toBe(401);
  });

  it('lists open complaints for the lead by due time; only leads escalate; the owner or a lead resolves with a note', async () => {
    const second = Complaint.parse((await raise(tokens.lead, { accountId: cn.account.id, category: 'third_party_disclosure', source: 'lead', description: 'Sister was told about the loan' })).body);
    expect(second.ownerId).toBe(ids.lead);
    const leadList = await list(tokens.lead);
    expect(leadList.slaDays).toBe(15);
    expect(leadList.complaints.map((c) => c.category)).toEqual(['amount_disputed', 'third_party_disclosure']);
    expect((await call(server.url, '/api/complaints/escalate', { token: tokens.collector1, body: { complaintId: second.id, note: 'please' } })).status).toBe(403);
    const escalated = await call<Complaint>(server.url, '/api/complaints/escalate', { token: tokens.lead, body: { complaintId: second.id, note: 'To compliance', ownerId: ids.admin } });
    expect(escalated.body).toMatchObject({ status: 'escalated', ownerId: ids.admin, escalatedAt: clock.toISOString() });
    expect((await call(server.url, '/api/complaints/resolve', { token: tokens.collector1, body: { complaintId: second.id, note: 'done' } })).status).toBe(403);
    const resolved = await call<Complaint>(server.url, '/api/complaints/resolve', { token: tokens.admin, body: { complaintId: second.id, note: 'Apologised; agent retrained' } });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'Apologised; agent retrained', resolvedBy: ids.admin });
    expect((await call(server.url, '/api/complaints/resolve', { token: tokens.admin, body: { complaintId: second.id, note: 'again' } })).status).toBe(400);
    expect((await list(tokens.lead)).complaints.map((c) => c.id)).not.toContain(second.id);
    expect((await list(tokens.lead, '?status=all')).complaints.map((c) => c.id)).toContain(second.id);
  });

  it('takes the organisation’s SLA (administrators only) for complaints raised after', async () => {
    expect((await call(server.url, '/api/complaints/settings', { method: 'PUT', token: tokens.lead, body: { slaDays: 10 } })).status).toBe(403);
    expect((await call(server.url, '/api/complaints/settings', { method: 'PUT', token: tokens.admin, body: { slaDays: 0 } })).status).toBe(400);
    expect((await call(server.url, '/api/complaints/settings', { method: 'PUT', token: tokens.admin, body: { slaDays: 10 } })).status).toBe(200);
    const c = Complaint.parse((await raise(tokens.collector1, { accountId: cn.account.id, category: 'harassment', source: 'message', description: 'Texts at night', links: { messageIds: ['m-1'] } })).body);
    expect(c.dueAt).toBe(new Date(clock.getTime() + 10 * DAY).toISOString());
    expect((await list(tokens.lead)).slaDays).toBe(10);
  });

  it('breaches on the server’s clock: claimed once, alerted on the lead’s board, and resolving keeps or lifts the hold', async () => {
    const lead = await PresenceClient.board(server.url, tokens.lead);
    boards.push(lead);
    const us = await PresenceClient.board(server.url, tokens.collector2).catch(() => null);
    if (us) boards.push(us);
    const [tenDay, first] = (await list(tokens.lead)).complaints;
    expect(tenDay!.category).toBe('harassment');
    // Day 14: the 10-day complaint is past due and alerted, the 15-day one not yet.
    clock = new Date(START.getTime() + 14 * DAY);
    await lead.next<Alert>((m) => m.type === 'alert' && m.kind === 'complaint_sla_breached' && m.detail.complaintId === tenDay!.id, 5_000);
    expect((await list(tokens.lead)).complaints.find((c) => c.id === first!.id)!.breachedAt).toBeNull();
    expect(lead.messages.some((m) => m.type === 'alert' && m.detail.complaintId === first!.id)).toBe(false);
    // Past the due time: the server's own job claims it and the lead's board hears it.
    clock = new Date(START.getTime() + 15 * DAY + 60_000);
    const alert = await lead.next<Alert>((m) => m.type === 'alert' && m.kind === 'complaint_sla_breached' && m.detail.complaintId === first!.id, 5_000);
    expect(alert).toMatchObject({ id: `complaint_sla_breached:${first!.id}`, agentId: ids.lead, accountId: cn.account.id, detail: { accountRef: cn.account.ref, category: 'amount_disputed' } });
    // A second sweep (another instance) finds nothing left to claim.
    expect(await sweepBreaches(server.store, () => clock, () => {})).toEqual([]);
    const breached = (await list(tokens.lead)).complaints.find((c) => c.id === first!.id)!;
    expect(breached.breachedAt).toBe(clock.toISOString().slice(0, 17) + breached.breachedAt!.slice(17));
    expect(breached.events.map((e) => e.kind)).toContain('sla_breached');
    // A board that connects later finds it in its snapshot.
    const late = await PresenceClient.board(server.url, tokens.lead);
    boards.push(late);
    const snapshot = late.messages.find((m) => m.type === 'snapshot')!;
    expect(snapshot.type === 'snapshot' && snapshot.alerts.map((a) => a.id)).toContain(`complaint_sla_breached:${first!.id}`);
    // Resolved with the hold lifted: the next pull has it lifted.
    const resolved = await call<Complaint>(server.url, '/api/complaints/resolve', { token: tokens.lead, body: { complaintId: first!.id, note: '核实后金额无误，已回复客户', liftHold: true } });
    expect(resolved.status).toBe(200);
    expect(resolved.body.events.map((e) => e.kind)).toEqual(['raised', 'hold_placed', 'sla_breached', 'resolved', 'hold_lifted']);
    const pulled = (await pull(tokens.collector1)).find((b) => b.account.id === cn.account.id)!;
    expect(pulled.holds.find((h) => h.id === first!.holdId)?.liftedAt).toBe(clock.toISOString());
  });
});
