// A valid request for every route the server has, for the hostile-input suite
// (hostile-input.test.ts): each hostile value replaces one part of a request that would
// otherwise pass, so it is that value the route answers, not an empty or malformed request.
// Routes are found on the running server; one without a fixture here fails the suite, so a new
// route gets one when it is added. HEAD routes use their GET's fixture unless given their own.
import { v7 as uuidv7 } from 'uuid';
import type { ClientEvent } from '../../shared/domain/events';

export type HostileUser = 'collector2' | 'lead' | 'admin';

export interface RouteFixture {
  /** Who sends it (a Bearer token); none for routes used before sign-in. */
  as?: HostileUser;
  /** A value for every `:param` of the path. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A valid JSON body, built afresh for every request (new event ids and sequence numbers). */
  body?: () => unknown;
  /** The body is a blob chunk (raw bytes and Upload-Offset / Upload-Length headers), not JSON. */
  chunk?: { bytes: Buffer; offset: number; length: number };
  /** What the valid request gets: proves the fixture gets past validation to the route's own work. */
  expect: readonly number[];
}

export interface FixtureContext {
  device: string;
  collectorId: string;
  collectorDeviceSecret: string;
  accountId: string;
  phoneId: string;
  partyId: string;
  emailId: string;
  /** A call collector2 pushed, which the lead may review. */
  callId: string;
  /** A blob named by an event collector2 pushed, and its one byte. */
  sha256: string;
  blobByte: Buffer;
  templates: unknown;
  /** A complaint collector2 raised on that account, for the lead to escalate and resolve. */
  complaintId: string;
  /** A letter issued for that account. */
  letterId: string;
  nextSeq(): number;
  at: string;
}

