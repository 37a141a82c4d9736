// A tiny HTTP server on 127.0.0.1 for the endpoint pages: the page, its bundled scripts and
// the lab's WAV files. The page must come from a loopback origin: that makes it a secure
// context (WebRTC, getUserMedia), and Chromium's local-network-access checks block a page
// from any other origin (even one served by request interception) from opening the
// WebSocket to Kamailio on 127.0.0.1.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { pageScripts } from './bundle';

export interface PageServer {
  /** e.g. http://127.0.0.1:40125 */
  readonly origin: string;
  /** Serves `file` at `path` (which starts with /audio/). */
  addAudio(path: string, file: string): void;
  close(): Promise<void>;
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>lab phone</title><script src="/phone.js"></script>';

export async function startPageServer(): Promise<PageServer> {
  const scripts = await pageScripts();
  const audio = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (path === '/phone.html') return send(200, 'text/html; charset=utf-8', PAGE);
    if (path === '/phone.js') return send(200, 'text/javascript; charset=utf-8', scripts.page);
    if (path === '/dtmf-worklet.js') return send(200, 'text/javascript; charset=utf-8', scripts.worklet);
    if (path === '/favicon.ico') return send(204, 'text/plain', '');
    const file = audio.get(path);
    if (!file) return send(404, 'text/plain', 'not found');
    readFile(file).then((bytes) => send(200, 'audio/wav', bytes), () => send(500, 'text/plain', 'unreadable'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    addAudio: (path, file) => { audio.set(path, file); },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
