// Generated bad input across every endpoint (fast-check, through fastify.inject): whatever the
// body, the answer is never a 5xx, and a refused request leaves every table's row count as it was.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { DEMO_PASSWORD, seedDemo } from '../../server/seed/demo';
import { openStore } from '../../server/store/open';
import type { ServerStore, StoreCounts } from '../../server/store/store';
import { NOW, type TestDatabase, createTestDatabase, describeEachStore } from './helpers';

const RUNS = { sqlite: 10_000, postgres: 2_000 } as const;

describeEachStore('fuzzed requests', (kind) => {
  let database: TestDatabase;
  let store: ServerStore;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  let user = '';
  let accountId = '';
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = await openStore(database.location);
    await seedDemo(store, { now: NOW });
    app = buildApp(store, { now: () => NOW, logger: false });
    for (const username of ['collector2', 'lead']) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD, deviceId: `fuzz-${username}` } });
      const body = r.json<{ token: string; user: { id: string } }>();
      tokens[username] = body.token;
      if (username === 'collector2') user = body.user.id;
    }
    accountId = (await store.findAccountByRef('US-100001'))!.id;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await database?.drop();
  });

  const anyValue = fc.oneof(fc.jsonValue(), fc.string(), fc.integer(), fc.constant(null), fc.boolean());
  /** An event close to a valid one, with some fields replaced by anything. */
  const nearEvent = fc.record({
    id: fc.oneof(fc.constant('fresh'), fc.uuid(), anyValue),
    deviceId: fc.oneof(fc.constant('fuzz-collector2'), fc.constant('fuzz-lead'), anyValue),
    seq: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constant('next'), anyValue),
    userId: fc.oneof(fc.constant('me'), anyValue),
    accountId: fc.oneof(fc.constant(null), fc.constant('mine'), fc.constant('CN-team-account'), anyValue),
    deviceTime: fc.oneof(fc.constant(NOW.toISOString()), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anyValue),
    body: fc.oneof(
      fc.constant({ type: 'account.viewed' }),
      fc.record({ type: fc.constantFrom('note.added', 'call.attempt', 'call.outcome', 'agent.status', 'nope'), text: anyValue }),
      anyValue,
    ),
  }, { requiredKeys: [] }).map((e) => ({
    ...e,
    ...(e.id === 'fresh' ? { id: uuidv7() } : {}),
    ...(e.seq === 'next' ? { seq: seq + 1 } : {}),
    ...(e.userId === 'me' ? { userId: user } : {}),
    ...(e.accountId === 'mine' ? { accountId } : {}),
  }));
  const pushBody = fc.oneof(
    fc.record({ deviceId: fc.oneof(fc.constant('fuzz-collector2'), anyValue), events: fc.oneof(fc.array(nearEvent, { maxLength: 4 }), anyValue) }, { requiredKeys: [] }),
    anyValue,
  );
  const loginBody = fc.oneof(
    fc.record({ username: fc.oneof(fc.constantFrom('collector2', 'lead'), anyValue), password: anyValue, deviceId: anyValue }, { requiredKeys: [] }),
    anyValue,
  );
  const query = fc.dictionary(fc.constantFrom('cursor', 'limit', 'bucket', 'x'), fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String)), { maxKeys: 3 })
    .map((q) => new URLSearchParams(q).toString());
  const token = fc.oneof(fc.constant('collector2'), fc.constant('lead'), fc.constant('none'), fc.string({ maxLength: 50 }));
  const raw = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '[1,', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', 'null', '"x"'));

  const request = fc.oneof(
    fc.record({ kind: fc.constant('push' as const), token, body: pushBody, rawText: fc.option(raw, { freq: 5 }) }),
    fc.record({ kind: fc.constant('login' as const), token, body: loginBody, rawText: fc.option(raw, { freq: 5 }) }),
    fc.record({ kind: fc.constant('logout' as const), token: fc.string({ maxLength: 40 }), body: anyValue, rawText: fc.constant(null) }),
    fc.record({
      kind: fc.constantFrom('/api/sync/pull' as const, '/api/sync/pull/compliance' as const, '/api/sync/pull/talktracks' as const, '/api/review/violations' as const, '/api/me' as const),
      token, query, body: fc.constant(undefined), rawText: fc.constant(null),
    }),
  );

  it(`never answers 5xx and never writes on refusal (${RUNS[kind]} requests)`, async () => {
    let before: StoreCounts = await store.counts();
    let refused = 0;
    await fc.assert(fc.asyncProperty(request, async (r) => {
      const auth = r.token === 'none' ? undefined : tokens[r.token] ?? r.token;
      const headers: Record<string, string> = auth ? { authorization: `Bearer ${auth}` } : {};
      let res;
      if (r.kind === 'push' || r.kind === 'login' || r.kind === 'logout') {
        const url = r.kind === 'push' ? '/api/sync/push' : r.kind === 'login' ? '/api/auth/login' : '/api/auth/logout';
        const payload = r.rawText ?? JSON.stringify(r.body ?? null);
        res = await app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload });
      } else {
        res = await app.inject({ method: 'GET', url: `${r.kind}${'query' in r && r.query ? `?${r.query}` : ''}`, headers });
      }
      expect(res.statusCode, res.body).toBeLessThan(500);
      const json = res.json<{ error?: { code: string; message: string }; lastSeq?: number }>();
      const after = await store.counts();
      if (res.statusCode >= 400) {
        refused += 1;
        expect(json.error?.message).toBeTruthy();
        expect(after).toEqual(before);
      } else if (typeof json.lastSeq === 'number') {
        seq = Math.max(seq, json.lastSeq);
      }
      before = after;
    }), { numRuns: RUNS[kind], seed: 20250602 });
    expect(refused).toBeGreaterThan(RUNS[kind] / 2);
  }, 600_000);
});
