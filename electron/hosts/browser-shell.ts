// The browser shell: serves the built renderer on 127.0.0.1 and carries the typed API over a
// WebSocket. Every socket must present this run's random token, offered as a subprotocol
// (shared/api/shell-socket.ts: never in the URL), and come from this origin; anything else is
// refused before it reaches the core.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Handlers } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { formatBytes, MAX_API_MESSAGE_BYTES } from '../../shared/api/limits';
import { SHELL_PROTOCOL, tokenFromProtocols } from '../../shared/api/shell-socket';
import { CONTENT_SECURITY_POLICY } from './security';

export interface BrowserShell {
  url: string; // the token in the fragment, which the browser never sends: the page offers it on the socket
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface BrowserShellOptions {
  handlers: Handlers;
  rendererDir: string;
  port?: number;
  token?: string;
  onInternalError?: (err: unknown) => void;
  /** A client's socket failed (reset, oversized frame): logged, never fatal. */
  onSocketError?: (err: Error) => void;
  /** How many screens (sockets) are open, after each one opens or closes. */
  onScreens?: (count: number) => void;
}


export async function startBrowserShell(opts: BrowserShellOptions): Promise<BrowserShell> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const serveStatic = sirv(opts.rendererDir, {
    single: true,
    etag: true,
    setHeaders: (res) => {
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
    },
  });
  const http: Server = createServer((req, res) => serveStatic(req, res, () => {
    res.statusCode = 404;
    res.end('Not found');
  }));
  // A malformed request or a reset connection is that client's problem: answer or drop it, and
  // never let it reach the process (an unhandled 'error' ends the console and its embedded server).
  http.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
    opts.onSocketError?.(err);
  });
  // The shell's protocol is the one chosen, so the token offered beside it is never echoed back.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_API_MESSAGE_BYTES, handleProtocols: (offered) => (offered.has(SHELL_PROTOCOL) ? SHELL_PROTOCOL : false) });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  http.on('upgrade', (req, socket, head) => {
    socket.on('error', (err) => opts.onSocketError?.(err));
    const refusal = refuse(req, token, origin);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serve(ws, opts);
      opts.onScreens?.(wss.clients.size);
      ws.on('close', () => opts.onScreens?.(wss.clients.size));
    });
  });

  return {
    url: `${origin}/#token=${token}`,
    port,
    token,
    close: () => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      http.close(() => resolve());
    }),
  };
}

/** Why an upgrade is refused, or null to accept it. */
function refuse(req: IncomingMessage, token: string, origin: string): string | null {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname !== '/api') return '404 Not Found';
  const given = Buffer.from(tokenFromProtocols(req.headers['sec-websocket-protocol']) ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '401 Unauthorized';
  // Browsers always send Origin; a page from anywhere else must not drive the console.
  if (req.headers.origin !== undefined && req.headers.origin !== origin) return '403 Forbidden';
  return null;
}

function serve(ws: WebSocket, opts: BrowserShellOptions): void {
  // ws emits 'error' for a frame over maxPayload (then closes with 1009, which the renderer
  // reports as TOO_LARGE) and for protocol violations; without a listener it would end the process.
  ws.on('error', (err) => opts.onSocketError?.(new Error(`Browser-shell socket closed: ${err.message} (the limit is ${formatBytes(MAX_API_MESSAGE_BYTES)} a message)`)));
  ws.on('message', async (data) => {
    let id: unknown = null;
    try {
      const msg = JSON.parse(data.toString()) as { id?: unknown; method?: unknown; input?: unknown };
      id = msg.id;
      if (typeof id !== 'number') throw new Error('missing numeric id');
      const result = await dispatch(opts.handlers, msg.method, msg.input, opts.onInternalError);
      send(ws, { id, result });
    } catch (err) {
      send(ws, { id, result: { ok: false, error: { code: 'VALIDATION', message: `Malformed message: ${err instanceof Error ? err.message : String(err)}` } } });
    }
  });
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}
