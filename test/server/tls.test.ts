// HTTPS and WSS end to end with a certificate authority the test makes (openssl): the server
// serves TLS when given a key and certificate, the console's sign-in and sync client reach it at
// an https:// URL once told to trust that CA, the presence socket works over wss:// with the
// token in a header, and every answer carries the security headers.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PullResponse } from '../../shared/sync/protocol';
import { deviceSecret, signIn } from '../../electron/core/session';
import { requestJson, trustCertificateAuthority } from '../../electron/core/sync/http';
import { PresenceService } from '../../electron/core/presence/presence';
import { LoginResponse } from '../../shared/sync/protocol';
import { type RunningServer, startServer } from '../../server/app';
import { loadTls } from '../../server/tls';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { tempDir } from './helpers';

function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Fairline Test CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
}

describe('TLS', () => {
  const dir = tempDir();
  let files: { ca: string; cert: string; key: string };
  let server: RunningServer;

  beforeAll(async () => {
    files = makeCertificates(dir.dir);
    server = await startServer({ databaseFile: join(dir.dir, 'server.db'), seedDemo: true, logger: false, tls: loadTls({ certFile: files.cert, keyFile: files.key }) });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    dir.remove();
  });

  it('serves HTTPS, which a client that does not know the CA refuses', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });

  it('lets the console sign in and pull over https once it trusts the CA (FAIRLINE_CA_FILE)', async () => {
    await trustCertificateAuthority(files.ca);
    const db = new BetterSqlite3(join(dir.dir, 'console.db'));
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
    try {
      const session = await signIn(db, { fetch, serverUrl: server.url, deviceId: 'tls-console' }, { username: 'collector1', password: DEMO_PASSWORD });
      expect(session.user.username).toBe('collector1');
      // The device secret lives inside the (encrypted) local database, not in a file beside it.
      expect(deviceSecret(db)).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
      expect(existsSync(join(dir.dir, 'device.secret'))).toBe(false);
      const page = await requestJson(fetch, server.url, 'api/sync/pull?cursor=0&limit=5', { token: session.token, schema: PullResponse });
      expect(page.accounts).toHaveLength(5);
    } finally {
      db.close();
    }
  });

  it('refuses a certificate authority file that is not one', async () => {
    writeFileSync(join(dir.dir, 'not-a-ca.pem'), 'hello');
    await expect(trustCertificateAuthority(join(dir.dir, 'not-a-ca.pem'))).rejects.toThrow(/not a PEM certificate/);
    await expect(trustCertificateAuthority(join(dir.dir, 'missing.pem'))).rejects.toThrow(/Cannot read the certificate authority file/);
    await trustCertificateAuthority(files.ca);
  });

  it('opens the presence socket over wss with the token in a header, and refuses it in the URL', async () => {
    const login = await requestJson(fetch, server.url, 'api/auth/login', {
      method: 'POST', body: { username: 'lead', password: DEMO_PASSWORD, deviceId: 'tls-lead' }, schema: PullResponse.pick({}).passthrough(),
    }) as unknown as { token: string };
    const wss = `${server.url.replace(/^https/, 'wss')}/api/presence`;
    const ca = readFileSync(files.ca);
    const ws = new WebSocket(wss, { ca, headers: { authorization: `Bearer ${login.token}` } });
    await new Promise<void>((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.close();
    const refused = new WebSocket(`${wss}?token=${login.token}`, { ca });
    const status = await new Promise<number>((resolve) => {
      refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      refused.once('error', () => resolve(-1));
    });
    expect(status).toBe(400);
  });

  it('opens the console\'s presence socket over wss trusting the CA named by FAIRLINE_CA_FILE, and not without it', async () => {
    const login = await requestJson(fetch, server.url, 'api/auth/login', {
      method: 'POST', body: { username: 'lead', password: DEMO_PASSWORD, deviceId: 'tls-board' }, schema: LoginResponse,
    });
    const board = (log: string[]) => new PresenceService({
      serverUrl: () => server.url, session: () => ({ token: login.token, user: login.user }), now: () => new Date(), log: (m) => log.push(m),
    });
    const waitFor = async (what: () => boolean) => {
      for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
      return what();
    };
    const before = process.env.FAIRLINE_CA_FILE;
    try {
      // Without the CA, the socket refuses the server's certificate (and says so in the log).
      delete process.env.FAIRLINE_CA_FILE;
      const untrusting: string[] = [];
      const refused = board(untrusting);
      refused.start();
      expect(await waitFor(() => untrusting.length > 0)).toBe(true);
      expect(untrusting[0]).toMatch(/certificate/i);
      expect(refused.snapshot().connected).toBe(false);
      await refused.stop(true);

      process.env.FAIRLINE_CA_FILE = files.ca;
      const log: string[] = [];
      const service = board(log);
      service.start();
      expect(await waitFor(() => service.snapshot().connected)).toBe(true);
      expect(service.snapshot().teams.length).toBeGreaterThan(0);
      expect(log).toEqual([]);
      await service.stop(true);

      // A file that is not a certificate: no socket, and the log names the file.
      writeFileSync(join(dir.dir, 'not-a-ca-either.pem'), 'hello');
      process.env.FAIRLINE_CA_FILE = join(dir.dir, 'not-a-ca-either.pem');
      const wrongFile: string[] = [];
      const broken = board(wrongFile);
      broken.start();
      expect(await waitFor(() => wrongFile.length > 0)).toBe(true);
      expect(wrongFile[0]).toMatch(/not-a-ca-either\.pem \(FAIRLINE_CA_FILE\) is not a PEM certificate/);
      await broken.stop(true);
    } finally {
      if (before === undefined) delete process.env.FAIRLINE_CA_FILE;
      else process.env.FAIRLINE_CA_FILE = before;
    }
  });

  it('sends the security headers and no-store on API answers, errors included', async () => {
    for (const path of ['/api/health', '/api/me', '/api/nothing']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

describe('TLS settings', () => {
  it('wants both files or neither, and names what is wrong', () => {
    expect(loadTls({})).toBeUndefined();
    expect(() => loadTls({ certFile: '/x' })).toThrow(/both FAIRLINE_TLS_CERT and FAIRLINE_TLS_KEY/);
    expect(() => loadTls({ certFile: '/nope.pem', keyFile: '/nope.key' })).toThrow(/Cannot read the TLS certificate/);
  });
});
