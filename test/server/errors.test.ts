import { afterAll, beforeAll, expect, it } from 'vitest';
import { HttpError } from '../../shared/sync/protocol';
import { type TestServer, describeEachStore, startTestServer } from './helpers';

describeEachStore('error shape', (kind) => {
  let server: TestServer;
  // No logger: the 500 below is logged at error level on purpose.
  beforeAll(async () => { server = await startTestServer({ logger: false }, kind); });
  afterAll(async () => { await server?.stop(); });

  it('reports an unsupported content type as VALIDATION with its status', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<hi/>' });
    expect(res.status).toBe(415);
    expect(HttpError.parse(await res.json()).error.code).toBe('VALIDATION');
  });

  it('hides internal failures behind INTERNAL', async () => {
    await server.store.close(); // every store call now throws
    const res = await fetch(`${server.url}/api/me`, { headers: { authorization: 'Bearer x' } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
  });
});
