// Placement with an outside agency on both stores (docs/ladder.md "Agencies"): the policy names the
// agency's team and the import refuses an unknown or in-house team by the field; the ladder's
// placement hands the account to the agency's collector, whose console pulls it while ours drops
// it; the agency sees nothing else (pull, account routes); what the agency pushes lands, attributed
// and chained in the audit log, and our administrators see it; recall by the admin CLI hands it back.
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { hashPassword } from '../../server/auth/password';
import { runLadder } from '../../server/jobs/ladder';
import { LadderService } from '../../server/ladder/service';
import { MessagingService } from '../../server/messaging/service';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import type { EventBody } from '../../shared/domain/events';
import { PullResponse } from '../../shared/sync/protocol';
import { bundle } from '../support/bundles';
import { type ErrorBody, type TestServer, call, clientEvent, describeEachStore, loginAll, startTestServer, tempDir } from './helpers';

const DUE = '2026-03-10';
const DAY = 86_400_000;
const morningOf = (dpd: number) => new Date(Date.parse(`${DUE}T02:00:00Z`) + dpd * DAY);

const policy = (team: string) => ({
  id: 'cn-agency', version: 1, region: 'CN', title: '委外', runFromHour: 9,
  tiers: [{ id: 'all', upToMinor: null }],
  stages: [{ id: 'early', label: 'early', fromDpd: 1 }, { id: 'agency', label: 'agency', fromDpd: 30 }],
  treatments: [{ id: 'agency-placement', stage: 'agency', on: { dpd: 30 }, action: { kind: 'placement', agency: '远方催收', team } }],
});

/** A call on the account with a recording of `bytes`. */
function recordedCall(callId: string, bytes: Buffer): EventBody {
  const at = morningOf(29).toISOString();
  return {
    type: 'call.attempt', callId, direction: 'outbound', phoneId: null, partyId: null, number: '+8613800000000', result: 'answered',
    startedAt: at, answeredAt: at, endedAt: at, sipStatus: 200,
    recording: { file: `/data/recordings/${callId}.webm`, sha256: createHash('sha256').update(bytes).digest('hex'), durationMs: 1000 },
  };
}

