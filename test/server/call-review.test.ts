// Call review for team leads on both stores, over real HTTP (docs/server.md "Call review"): the
// list and a call's timeline built from events an agent pushed, who may see them, reviews and
// their validation, recording downloads with Range, and migration 0006's index of older events.
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Migrator } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewCallDetail, ReviewCallsResponse, type CallReview } from '../../shared/api/review';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import { PullResponse } from '../../shared/sync/protocol';
import { DEMO_TRACKS } from '../../shared/talktrack';
import { hashPassword } from '../../server/auth/password';
import { migrations } from '../../server/migrations/index';
import { alertsFromEvents } from '../../server/presence/alerts';
import { parseRange } from '../../server/routes/blob-download';
import { migrateToLatest } from '../../server/store/migrate';
import { openPostgresDatabase } from '../../server/store/postgres';
import { openSqliteDatabase } from '../../server/store/sqlite';
import { DEMO_PASSWORD, DEMO_TEAMS } from '../../server/seed/demo';
import {
  type ErrorBody, type TestDatabase, type TestServer, NOW, call, clientEvent, createTestDatabase, describeEachStore, login, startTestServer, tempDir,
} from './helpers';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const T = NOW.getTime();
const iso = (offsetMs: number) => new Date(T + offsetMs).toISOString();
const TRACK = DEMO_TRACKS.find((t) => t.id === 'demo-zh-early-overdue')!;
const FIRST_STEP = TRACK.steps[0]!;
const QUESTION = TRACK.steps.find((s) => s.type === 'question')!;