export function routeFixtures(c: FixtureContext): Record<string, RouteFixture> {
  const event = (body: Record<string, unknown>, accountId: string | null = c.accountId): ClientEvent => ({
    id: uuidv7(), deviceId: c.device, seq: c.nextSeq(), userId: c.collectorId, accountId, deviceTime: c.at, body,
  } as ClientEvent);
  const draft = () => ({ accountId: c.accountId, to: { channel: 'sms', phoneId: c.phoneId }, templateId: 'us-sms-early', purpose: 'collection' });
  const pullQuery = { cursor: '0', limit: '5' };
  return {
    'GET /api/health': { expect: [200] },
    'POST /api/auth/login': {
      // A wrong password for a user made for it (hostile-input.test.ts): nothing signs in, and
      // the run's own sessions are not touched.
      body: () => ({ username: 'hostile-signin', password: 'a wrong one', deviceId: 'hostile-login', deviceSecret: 'A'.repeat(43) }),
      expect: [401],
    },
    // Signing out would end a session the rest of the run uses: no session, which the route refuses.
    'POST /api/auth/logout': { expect: [401] },
    'GET /api/me': { as: 'collector2', expect: [200] },
    'GET /api/presence': { as: 'lead', expect: [426] },
    'GET /api/directory': { as: 'collector2', expect: [200] },
    'GET /api/board/figures': { as: 'lead', query: { date: '2025-06-02', tz: 'America/New_York' }, expect: [200] },
    'GET /api/sync/state': { as: 'collector2', query: { deviceId: c.device }, expect: [200] },
    'POST /api/sync/push': {
      as: 'collector2',
      body: () => ({
        deviceId: c.device,
        events: [
          event({ type: 'call.attempt', callId: `c-${uuidv7()}`, direction: 'outbound', phoneId: c.phoneId, partyId: c.partyId, number: '+12125550100', result: 'answered',
            startedAt: c.at, answeredAt: c.at, endedAt: c.at, sipStatus: 200, recording: { file: 'r.webm', sha256: 'b'.repeat(64), durationMs: 1000 } }),
          event({ type: 'call.outcome', callId: null, phoneId: c.phoneId, partyId: c.partyId, packId: 'us-regf', outcome: 'no_answer', contact: 'no_answer', hold: null,
            promise: { amountMinor: 1000, dueDate: '2025-06-10' }, plan: null, callback: { id: 'cb-1', at: c.at, owner: 'agent' }, note: 'note',
            attorney: null, flaggedPhrases: ['x'], steps: [{ stepId: 's1', atMs: 1 }], trackId: 't' }),
          event({ type: 'compliance.decision', phoneId: c.phoneId, partyId: c.partyId, decision: 'warn', action: 'dial', packId: 'us-regf', packVersion: '1',
            allowedFrom: null, reasons: [{ rule: 'r', severity: 'warn', source: 's', messageKey: 'k', params: { a: 'b', n: 1 } }] }),
          event({ type: 'visit.outcome', visitId: 'v-1', checkedInAt: c.at, outcome: 'not_home', promise: null, plan: null, note: 'n', flaggedPhrases: [],
            photos: [{ sha256: 'c'.repeat(64), bytes: 10, name: 'p.jpg', type: 'image/jpeg' }] }),
          event({ type: 'note.added', text: 'hello' }),
          event({ type: 'account.viewed' }, null),
        ],
      }),
      expect: [200],
    },
    'GET /api/sync/pull': { as: 'collector2', query: { ...pullQuery, known: 'd'.repeat(64) }, expect: [200] },
    'GET /api/sync/pull/assignments': { as: 'collector2', query: pullQuery, expect: [200] },
    'GET /api/sync/pull/compliance': { as: 'collector2', query: pullQuery, expect: [200] },
    'GET /api/sync/pull/routes': { as: 'collector2', query: pullQuery, expect: [200] },
    'GET /api/sync/pull/talktracks': { as: 'collector2', query: pullQuery, expect: [200] },
    'GET /api/review/violations': { as: 'lead', query: { limit: '5' }, expect: [200] },
    'GET /api/review/calls': {
      as: 'lead', query: { agentId: c.collectorId, from: '2025-06-01T00:00:00Z', to: '2025-06-03T00:00:00Z', unreviewed: 'true', offset: '0', limit: '5' }, expect: [200],
    },
    'GET /api/review/calls/:callId': { as: 'lead', params: { callId: c.callId }, expect: [200] },
    'POST /api/review/calls/:callId/reviews': { as: 'lead', params: { callId: c.callId }, body: () => ({ score: 4, comment: 'fine' }), expect: [201] },
    'GET /api/monitor/key': { as: 'lead', expect: [200] },
    // The agent is not on a call: a grant is refused after the request was read.
    'POST /api/monitor/sessions': { as: 'lead', body: () => ({ agentId: c.collectorId, mode: 'listen' }), expect: [404] },
    'POST /api/monitor/address': { as: 'collector2', body: () => ({ sipUri: 'sip:collector2@pbx.example.com' }), expect: [200] },
    'POST /api/monitor/sessions/:sessionId/use': { as: 'collector2', params: { sessionId: uuidv7() }, body: () => ({ callId: c.callId }), expect: [404] },
    'GET /api/blobs/:sha256': { as: 'lead', params: { sha256: c.sha256 }, expect: [200] },
    'HEAD /api/blobs/:sha256': { as: 'collector2', params: { sha256: c.sha256 }, expect: [200] },
    'PATCH /api/blobs/:sha256': { as: 'collector2', params: { sha256: c.sha256 }, chunk: { bytes: c.blobByte, offset: 0, length: 1 }, expect: [200, 409] },
    'PUT /api/blobs/:sha256': { as: 'collector2', params: { sha256: c.sha256 }, chunk: { bytes: c.blobByte, offset: 0, length: 1 }, expect: [200, 409] },
    'POST /api/device/contact': { body: () => ({ deviceId: c.device, deviceSecret: c.collectorDeviceSecret }), expect: [200] },
    // Not asked to wipe: refused once the device is proven, so nothing is revoked.
    'POST /api/device/wiped': { body: () => ({ deviceId: c.device, deviceSecret: c.collectorDeviceSecret }), expect: [400] },
    'GET /api/security/events': { as: 'admin', query: { limit: '5', kind: 'login.locked' }, expect: [200] },
    'GET /api/messages/catalogue': { as: 'collector2', query: { accountId: c.accountId }, expect: [200] },
    'POST /api/messages/preview': { as: 'collector2', body: draft, expect: [200] },
    // At the fixed test time it is night in New York: the gate refuses the text, so no SMSC is needed.
    'POST /api/messages/send': { as: 'collector2', body: () => ({ ...draft(), requestId: uuidv7() }), expect: [200] },
    'GET /api/messages': { as: 'collector2', query: { accountId: c.accountId }, expect: [200] },
    'POST /api/messages/templates': { as: 'admin', body: () => c.templates, expect: [200] },
    'POST /api/messages/emails': { as: 'admin', body: () => ({ accountId: c.accountId, partyId: c.partyId, address: 'debtor@example.test' }), expect: [200] },
    'POST /api/complaints': {
      as: 'collector2',
      body: () => ({
        requestId: uuidv7(), accountId: c.accountId, category: 'harassment', source: 'call', description: 'Called three times tonight',
        links: { callIds: [c.callId], recordings: [c.sha256], messageIds: [] }, hold: null,
      }),
      expect: [200],
    },
    'GET /api/complaints': { as: 'lead', query: { accountId: c.accountId, status: 'all' }, expect: [200] },
    'POST /api/complaints/escalate': { as: 'lead', body: () => ({ complaintId: c.complaintId, note: 'To compliance' }), expect: [200] },
    // Resolved by this request, so the attacks after it are refused as already resolved (after validation).
    'POST /api/complaints/resolve': { as: 'lead', body: () => ({ complaintId: c.complaintId, note: 'Spoke to the debtor', liftHold: false }), expect: [200] },
    'POST /api/letters': { as: 'collector2', body: () => ({ requestId: uuidv7(), accountId: c.accountId, type: 'validation_notice', language: 'en' }), expect: [200] },
    'GET /api/letters': { as: 'collector2', query: { accountId: c.accountId }, expect: [200] },
    'GET /api/letters/:id/pdf': { as: 'lead', params: { id: c.letterId }, expect: [200] },
    'PUT /api/complaints/settings': { as: 'admin', body: () => ({ slaDays: 15 }), expect: [200] },
    'GET /api/reports': { as: 'lead', query: { from: '2025-06-01', to: '2025-06-02', tz: 'Asia/Shanghai', groupBy: 'agent,day' }, expect: [200] },
    'GET /api/day/team': { as: 'collector2', query: { tz: 'America/New_York' }, expect: [200] },
    'GET /api/ladder/preview': { as: 'lead', query: { date: '2025-06-03' }, expect: [200] },
    'GET /api/ladder/history': { as: 'collector2', query: { accountId: c.accountId }, expect: [200] },
    'GET /api/ladder/policies': { as: 'lead', expect: [200] },
    // A policy with no texts, so it needs no template; posted again it is skipped, still 200.
    'POST /api/ladder/policies': {
      as: 'admin', expect: [200],
      body: () => ({ policies: [{ id: 'hostile-us', version: 1, region: 'US', title: 'Hostile input', runFromHour: 10, tiers: [{ id: 'all', upToMinor: null }], stages: [{ id: 'due', label: 'reminder', fromDpd: 0 }], treatments: [{ id: 'call', stage: 'due', on: { dpd: 0 }, action: { kind: 'call' } }] }] }),
    },
  };
}