describeEachStore('placement with an outside agency', (kind) => {
  let server: TestServer;
  const blobs = tempDir();
  const recordings = { placed: Buffer.from('recording of the placed account'), kept: Buffer.from('recording of an account we keep') };
  const shaOf = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const download = async (b: Buffer, token: string) => (await fetch(`${server.url}/api/blobs/${shaOf(b)}`, { headers: { authorization: `Bearer ${token}` } })).status;
  let clock = morningOf(29);
  let ladder: LadderService;
  const ours = 'team-ours';
  let agencyId = '';
  let tokens: Record<'collector1' | 'lead' | 'admin' | 'ag_collector' | 'ag_lead', string>;
  let ids: Record<'collector1' | 'lead' | 'admin' | 'ag_collector' | 'ag_lead', string>;
  const placed = bundle(1, { dueDate: DUE, balance: 300_000, stage: 'early', name: '陈明' });
  const kept = bundle(2, { dueDate: '2026-04-20', balance: 100_000, stage: 'early', name: '周丽' });
  let out: string[] = [];
  let err: string[] = [];
  const admin = (...argv: string[]) => {
    out = []; err = [];
    const db = server.database.location.databaseFile ?? server.database.location.databaseUrl!;
    const io: AdminIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: { USER: 'ops' }, now: () => clock };
    return runAdmin([...argv, '--db', db], io);
  };
  const pull = async (token: string) => PullResponse.parse((await call(server.url, '/api/sync/pull?cursor=0&limit=100', { token })).body);

  beforeAll(async () => {
    server = await startTestServer({ now: () => clock, tokenTtlMs: 60 * DAY, blobDir: blobs.dir }, kind);
    const store = server.store;
    const at = clock.toISOString();
    await store.createTeam({ id: ours, name: '华东一组' }, at);
    const hash = await hashPassword(DEMO_PASSWORD);
    const user = async (username: string, role: 'collector' | 'team_lead' | 'admin', team: string | null) =>
      (await store.createUser({ id: uuidv7(), username, displayName: username, role, teamId: team, passwordHash: hash }, at)).id;
    const c1 = await user('collector1', 'collector', ours);
    await store.addTeamLead(await user('lead', 'team_lead', ours), ours);
    await user('admin', 'admin', null);
    for (const b of [placed, kept]) { b.account.teamId = ours; b.account.assignedTo = c1; }
    await store.insertAccounts([placed, kept], at);
    // The agency and its people, by the admin CLI.
    expect(await admin('agency', 'create', '--name', '远方催收')).toBe(0);
    agencyId = /\(([^)]+)\)/.exec(out[0]!)![1]!;
    expect(await admin('agency', 'user', '远方催收', '--username', 'ag_collector', '--name', '远方一号', '--role', 'collector', '--password', DEMO_PASSWORD)).toBe(0);
    expect(await admin('agency', 'user', '远方催收', '--username', 'ag_lead', '--name', '远方组长', '--role', 'team_lead', '--password', DEMO_PASSWORD)).toBe(0);
    expect(await admin('agency', 'user', '华东一组', '--username', 'x', '--role', 'collector')).toBe(1);
    expect(err[0]).toBe('Error: Team "华东一组" is one of ours, not an outside agency');
    ({ tokens, ids } = await loginAll(server.url, ['collector1', 'lead', 'admin', 'ag_collector', 'ag_lead'] as const));
    ladder = new LadderService(store, new MessagingService(store, {}, () => clock), () => clock);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    blobs.remove();
  });

  it('refuses a placement naming an unknown team or one of ours, by the field', async () => {
    for (const [team, message] of [
      ['no-such-team', 'Policy cn-agency@1, treatments.0.action.team: no team "no-such-team" on this server'],
      [ours, `Policy cn-agency@1, treatments.0.action.team: team "华东一组" (${ours}) is one of ours, not an outside agency`],
    ] as const) {
      const refused = await call<ErrorBody>(server.url, '/api/ladder/policies', { token: tokens.admin, body: { policies: [policy(team)] } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(message);
      expect(refused.body.error.issues!.map((i) => i.path)).toEqual(['cn-agency@1.treatments.0.action.team']);
    }
    const ok = await call<{ added: string[] }>(server.url, '/api/ladder/policies', { token: tokens.admin, body: { policies: [policy(agencyId)] } });
    expect(ok.body.added).toEqual(['cn-agency@1']);
  });

  it('keeps the transfer directory on each side: the agency sees its own staff, ours never see theirs', async () => {
    type Directory = { colleagues: { userId: string }[] };
    const theirs = (await call<Directory>(server.url, '/api/directory', { token: tokens.ag_collector })).body.colleagues.map((c) => c.userId);
    expect(theirs).toEqual([ids.ag_lead]);
    const ours = (await call<Directory>(server.url, '/api/directory', { token: tokens.collector1 })).body.colleagues.map((c) => c.userId);
    expect(ours).toContain(ids.lead);
    expect(ours).not.toContain(ids.ag_collector);
    expect(ours).not.toContain(ids.ag_lead);
  });

  it('sees nothing of ours before a placement', async () => {
    // Our collector's calls on both accounts, recordings uploaded.
    const device = 'device-collector1';
    const events = [placed, kept].map((b, i) => ({ ...clientEvent(i + 1, ids.collector1, device, recordedCall(`call-${i}`, i === 0 ? recordings.placed : recordings.kept)), accountId: b.account.id }));
    expect((await call(server.url, '/api/sync/push', { token: tokens.collector1, body: { deviceId: device, events } })).status).toBe(200);
    for (const bytes of [recordings.placed, recordings.kept]) {
      const res = await fetch(`${server.url}/api/blobs/${shaOf(bytes)}`, {
        method: 'PATCH', body: new Uint8Array(bytes),
        headers: { authorization: `Bearer ${tokens.collector1}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'upload-length': String(bytes.length) },
      });
      expect(res.status).toBeLessThan(300);
    }
    expect(await download(recordings.placed, tokens.ag_collector)).toBe(403);
    expect((await pull(tokens.ag_collector)).assignedIds).toEqual([]);
    expect((await pull(tokens.ag_lead)).assignedIds).toEqual([]);
    for (const path of [`/api/ladder/history?accountId=${placed.account.id}`, `/api/messages?accountId=${placed.account.id}`, `/api/letters?accountId=${placed.account.id}`]) {
      expect((await call(server.url, path, { token: tokens.ag_collector })).status, path).toBe(403);
    }
  });

  it('the ladder places the account: the agency’s consoles get it, ours lose it, our admins keep it', async () => {
    const before = await pull(tokens.collector1);
    expect(before.assignedIds!.sort()).toEqual([placed.account.id, kept.account.id].sort());
    clock = morningOf(30);
    const pass = await runLadder(ladder, { info: () => {} });
    expect(pass.failed).toBe(0);
    const again = await runLadder(ladder, { info: () => {} });
    expect(again.done).toBe(0);
    const moved = (await server.store.getAccount(placed.account.id))!.account;
    expect([moved.teamId, moved.assignedTo]).toEqual([agencyId, ids.ag_collector]);
    // Our collector's next pull drops it; our lead no longer sees it either; the admin does.
    const next = PullResponse.parse((await call(server.url, `/api/sync/pull?cursor=${before.cursor}&limit=100`, { token: tokens.collector1 })).body);
    expect(next.assignedIds).toEqual([kept.account.id]);
    expect((await pull(tokens.lead)).assignedIds).toEqual([kept.account.id]);
    expect((await pull(tokens.admin)).assignedIds).toContain(placed.account.id);
    // The agency's collector and lead pull it, and only it.
    const theirs = await pull(tokens.ag_collector);
    expect(theirs.accounts.map((b) => b.account.id)).toEqual([placed.account.id]);
    expect(theirs.assignedIds).toEqual([placed.account.id]);
    expect((await pull(tokens.ag_lead)).assignedIds).toEqual([placed.account.id]);
    // Account routes: the placed one is theirs now, ours stays closed to them and the placed one to us.
    expect((await call(server.url, `/api/ladder/history?accountId=${placed.account.id}`, { token: tokens.ag_collector })).status).toBe(200);
    expect((await call(server.url, `/api/ladder/history?accountId=${kept.account.id}`, { token: tokens.ag_collector })).status).toBe(403);
    expect((await call(server.url, `/api/messages?accountId=${kept.account.id}`, { token: tokens.ag_lead })).status).toBe(403);
    expect((await call(server.url, `/api/ladder/history?accountId=${placed.account.id}`, { token: tokens.collector1 })).status).toBe(403);
    // The placed account's recordings go with it; ours stay ours; the uploader keeps their own.
    expect(await download(recordings.placed, tokens.ag_collector)).toBe(200);
    expect(await download(recordings.placed, tokens.ag_lead)).toBe(200);
    expect(await download(recordings.kept, tokens.ag_collector)).toBe(403);
    expect(await download(recordings.kept, tokens.ag_lead)).toBe(403);
    expect(await download(recordings.placed, tokens.lead)).toBe(403);
    expect(await download(recordings.placed, tokens.collector1)).toBe(200);
    const history = (await call<{ actions: { rule: string; detail: unknown }[] }>(server.url, `/api/ladder/history?accountId=${placed.account.id}`, { token: tokens.admin })).body;
    expect(history.actions.find((a) => a.rule === 'agency-placement')!.detail).toEqual({ agency: '远方催收', team: agencyId, assignedTo: ids.ag_collector });
  });

  it('takes what the agency pushes on the placed account, attributed and chained; refuses ours', async () => {
    const device = 'device-ag_collector';
    const note = { ...clientEvent(1, ids.ag_collector, device, { type: 'note.added', text: '已联系债务人' }), accountId: placed.account.id };
    const pushed = await call(server.url, '/api/sync/push', { token: tokens.ag_collector, body: { deviceId: device, events: [note] } });
    expect(pushed.status).toBe(200);
    const stranger = { ...clientEvent(2, ids.ag_collector, device, { type: 'note.added', text: 'x' }), accountId: kept.account.id };
    const refused = await call<ErrorBody>(server.url, '/api/sync/push', { token: tokens.ag_collector, body: { deviceId: device, events: [stranger] } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(kept.account.id);
    const rows = await server.database.query<{ user_id: string; account_id: string }>(`select user_id, account_id from events where id = '${note.id}'`);
    expect(rows).toEqual([{ user_id: ids.ag_collector, account_id: placed.account.id }]);
    expect(await admin('audit', 'verify')).toBe(0);
    const [{ n }] = (await server.database.query<{ n: number | string }>('select count(*) as n from audit_chain')) as [{ n: number | string }];
    const [{ e }] = (await server.database.query<{ e: number | string }>('select (select count(*) from events) + (select count(*) from security_events) as e')) as [{ e: number | string }];
    expect(Number(n)).toBe(Number(e));
    const logged = await server.database.query<{ kind: string }>("select kind from security_events where kind like 'admin.agency.%' order by kind");
    expect(logged.map((r) => r.kind)).toEqual(['admin.agency.created', 'admin.agency.user.created', 'admin.agency.user.created']);
  });

  it('recall by the admin CLI hands it back to our collector; the agency’s pull drops it', async () => {
    const before = await pull(tokens.ag_collector);
    expect(await admin('agency', 'recall', placed.account.ref)).toBe(0);
    const back = (await server.store.getAccount(placed.account.id))!.account;
    expect([back.teamId, back.assignedTo]).toEqual([ours, ids.collector1]);
    const next = PullResponse.parse((await call(server.url, `/api/sync/pull?cursor=${before.cursor}&limit=100`, { token: tokens.ag_collector })).body);
    expect(next.assignedIds).toEqual([]);
    expect((await pull(tokens.collector1)).assignedIds!.sort()).toEqual([placed.account.id, kept.account.id].sort());
    expect((await call(server.url, `/api/ladder/history?accountId=${placed.account.id}`, { token: tokens.ag_collector })).status).toBe(403);
    expect(await download(recordings.placed, tokens.ag_collector)).toBe(403);
    expect(await download(recordings.placed, tokens.lead)).toBe(200);
    expect(await admin('agency', 'recall', placed.account.ref)).toBe(1);
    expect(err[0]).toBe(`Error: Account ${placed.account.ref} is not placed with an agency`);
    // Placed again by hand, and recalled again: the CLI logs both.
    expect(await admin('agency', 'place', placed.account.ref, '远方催收')).toBe(0);
    expect((await server.store.getAccount(placed.account.id))!.account.assignedTo).toBe(ids.ag_collector);
    expect(await admin('agency', 'recall', placed.account.ref)).toBe(0);
    const logged = await server.database.query<{ kind: string }>("select kind from security_events where kind in ('admin.agency.placed', 'admin.agency.recalled') order by at, kind");
    expect(logged.map((r) => r.kind).sort()).toEqual(['admin.agency.placed', 'admin.agency.recalled', 'admin.agency.recalled']);
  });
});
