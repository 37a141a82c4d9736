import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../../electron/core/core';
import { type BrowserShell, startBrowserShell } from '../../electron/hosts/browser-shell';
import { MAX_API_MESSAGE_BYTES } from '../../shared/api/limits';
import { shellProtocols } from '../../shared/api/shell-socket';

let core: Core;
let shell: BrowserShell;

async function start(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fairline-shell-'));
  const rendererDir = mkdtempSync(join(tmpdir(), 'fairline-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Fairline</title>');
  core = createCore({ dataDir, pinnedServerUrl: null, defaultServerUrl: 'http://127.0.0.1:9', host: 'browser', version: '0.0.0' });
  shell = await startBrowserShell({ handlers: core.handlers, rendererDir });
}

afterEach(async () => {
  await shell?.close();
  core?.close();
});

/** A socket offering `protocols` (the page's way: shellProtocols(token)), with `query` on the URL. */
function connect(protocols: string[], headers: Record<string, string> = {}, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/api${query}`, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, message: unknown): Promise<{ id: unknown; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('browser shell', () => {
  it('serves the console over HTTP on loopback with a strict CSP', async () => {
    await start();
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{32}$/);
    const res = await fetch(`http://127.0.0.1:${shell.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    await start();
    await expect(connect([])).rejects.toThrow('HTTP 401');
    await expect(connect(shellProtocols('wrong'))).rejects.toThrow('HTTP 401');
    await expect(connect(shellProtocols(shell.token), { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    // The token in the URL is not accepted: it must never travel (or be logged) there.
    await expect(connect([], {}, `?token=${shell.token}`)).rejects.toThrow('HTTP 401');
  });

  it('answers a valid call and turns a malformed one into a typed validation error', async () => {
    await start();
    const ws = await connect(shellProtocols(shell.token), { origin: `http://127.0.0.1:${shell.port}` });
    const info = await call(ws, { id: 1, method: 'app.info', input: {} });
    expect(info).toMatchObject({ id: 1, result: { ok: true, value: { host: 'browser', storeError: null } } });

    const bad = await call(ws, { id: 2, method: 'queue.page', input: { filter: { stage: 'nope' }, offset: -1, limit: 10 } });
    expect(bad.result.ok).toBe(false);
    expect(bad.result.error).toMatchObject({ code: 'VALIDATION' });
    expect(bad.result.error!.message).toMatch(/filter\.stage|offset/);

    const unknown = await call(ws, { id: 3, method: 'fs.readFile', input: {} });
    expect(unknown.result.error).toMatchObject({ code: 'VALIDATION', message: 'Unknown method: fs.readFile' });

    const garbage = await call(ws, '{not json');
    expect(garbage.result.error?.code).toBe('VALIDATION');

    const notSignedIn = await call(ws, { id: 4, method: 'queue.page', input: { filter: {}, offset: 0, limit: 10 } });
    expect(notSignedIn.result.error?.code).toBe('UNAUTHORIZED');
    ws.close();
  });

  it('closes a socket that sends a frame over the limit with 1009 and goes on serving the others', async () => {
    const socketErrors: Error[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'fairline-shell-'));
    core = createCore({ dataDir, pinnedServerUrl: null, defaultServerUrl: 'http://127.0.0.1:9', host: 'browser', version: '0.0.0' });
    shell = await startBrowserShell({ handlers: core.handlers, rendererDir: dataDir, onSocketError: (err) => socketErrors.push(err) });
    const origin = { origin: `http://127.0.0.1:${shell.port}` };
    const bystander = await connect(shellProtocols(shell.token), origin);
    const sender = await connect(shellProtocols(shell.token), origin);
    sender.on('error', () => undefined);
    const closed = new Promise<number>((resolve) => sender.once('close', (code) => resolve(code)));
    sender.send(JSON.stringify({ id: 1, method: 'app.info', input: { padding: 'x'.repeat(MAX_API_MESSAGE_BYTES) } }));
    expect(await closed).toBe(1009);
    expect(socketErrors.map((e) => e.message)).toEqual([expect.stringMatching(/Max payload size exceeded.*limit is 1 MB a message/)]);

    // The process is alive and the other socket, and a new one, still get answers.
    expect((await call(bystander, { id: 2, method: 'app.info', input: {} })).result.ok).toBe(true);
    const again = await connect(shellProtocols(shell.token), origin);
    expect((await call(again, { id: 3, method: 'app.info', input: {} })).result.ok).toBe(true);
    bystander.close();
    again.close();
  });

  it('answers a malformed HTTP request with 400 instead of failing', async () => {
    await start();
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp(shell.port, '127.0.0.1', () => socket.write('GARBAGE / HTTP/9.9\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => { text += d.toString(); });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`http://127.0.0.1:${shell.port}/`)).status).toBe(200);
  });
});
