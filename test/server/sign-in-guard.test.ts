// Sign-in that resists guessing, on both stores (docs/server.md "Sign-in"): throttling per
// account and per address with 429 and Retry-After, exponential backoff, refusals that run no
// scrypt, lockouts recorded for the lead and admin, disabled users, and a weak hash upgraded
// at the next sign-in.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password';
import { DEMO_PASSWORD, DEMO_TEAMS } from '../../server/seed/demo';
import type { SecurityEvent } from '../../server/store/security-store';
import { type ErrorBody, type TestServer, NOW, call, describeEachStore, login, startTestServer } from './helpers';

const attempt = (url: string, username: string, password: string, deviceId = `guard-${username}`) =>
  fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, deviceId }) });

describeEachStore('sign-in guard', (kind) => {
  let server: TestServer;
  let leadToken = '';
  let adminToken = '';

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, signIn: { accountAttempts: 5, addressAttempts: 1000, lockSeconds: 1, maxLockSeconds: 8, windowSeconds: 60 } }, kind);
    leadToken = (await login(server.url, 'lead')).token;
    adminToken = (await login(server.url, 'admin')).token;
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  it('locks an account after 5 wrong passwords: 429 with Retry-After, even for the right password, and backs off exponentially', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(server.url, 'collector1', `wrong-${i}`)).status).toBe(401);
    const locked = await attempt(server.url, 'collector1', 'wrong-6');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect(((await locked.json()) as ErrorBody).error.message).toMatch(/Too many failed sign-ins for this account/);
    // The right password is refused while locked: guessing cannot be confirmed during a lock.
    expect((await attempt(server.url, 'collector1', DEMO_PASSWORD)).status).toBe(429);
    // The same account typed in another case is the same account.
    expect((await attempt(server.url, 'COLLECTOR1', DEMO_PASSWORD)).status).toBe(429);

    await new Promise((r) => setTimeout(r, 1100));
    for (let i = 0; i < 5; i++) expect((await attempt(server.url, 'collector1', `again-${i}`)).status).toBe(401);
    const second = await attempt(server.url, 'collector1', 'again-6');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2'); // twice the first lock

    await new Promise((r) => setTimeout(r, 2100));
    expect((await attempt(server.url, 'collector1', DEMO_PASSWORD)).status).toBe(200);
    // A success forgets the failures: five more wrong ones are needed for the next lock.
    for (let i = 0; i < 5; i++) expect((await attempt(server.url, 'collector1', `later-${i}`)).status).toBe(401);
  }, 60_000);

  it('refuses while locked without hashing: 50 refusals take a fraction of one scrypt each', async () => {
    const slow = await startTestServer({ seedDemo: true, signIn: { accountAttempts: 2, lockSeconds: 60 } }, kind);
    try {
      for (let i = 0; i < 3; i++) await attempt(slow.url, 'field', `wrong-${i}`);
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(slow.url, 'field', `guess-${i}`)));
      const ms = performance.now() - started;
      expect(answers.every((a) => a.status === 429)).toBe(true);
      // One scrypt at N=2^17 is ~400 ms here and hashes run one at a time: 50 would take 20 s.
      expect(ms).toBeLessThan(5_000);
    } finally {
      await slow.stop();
    }
  }, 60_000);

  it('answers 200 parallel wrong sign-ins for one account with at most 5 checked and the rest 429', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => attempt(server.url, 'collector2', `parallel-${i}`)));
    const counts = { 401: 0, 429: 0 } as Record<number, number>;
    for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
    expect(counts[401]).toBeLessThanOrEqual(5);
    expect(counts[429]).toBeGreaterThanOrEqual(195);
    expect(Object.keys(counts).sort()).toEqual(['401', '429']);
  }, 60_000);

  it('records each lockout as a security event the lead and admin see, and an agent may not read them', async () => {
    const asLead = await call<{ events: SecurityEvent[] }>(server.url, '/api/security/events?kind=login.locked', { token: leadToken });
    expect(asLead.status).toBe(200);
    const collector1 = asLead.body.events.filter((e) => e.username === 'collector1');
    expect(collector1.map((e) => e.detail.seconds)).toEqual([2, 1]);
    expect(collector1[0]!.userId).toBeTruthy();
    const asAdmin = await call<{ events: SecurityEvent[] }>(server.url, '/api/security/events', { token: adminToken });
    expect(asAdmin.body.events.some((e) => e.kind === 'login.locked' && e.username === 'collector2')).toBe(true);
    const agent = await login(server.url, 'field', 'guard-events');
    expect((await call(server.url, '/api/security/events', { token: agent.token })).status).toBe(403);
  });

  it('throttles an address across accounts', async () => {
    const tight = await startTestServer({ seedDemo: true, signIn: { accountAttempts: 100, addressAttempts: 8, lockSeconds: 30 } }, kind);
    try {
      const answers: number[] = [];
      for (let i = 0; i < 10; i++) answers.push((await attempt(tight.url, `nobody-${i}`, 'x')).status);
      expect(answers).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
      // Every account is refused from that address while it is locked, the right password too.
      const res = await attempt(tight.url, 'admin', DEMO_PASSWORD);
      expect(res.status).toBe(429);
      expect(((await res.json()) as ErrorBody).error.message).toMatch(/from this address/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(20);
    } finally {
      await tight.stop();
    }
  }, 60_000);

  it('upgrades a hash made with weaker parameters at the next sign-in', async () => {
    const us = await server.store.findTeamByName(DEMO_TEAMS.us);
    await server.store.createUser({
      id: uuidv7(), username: 'old_hash', displayName: 'Old', role: 'collector', teamId: us!.id,
      passwordHash: await hashPassword(DEMO_PASSWORD, { N: 2 ** 14, r: 8, p: 1 }),
    }, NOW.toISOString());
    expect((await server.store.findUserByUsername('old_hash'))!.passwordHash).toMatch(/^scrypt\$16384\$/);
    await login(server.url, 'old_hash');
    const upgraded = (await server.store.findUserByUsername('old_hash'))!.passwordHash;
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    await login(server.url, 'old_hash'); // and it still opens
  });

  it('refuses a disabled user after the password check, and records it', async () => {
    const field2 = await server.store.createUser({
      id: uuidv7(), username: 'to_disable', displayName: 'D', role: 'collector', teamId: null, passwordHash: await hashPassword(DEMO_PASSWORD),
    }, NOW.toISOString());
    const session = await login(server.url, 'to_disable');
    await server.store.security.setDisabled(field2.id, NOW.toISOString());
    const res = await call<ErrorBody>(server.url, '/api/auth/login', { body: { username: 'to_disable', password: DEMO_PASSWORD, deviceId: 'd' } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/disabled/);
    // A wrong password for a disabled user says nothing about it being disabled.
    expect((await attempt(server.url, 'to_disable', 'wrong')).status).toBe(401);
    // Disabling ended the session (the cache may hold it for up to 5 s on this instance).
    await new Promise((r) => setTimeout(r, 5_100));
    expect((await call(server.url, '/api/me', { token: session.token })).status).toBe(401);
  }, 30_000);
});