describeEachStore('call review', (kind) => {
  let server: TestServer;
  const blobs = tempDir();
  const recording = randomBytes(200_000);
  const tokens: Record<string, string> = {};
  let agentId = '';
  let accountId = '';
  let phoneId = '';
  let seq = 0;
  const device = 'device-review-collector1';

  /** collector1's events, pushed as their console does; each at device time NOW + offset. */
  async function push(...bodies: [number, EventBody][]): Promise<ClientEvent[]> {
    const events = bodies.map(([offset, body]) => ({ ...clientEvent(++seq, agentId, device, body), accountId, deviceTime: iso(offset) }));
    const reply = await call(server.url, '/api/sync/push', { token: tokens.collector1, body: { deviceId: device, events } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return events;
  }

  type Reasons = Extract<EventBody, { type: 'compliance.decision' }>['reasons'];
  const decision = (decision: 'allow' | 'warn' | 'block', action: 'dial' | 'refused', reasons: Reasons = []): EventBody => ({
    type: 'compliance.decision', phoneId, partyId: 'party', decision, action, packId: 'cn', packVersion: '1', allowedFrom: null, reasons,
  });
  const attempt = (callId: string, startOffset: number, withRecording: Buffer | null, answering?: Extract<EventBody, { type: 'call.attempt' }>['answering']): EventBody => ({
    type: 'call.attempt', callId, direction: 'outbound', phoneId, partyId: null, number: '+8613800000000', result: 'answered',
    startedAt: iso(startOffset), answeredAt: iso(startOffset + 5_000), endedAt: iso(startOffset + 65_000), sipStatus: 200,
    recording: withRecording ? { file: `/data/recordings/${callId}.webm`, sha256: sha(withRecording), durationMs: 60_000 } : null,
    ...(answering ? { answering } : {}),
  });
  const HUMAN = { verdict: 'human', reason: 'short-greeting', decidedAfterMs: 1_800, method: 'vad' } as const;

  async function upload(bytes: Buffer): Promise<void> {
    const res = await fetch(`${server.url}/api/blobs/${sha(bytes)}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokens.collector1}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'upload-length': String(bytes.length) },
      body: new Uint8Array(bytes),
    });
    expect(res.status).toBe(200);
  }

  const download = (name: string, as: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/blobs/${name}`, { headers: { authorization: `Bearer ${tokens[as]}`, ...headers } });

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, blobDir: blobs.dir }, kind);
    // A lead of the US team only: collector1's (cn) calls are not theirs.
    const us = await server.store.findTeamByName(DEMO_TEAMS.us);
    const leadUs = await server.store.createUser({
      id: uuidv7(), username: 'lead_us', displayName: 'US Lead', role: 'team_lead', teamId: us!.id, passwordHash: await hashPassword(DEMO_PASSWORD),
    }, NOW.toISOString());
    await server.store.addTeamLead(leadUs.id, us!.id);
    for (const user of ['collector1', 'collector2', 'lead', 'lead_us', 'admin']) {
      const session = await login(server.url, user, user === 'collector1' ? device : undefined);
      tokens[user] = session.token;
      if (user === 'collector1') agentId = session.user.id;
    }
    const pulled = PullResponse.parse((await call(server.url, '/api/sync/pull?limit=5', { token: tokens.collector1 })).body);
    const bundle = pulled.accounts.find((b) => b.phones.length > 0)!;
    accountId = bundle.account.id;
    phoneId = bundle.phones[0]!.id;

    // An earlier call to the same phone, with its own decision: not the reviewed call's.
    await push([-30 * 60_000, decision('allow', 'dial')], [-30 * 60_000 + 65_000, attempt('call-earlier', -30 * 60_000, null)]);
    // The reviewed call: refused once, then a lead approved the warning, then dialled.
    await push(
      [-10 * 60_000, decision('block', 'refused', [{ rule: 'hold.do_not_call', severity: 'block', source: 'test' }])],
      [-2_000, { type: 'compliance.override', phoneId, approvedBy: 'lead-id', approverName: '王强', reason: 'Debtor asked for a call back today', rules: ['us.warn.calls_per_day'] }],
      [-1_000, decision('warn', 'dial', [{ rule: 'us.warn.calls_per_day', severity: 'warn', source: '12 CFR 1006.14', messageKey: 'warnCallsPerDay', params: { count: 3, limit: 4 } }])],
      [65_000, attempt('call-review-1', 0, recording, HUMAN)],
      [80_000, { type: 'note.flagged', flags: [{ phrase: '你会坐牢', category: 'threat' }], text: '告诉他：再不还钱你会坐牢的' }],
      [90_000, {
        type: 'call.outcome', callId: 'call-review-1', phoneId, partyId: null, packId: 'cn', outcome: 'promise_to_pay', contact: 'conversation', hold: null,
        promise: { amountMinor: 80_000, dueDate: '2025-06-03' }, plan: null, callback: null, note: '客户承诺明天还款 800 元', extensionDate: null, attorney: null,
        flaggedPhrases: ['你会坐牢'], trackId: `${TRACK.id}@${TRACK.version}`,
        steps: [{ stepId: 'system:institution_name', atMs: 6_000 }, { stepId: 'verify:fullName', atMs: 9_000, passed: true }, { stepId: 'verify:idLast4', atMs: 11_000, passed: false }, { stepId: 'verify:dateOfBirth', atMs: 12_000, result: 'not_on_file' }, { stepId: FIRST_STEP.id, atMs: 15_000 }, { stepId: QUESTION.id, atMs: 17_000, digit: 2 }, { stepId: 'no-such-step', atMs: 20_000 }],
      }],
      [95_000, { type: 'monitor.started', sessionId: 's1', leadId: 'lead-id', leadName: '王强', callId: 'call-review-1', mode: 'listen', agentNotified: true }],
    );
    await upload(recording);
    // A second call, later, not yet uploaded.
    await push([10 * 60_000, attempt('call-review-2', 9 * 60_000, randomBytes(10))]);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    blobs.remove();
  });

  const list = (as: string, query = '') => call<ReviewCallsResponse & ErrorBody>(server.url, `/api/review/calls${query}`, { token: tokens[as] });
  const detail = (as: string, callId: string) => call<ReviewCallDetail & ErrorBody>(server.url, `/api/review/calls/${callId}`, { token: tokens[as] });
  const review = (as: string, callId: string, body: unknown) => call<CallReview & ErrorBody>(server.url, `/api/review/calls/${callId}/reviews`, { token: tokens[as], body });

  describe('the list', () => {
    it('shows a lead their teams’ calls newest first, with what the list needs', async () => {
      const reply = await list('lead');
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const body = ReviewCallsResponse.parse(reply.body);
      expect(body.calls.map((c) => c.callId)).toEqual(['call-review-2', 'call-review-1', 'call-earlier']);
      expect(body.calls[1]).toMatchObject({
        agent: { id: agentId }, account: { id: accountId }, direction: 'outbound', result: 'answered', talkMs: 60_000,
        recording: { sha256: sha(recording), durationMs: 60_000, stored: true }, outcome: 'promise_to_pay', reviews: { count: 0, lastScore: null },
      });
      expect(body.calls[0]!.recording).toMatchObject({ stored: false });
      expect(body.nextOffset).toBeNull();
      expect(body.agents.map((a) => a.id)).toContain(agentId);
    });

    it('filters by agent and time, and pages', async () => {
      expect((await list('lead', `?agentId=${agentId}&from=${encodeURIComponent(iso(0))}&to=${encodeURIComponent(iso(5 * 60_000))}`)).body.calls.map((c) => c.callId)).toEqual(['call-review-1']);
      const collector2 = (await list('admin')).body.agents.find((a) => a.id !== agentId)!;
      expect((await list('lead', `?agentId=${collector2.id}`)).body.calls).toEqual([]);
      const first = await list('lead', '?limit=2');
      expect(first.body.calls.map((c) => c.callId)).toEqual(['call-review-2', 'call-review-1']);
      expect(first.body.nextOffset).toBe(2);
      const second = await list('lead', '?limit=2&offset=2');
      expect(second.body.calls.map((c) => c.callId)).toEqual(['call-earlier']);
      expect(second.body.nextOffset).toBeNull();
    });

    it('shows another team’s lead none of them, an admin all, and refuses agents', async () => {
      expect((await list('lead_us')).body.calls).toEqual([]);
      expect((await list('admin')).body.calls).toHaveLength(3);
      const agent = await list('collector1');
      expect(agent.status).toBe(403);
      expect(agent.body.error.message).toMatch(/Only team leads and admins/);
      expect((await call(server.url, '/api/review/calls')).status).toBe(401);
    });

    it('refuses a bad query with the field named', async () => {
      for (const query of ['?limit=0', '?limit=201', '?from=yesterday', `?from=${encodeURIComponent(iso(1))}&to=${encodeURIComponent(iso(0))}`, '?colour=red', '?unreviewed=maybe']) {
        const reply = await list('lead', query);
        expect(reply.status, query).toBe(400);
        expect(reply.body.error.code).toBe('VALIDATION');
      }
    });
  });

  describe('a call’s timeline', () => {
    it('is built from the pushed events: decisions, override, steps with titles, outcome, flagged note, monitoring', async () => {
      const reply = await detail('lead', 'call-review-1');
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const d = ReviewCallDetail.parse(reply.body);
      expect(d.number).toBe('+8613800000000');
      // The recorder ran the last 60 s of a 65 s call: it starts 5 s in.
      expect(d.recordingOffsetMs).toBe(5_000);
      // Who picked up, as the softphone's answering-machine detection logged it with the attempt.
      expect(d.answering).toEqual(HUMAN);
      // Since the earlier call to this phone: the refusal, then the approved warning; not the earlier call's decision.
      expect(d.decisions.map((x) => [x.decision, x.action])).toEqual([['block', 'refused'], ['warn', 'dial']]);
      expect(d.decisions[1]!.reasons).toEqual([{ rule: 'us.warn.calls_per_day', severity: 'warn', source: '12 CFR 1006.14', messageKey: 'warnCallsPerDay', params: { count: 3, limit: 4 }, allowedFrom: null }]);
      // Logged without a message key: the rule id stands in (it is one for holds).
      expect(d.decisions[0]!.reasons[0]).toMatchObject({ rule: 'hold.do_not_call', messageKey: 'hold.do_not_call', params: {} });
      expect(d.overrides).toEqual([expect.objectContaining({ approverName: '王强', reason: 'Debtor asked for a call back today' })]);
      expect(d.steps).toEqual([
        { stepId: 'system:institution_name', atMs: 6_000, kind: 'system', name: 'institution_name', stepType: null, text: null, thirdParty: false, passed: null, notOnFile: false, answer: null },
        { stepId: 'verify:fullName', atMs: 9_000, kind: 'verify', name: 'fullName', stepType: null, text: null, thirdParty: false, passed: true, notOnFile: false, answer: null },
        { stepId: 'verify:idLast4', atMs: 11_000, kind: 'verify', name: 'idLast4', stepType: null, text: null, thirdParty: false, passed: false, notOnFile: false, answer: null },
        // Nothing on file to compare: said so, with no pass or fail.
        { stepId: 'verify:dateOfBirth', atMs: 12_000, kind: 'verify', name: 'dateOfBirth', stepType: null, text: null, thirdParty: false, passed: null, notOnFile: true, answer: null },
        { stepId: FIRST_STEP.id, atMs: 15_000, kind: 'track', name: FIRST_STEP.id, stepType: FIRST_STEP.type, text: expect.any(String), thirdParty: false, passed: null, notOnFile: false, answer: null },
        // The answer chosen, as the track words it.
        { stepId: QUESTION.id, atMs: 17_000, kind: 'track', name: QUESTION.id, stepType: 'question', text: expect.any(String), thirdParty: false, passed: null, notOnFile: false, answer: { digit: 2, label: (QUESTION as { answers: { label: string }[] }).answers[1]!.label } },
        { stepId: 'no-such-step', atMs: 20_000, kind: 'unknown', name: 'no-such-step', stepType: null, text: null, thirdParty: false, passed: null, notOnFile: false, answer: null },
      ]);
      expect(d.steps[4]!.text).toBe((FIRST_STEP as { text: string }).text);
      expect(d.outcome).toMatchObject({ outcome: 'promise_to_pay', note: '客户承诺明天还款 800 元', flaggedPhrases: ['你会坐牢'], promise: { amountMinor: 80_000 }, track: { id: TRACK.id, version: TRACK.version, title: TRACK.title } });
      expect(d.flaggedNotes).toEqual([expect.objectContaining({ text: '告诉他：再不还钱你会坐牢的', flags: [{ phrase: '你会坐牢', category: 'threat' }] })]);
      expect(d.monitoring).toEqual([expect.objectContaining({ type: 'monitor.started', userId: agentId, detail: { sessionId: 's1', leadId: 'lead-id', leadName: '王强', mode: 'listen', agentNotified: true } })]);
      expect(d.reviews).toEqual([]);
    });

    it('the earlier call has only its own decision', async () => {
      const d = ReviewCallDetail.parse((await detail('admin', 'call-earlier')).body);
      expect(d.decisions.map((x) => x.decision)).toEqual(['allow']);
      expect(d.outcome).toBeNull();
      expect(d.recordingOffsetMs).toBeNull();
      expect(d.answering).toBeNull();
    });

    it('is refused to another team’s lead and to agents; an unknown call is 404, a malformed id 400', async () => {
      const other = await detail('lead_us', 'call-review-1');
      expect(other.status).toBe(403);
      expect(other.body.error.message).toMatch(/outside the teams you lead/);
      expect((await detail('collector1', 'call-review-1')).status).toBe(403);
      const unknown = await detail('lead', 'no-such-call');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/No call no-such-call/);
      expect((await detail('lead', 'bad%20id')).status).toBe(400);
    });
  });

  describe('reviews', () => {
    it('refuses a score outside 1–5, a missing field, a long comment, unknown fields', async () => {
      for (const body of [{ score: 0, comment: '' }, { score: 6, comment: '' }, { score: 2.5, comment: '' }, { comment: 'no score' }, { score: 3 },
        { score: 3, comment: 'x'.repeat(2001) }, { score: 3, comment: '', extra: true }]) {
        const reply = await review('lead', 'call-review-1', body);
        expect(reply.status, JSON.stringify(body)).toBe(400);
        expect(reply.body.error.code).toBe('VALIDATION');
      }
      const zero = await review('lead', 'call-review-1', { score: 0, comment: '' });
      expect(zero.body.error.issues).toEqual([expect.objectContaining({ path: 'score' })]);
    });

    it('refuses another team’s lead, agents, and unknown calls', async () => {
      expect((await review('lead_us', 'call-review-1', { score: 4, comment: 'ok' })).status).toBe(403);
      expect((await review('collector1', 'call-review-1', { score: 5, comment: 'me' })).status).toBe(403);
      expect((await review('lead', 'no-such-call', { score: 4, comment: 'ok' })).status).toBe(404);
      expect((await detail('lead', 'call-review-1')).body.reviews).toEqual([]);
    });

    it('stores a lead’s review with who and when; the list and the timeline show it', async () => {
      const saved = await review('lead', 'call-review-1', { score: 4, comment: '  Good verification; avoid the threat wording.  ' });
      expect(saved.status, JSON.stringify(saved.body)).toBe(201);
      expect(saved.body).toMatchObject({ callId: 'call-review-1', score: 4, comment: 'Good verification; avoid the threat wording.', reviewerName: '王强 (Wang Qiang)', createdAt: NOW.toISOString() });
      expect((await review('admin', 'call-review-1', { score: 2, comment: '' })).status).toBe(201);
      const d = ReviewCallDetail.parse((await detail('lead', 'call-review-1')).body);
      expect(d.reviews.map((r) => [r.score, r.reviewerName])).toEqual([[4, '王强 (Wang Qiang)'], [2, 'Administrator']]);
      const row = (await list('lead')).body.calls.find((c) => c.callId === 'call-review-1')!;
      expect(row.reviews).toEqual({ count: 2, lastScore: 2 });
      expect((await list('lead', '?unreviewed=true')).body.calls.map((c) => c.callId)).toEqual(['call-review-2', 'call-earlier']);
      const stored = await server.database.query<{ reviewer_id: string; score: number | string; event_id: string }>("select reviewer_id, score, event_id from call_reviews where call_id = 'call-review-1' order by created_at, id");
      expect(stored.map((r) => Number(r.score))).toEqual([4, 2]);
    });
  });

  it('never answers 5xx to odd ids, queries, bodies and ranges', { timeout: 120_000 }, async () => {
    const odd = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });
    await fc.assert(fc.asyncProperty(
      fc.record({
        as: fc.constantFrom('lead', 'lead_us', 'collector1', 'admin'),
        callId: fc.oneof(fc.constant('call-review-1'), fc.constant('no-such-call'), odd.map(encodeURIComponent)),
        query: fc.dictionary(fc.constantFrom('agentId', 'from', 'to', 'unreviewed', 'offset', 'limit', 'x'), odd, { maxKeys: 4 }),
        body: fc.oneof(fc.jsonValue(), fc.record({ score: fc.oneof(fc.integer({ min: -3, max: 9 }), fc.double(), odd), comment: fc.oneof(odd, fc.integer()) })),
        range: fc.option(fc.oneof(odd, fc.tuple(fc.nat({ max: 300_000 }), fc.nat({ max: 300_000 })).map(([a, b]) => `bytes=${a}-${b}`))),
      }),
      async (r) => {
        const replies = [
          await call(server.url, `/api/review/calls?${new URLSearchParams(r.query)}`, { token: tokens[r.as] }),
          await call(server.url, `/api/review/calls/${r.callId}`, { token: tokens[r.as] }),
          await call(server.url, `/api/review/calls/${r.callId}/reviews`, { token: tokens[r.as], rawBody: JSON.stringify(r.body) ?? 'null' }),
        ];
        for (const reply of replies) expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(500);
        const res = await download(sha(recording), r.as, r.range === null ? {} : { range: r.range });
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      },
    ), { numRuns: 150, seed: 20250602 });
  });

  describe('recording downloads', () => {
    const name = () => sha(recording);

    it('serve the whole file to the team’s lead, the agent who uploaded it and an admin', async () => {
      for (const as of ['lead', 'collector1', 'admin']) {
        const res = await download(name(), as);
        expect(res.status, as).toBe(200);
        expect(res.headers.get('content-type')).toBe('audio/webm');
        expect(res.headers.get('accept-ranges')).toBe('bytes');
        expect(res.headers.get('content-length')).toBe(String(recording.length));
        expect(Buffer.from(await res.arrayBuffer()).equals(recording)).toBe(true);
      }
    });

    it('serve a Range so a player can seek', async () => {
      const part = await download(name(), 'lead', { range: 'bytes=1000-1999' });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${recording.length}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(recording.subarray(1000, 2000))).toBe(true);
      const tail = await download(name(), 'lead', { range: 'bytes=-10' });
      expect(tail.status).toBe(206);
      expect(Buffer.from(await tail.arrayBuffer()).equals(recording.subarray(recording.length - 10))).toBe(true);
      const open = await download(name(), 'lead', { range: `bytes=${recording.length - 5}-` });
      expect(Buffer.from(await open.arrayBuffer()).equals(recording.subarray(recording.length - 5))).toBe(true);
      const beyond = await download(name(), 'lead', { range: `bytes=${recording.length}-` });
      expect(beyond.status).toBe(416);
      expect(beyond.headers.get('content-range')).toBe(`bytes */${recording.length}`);
      const cached = await download(name(), 'lead', { 'if-none-match': `"${name()}"` });
      expect(cached.status).toBe(304);
    });

    it('refuse another team’s lead and another agent; 404 for a blob not stored or unknown; 400 for a bad name', async () => {
      const other = await download(name(), 'lead_us');
      expect(other.status).toBe(403);
      expect(((await other.json()) as ErrorBody).error.message).toMatch(/outside your teams/);
      expect((await download(name(), 'collector2')).status).toBe(403);
      const detailOf2 = ReviewCallDetail.parse((await detail('lead', 'call-review-2')).body);
      const pending = await download(detailOf2.call.recording!.sha256, 'lead');
      expect(pending.status).toBe(404);
      expect(((await pending.json()) as ErrorBody).error.message).toMatch(/not on the server yet/);
      expect((await download('f'.repeat(64), 'lead')).status).toBe(404);
      expect((await download('nothex', 'lead')).status).toBe(400);
      expect((await fetch(`${server.url}/api/blobs/${name()}`)).status).toBe(401);
    });
  });
});

