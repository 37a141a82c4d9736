// The hostile corpus (hostile-corpus.ts) against every route, in every string a request carries
// (body fields at any depth, query parameters, path parameters), on SQLite and PostgreSQL:
// no answer is a 5xx, text that no field may hold (NUL, lone surrogates, over-long) is refused
// with a 4xx before the route runs, and both stores answer every case with the same status.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { HOSTILE_CORPUS, urlEncode } from './hostile-corpus';
import { type StoreKind, type TestServer, NOW, describeEachStore, login, startTestServer } from './helpers';
import { TEST_DATABASE_URL } from './databases';

type User = 'collector2' | 'lead' | 'admin';

interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'HEAD';
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A valid body; built afresh for every request (new event ids and seqs). */
  body?: () => unknown;
  as?: User;
}

/** Every string leaf of a JSON value, by path. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

function replaced(value: unknown, path: (string | number)[], by: string): unknown {
  if (path.length === 0) return by;
  const copy: Record<string | number, unknown> = Array.isArray(value) ? [...value] as never : { ...(value as object) };
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), by);
  return copy;
}

const results: Record<StoreKind, Map<string, number>> = { sqlite: new Map(), postgres: new Map() };

describeEachStore('hostile input on every route', (kind) => {
  let server: TestServer;
  const tokens = {} as Record<User, string>;
  let collectorId = '';
  let accountId = '';
  let phoneId = '';
  let seq = 0;
  const device = 'hostile-device-collector2';

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    for (const user of ['collector2', 'lead', 'admin'] as const) {
      const s = await login(server.url, user, user === 'collector2' ? device : `hostile-device-${user}`);
      tokens[user] = s.token;
      if (user === 'collector2') collectorId = s.user.id;
    }
    const account = await server.store.findAccountByRef('US-100001');
    accountId = account!.id;
    phoneId = (await server.store.getAccount(accountId))!.phones[0]!.id;
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  const at = NOW.toISOString();
  const event = (body: Record<string, unknown>) => ({ id: uuidv7(), deviceId: device, seq: ++seq, userId: collectorId, accountId, deviceTime: at, body });
  const sha = 'a'.repeat(64);

  const routes = (): RouteCase[] => [
    { name: 'sign-in', method: 'POST', path: '/api/auth/login', body: () => ({ username: 'nobody-here', password: DEMO_PASSWORD, deviceId: 'hostile-login' }) },
    { name: 'push', method: 'POST', path: '/api/sync/push', as: 'collector2', body: () => ({
      deviceId: device,
      events: [
        event({ type: 'call.attempt', callId: `c-${uuidv7()}`, direction: 'outbound', phoneId, partyId: null, number: '+12125550100', result: 'answered',
          startedAt: at, answeredAt: at, endedAt: at, sipStatus: 200, recording: { file: 'r.webm', sha256: sha, durationMs: 1000 } }),
        event({ type: 'call.outcome', callId: null, phoneId, partyId: null, packId: 'us-regf', outcome: 'no_answer', contact: 'no_answer', hold: null,
          promise: null, plan: null, callback: { id: 'cb-1', at, owner: 'agent' }, note: 'note', steps: [{ stepId: 's1', atMs: 1 }], trackId: 't' }),
        event({ type: 'note.added', text: 'hello' }),
      ],
    }) },
    { name: 'pull', method: 'GET', path: '/api/sync/pull', as: 'collector2', query: { cursor: '0', limit: '5' } },
    { name: 'pull compliance', method: 'GET', path: '/api/sync/pull/compliance', as: 'collector2', query: { cursor: '0', limit: '5' } },
    { name: 'pull routes', method: 'GET', path: '/api/sync/pull/routes', as: 'collector2', query: { cursor: '0', limit: '5' } },
    { name: 'pull talk tracks', method: 'GET', path: '/api/sync/pull/talktracks', as: 'collector2', query: { cursor: '0', limit: '5' } },
    { name: 'violations', method: 'GET', path: '/api/review/violations', as: 'lead', query: { limit: '5' } },
    { name: 'calls', method: 'GET', path: '/api/review/calls', as: 'lead', query: { agentId: collectorId, from: '2025-06-01', to: '2025-06-03', offset: '0', limit: '5' } },
    { name: 'call', method: 'GET', path: '/api/review/calls/:callId', as: 'lead', params: { callId: 'c-1' } },
    { name: 'review', method: 'POST', path: '/api/review/calls/:callId/reviews', as: 'lead', params: { callId: 'c-1' }, body: () => ({ score: 4, comment: 'fine' }) },
    { name: 'blob status', method: 'HEAD', path: '/api/blobs/:sha256', as: 'collector2', params: { sha256: sha } },
    { name: 'blob download', method: 'GET', path: '/api/blobs/:sha256', as: 'lead', params: { sha256: sha } },
    { name: 'blob upload', method: 'PATCH', path: '/api/blobs/:sha256', as: 'collector2', params: { sha256: sha } },
    { name: 'board figures', method: 'GET', path: '/api/board/figures', as: 'lead', query: { date: '2025-06-02', tz: 'America/New_York' } },
    { name: 'monitor', method: 'POST', path: '/api/monitor/sessions', as: 'lead', body: () => ({ agentId: collectorId, mode: 'listen' }) },
    { name: 'security events', method: 'GET', path: '/api/security/events', as: 'admin', query: { limit: '5', kind: 'login.locked' } },
    { name: 'unknown route', method: 'GET', path: '/api/nothing/:x', as: 'admin', params: { x: 'y' } },
  ];

  async function send(route: RouteCase, parts: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown }): Promise<number> {
    let path = route.path;
    for (const [k, v] of Object.entries(parts.params ?? route.params ?? {})) path = path.replace(`:${k}`, urlEncode(v));
    const query = Object.entries(parts.query ?? route.query ?? {}).map(([k, v]) => `${urlEncode(k)}=${urlEncode(v)}`).join('&');
    const headers: Record<string, string> = {};
    if (route.as) headers.authorization = `Bearer ${tokens[route.as]}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (route.method === 'PATCH') {
      Object.assign(headers, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'upload-length': '1' });
      body = new Uint8Array([1]);
    } else if (parts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(parts.body);
    }
    const res = await fetch(`${server.url}${path}${query ? `?${query}` : ''}`, { method: route.method, headers, body });
    await res.arrayBuffer();
    return res.status;
  }

  it('answers every hostile value in every field of every route with a 4xx or a success, never a 5xx', async () => {
    const failures: string[] = [];
    const record = (key: string, status: number, refused: boolean, inUrl: boolean) => {
      results[kind].set(key, status);
      if (status >= 500) failures.push(`${key}: ${status}`);
      // A URL cannot carry a lone surrogate: what arrives is bytes that are not UTF-8, which may
      // be read as U+FFFD (then it is ordinary text); everywhere else refused text gets a 4xx.
      else if (refused && !(status >= 400 && status < 500) && !inUrl) failures.push(`${key}: ${status}, expected a 4xx`);
    };
    for (const route of routes()) {
      for (const h of HOSTILE_CORPUS) {
        const urlRefused = h.refused && !/surrogate/.test(h.name);
        for (const name of Object.keys(route.params ?? {})) {
          const status = await send(route, { params: { ...route.params, [name]: h.value } });
          record(`${route.name} path ${name} ← ${h.name}`, status, urlRefused, false);
        }
        for (const name of Object.keys(route.query ?? {})) {
          const status = await send(route, { query: { ...route.query, [name]: h.value } });
          record(`${route.name} query ${name} ← ${h.name}`, status, urlRefused, false);
        }
        if (route.query) {
          const status = await send(route, { query: { ...route.query, [h.value.slice(0, 100) || 'empty']: 'x' } });
          record(`${route.name} query key ← ${h.name}`, status, urlRefused && h.value.length <= 100, false);
        }
        if (route.body) {
          for (const path of stringPaths(route.body())) {
            const status = await send(route, { body: replaced(route.body(), path, h.value) });
            record(`${route.name} body ${path.join('.')} ← ${h.name}`, status, h.refused, false);
          }
          const status = await send(route, { body: { ...(route.body() as object), [h.value]: 1 } });
          record(`${route.name} body key ← ${h.name}`, status, h.refused, false);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(results[kind].size).toBeGreaterThan(500);
  }, 600_000);

  it('still serves the same route with valid input afterwards', async () => {
    expect(await send(routes()[1]!, { body: routes()[1]!.body!() })).toBe(200);
  });
});

it.runIf(TEST_DATABASE_URL)('answers every hostile case with the same status on SQLite and PostgreSQL', () => {
  const differ = [...results.sqlite].filter(([key, status]) => results.postgres.get(key) !== status).map(([key, status]) => `${key}: SQLite ${status}, PostgreSQL ${results.postgres.get(key)}`);
  expect(results.postgres.size).toBe(results.sqlite.size);
  expect(differ).toEqual([]);
});
