// The renderer's browser-shell transport against the real browser shell and core.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../../electron/core/core';
import { type BrowserShell, startBrowserShell } from '../../electron/hosts/browser-shell';
import { webSocketTransport } from '../../renderer/api/websocket-transport';
import { MAX_API_MESSAGE_BYTES } from '../../shared/api/limits';
import { shellProtocols } from '../../shared/api/shell-socket';

const open: { core?: Core; shell?: BrowserShell } = {};
afterEach(async () => {
  await open.shell?.close();
  open.core?.close();
});

async function startShell(port = 0, token?: string): Promise<BrowserShell> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'fairline-r-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  open.core ??= createCore({ dataDir: mkdtempSync(join(tmpdir(), 'fairline-t-')), pinnedServerUrl: null, defaultServerUrl: 'http://127.0.0.1:9', host: 'browser', version: '0' });
  open.shell = await startBrowserShell({ handlers: open.core.handlers, rendererDir, port, token });
  return open.shell;
}

function transportFor(shell: BrowserShell, token = shell.token) {
  return webSocketTransport({
    url: `ws://127.0.0.1:${shell.port}/api`,
    protocols: shellProtocols(token),
    serverAnswers: async () => fetch(`http://127.0.0.1:${shell.port}/`).then(() => true, () => false),
    createSocket: (url, protocols) => {
      const ws = new WebSocket(url, protocols, { headers: { origin: `http://127.0.0.1:${shell.port}` } });
      ws.on('error', () => undefined); // a browser reports failures through onclose; so does ws once 'error' is handled
      return ws as unknown as globalThis.WebSocket;
    },
    backoffMs: { initial: 20, max: 100 },
  });
}

describe('browser-shell transport', () => {
  it('carries calls and typed errors', async () => {
    const t = transportFor(await startShell());
    expect(await t.call('app.info', {})).toMatchObject({ ok: true, value: { host: 'browser' } });
    expect(await t.call('queue.page', { filter: {}, offset: 0, limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses a request over the message limit before sending it, naming the limit; the socket stays up', async () => {
    const t = transportFor(await startShell());
    expect((await t.call('app.info', {})).ok).toBe(true);
    const big = await t.call('files.stage', { uploadId: crypto.randomUUID(), offset: 0, data: 'A'.repeat(MAX_API_MESSAGE_BYTES) });
    expect(big).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: 'files.stage: the request is 1 MB, over the limit of 1 MB a message' } });
    expect(t.connection()).toBe('open');
    expect((await t.call('app.info', {})).ok).toBe(true);
  });

  it('reports a socket the core closed for a message too big as TOO_LARGE, not a lost connection', async () => {
    const shell = await startShell();
    let socket: WebSocket | null = null;
    const t = webSocketTransport({
      url: `ws://127.0.0.1:${shell.port}/api`,
      protocols: shellProtocols(shell.token),
      serverAnswers: async () => true,
      createSocket: (url, protocols) => {
        socket = new WebSocket(url, protocols, { headers: { origin: `http://127.0.0.1:${shell.port}` } });
        socket.on('error', () => undefined);
        return socket as unknown as globalThis.WebSocket;
      },
      backoffMs: { initial: 20, max: 100 },
    });
    expect((await t.call('app.info', {})).ok).toBe(true);
    // Another writer on the same socket (say, an extension) sends something huge while a call is in flight.
    const inFlight = t.call('sync.status', {});
    socket!.send('x'.repeat(MAX_API_MESSAGE_BYTES + 1));
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: expect.stringContaining('1 MB') } });
    await expect.poll(() => t.connection()).toBe('open'); // reconnected
    expect((await t.call('app.info', {})).ok).toBe(true);
  });

  it('ends in the refused state with a wrong token, and every call says so', async () => {
    const t = transportFor(await startShell(), 'not-the-token');
    expect(await t.call('app.info', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/refused/) } });
    expect(t.connection()).toBe('rejected');
  });

  it('holds calls while the shell restarts and delivers them when it is back', async () => {
    const shell = await startShell();
    const t = transportFor(shell);
    expect((await t.call('app.info', {})).ok).toBe(true);
    const { port, token } = shell;
    await shell.close();
    await expect.poll(() => t.connection()).toBe('reconnecting');
    const queued = t.call('app.info', {});
    await startShell(port, token);
    expect(await queued).toMatchObject({ ok: true });
    expect(t.connection()).toBe('open');
  });
});