describe('board alerts about a call', () => {
  it('name the call, so the board can open its review', () => {
    const attemptEvent = clientEvent(1, 'u1', 'd1', {
      type: 'call.attempt', callId: 'c-alert', direction: 'outbound', phoneId: 'p1', partyId: null, number: '+8613800000000', result: 'answered',
      startedAt: NOW.toISOString(), answeredAt: NOW.toISOString(), endedAt: NOW.toISOString(), sipStatus: 200, recording: null,
    });
    const [alert] = alertsFromEvents([attemptEvent], [{
      eventId: attemptEvent.id, eventType: 'call.attempt', accountId: 'a1', accountRef: 'CN-1', teamId: 't1', userId: 'u1', holdId: 'h1', holdKind: 'cease',
      rule: 'hold.cease', deviceTime: NOW.toISOString(), foundAt: NOW.toISOString(),
    }]);
    expect(alert).toMatchObject({ kind: 'violation', detail: { callId: 'c-alert' } });
  });
});

describe('Range headers', () => {
  it('read one range, ignore what they cannot, and refuse what lies outside', () => {
    expect(parseRange(undefined, 100)).toBe('all');
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-30', 100)).toEqual({ start: 70, end: 99 });
    expect(parseRange('bytes=-300', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=0-1,5-6', 100)).toBe('all');
    expect(parseRange('items=0-1', 100)).toBe('all');
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-4', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
  });
});

describeEachStore('migration 0006', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(kind); });
  afterAll(async () => { await database?.drop(); });

  it('indexes the calls of events already stored', async () => {
    const db = database.location.databaseUrl ? openPostgresDatabase(database.location.databaseUrl) : openSqliteDatabase(database.location.databaseFile!);
    try {
      const migrator = new Migrator({ db: db.withoutPlugins(), provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0005_past_assignments')).error).toBeUndefined();
      await db.insertInto('users').values({ id: 'u1', username: 'u1', displayName: 'U', role: 'collector', teamId: null, passwordHash: 'x', createdAt: 'now' }).execute();
      const attemptEvent = clientEvent(1, 'u1', 'd1', {
        type: 'call.attempt', callId: 'c1', direction: 'outbound', phoneId: null, partyId: null, number: '+12125550100', result: 'busy',
        startedAt: NOW.toISOString(), answeredAt: null, endedAt: NOW.toISOString(), sipStatus: 486, recording: null,
      });
      const note = clientEvent(2, 'u1', 'd1', { type: 'note.added', text: 'x' });
      for (const e of [attemptEvent, note]) {
        await db.insertInto('events').values({
          id: e.id, deviceId: e.deviceId, seq: e.seq, userId: e.userId, accountId: null, deviceTime: e.deviceTime, receivedAt: e.deviceTime, type: e.body.type, body: JSON.stringify(e.body),
        }).execute();
      }
      expect(await migrateToLatest(db)).toContain('0006_call_reviews');
      expect(await db.selectFrom('callEvents').selectAll().execute()).toEqual([{ callId: 'c1', eventId: attemptEvent.id, type: 'call.attempt' }]);
      await expect(db.insertInto('callReviews').values({ id: 'r', callId: 'c1', eventId: attemptEvent.id, reviewerId: 'u1', score: 6, comment: '', createdAt: 'now' }).execute())
        .rejects.toThrow(/check/i);
    } finally {
      await db.destroy();
    }
  });
});
