// Browser-shell host: the typed API over one WebSocket to ws://<host>/api, the page's token
// offered as a subprotocol (shared/api/shell-socket.ts), never in the URL.
// Wire format: request {id, method, input} → response {id, result}, where result is the
// Result envelope from shared/api/errors. Calls made while the socket is down wait for it;
// calls in flight when it drops fail; the socket reconnects with exponential backoff.
import { z } from 'zod';
import { Result } from '../../shared/api/errors';
import { formatBytes, MAX_API_MESSAGE_BYTES } from '../../shared/api/limits';
import { type ConnectionState, failure, type Transport } from './transport';

const LOST_CONNECTION = 'Lost connection to the console core';
const ACCESS_REFUSED = 'The console core refused this page’s access token';
/** Close code the shell uses for a missing or wrong token on an accepted socket. */
const TOKEN_REJECTED = 4401;
/** Close code for a message over the receiver's size limit (RFC 6455 "message too big"). */
const MESSAGE_TOO_BIG = 1009;
const TOO_LARGE = `A request was larger than the console core accepts in one message (${formatBytes(MAX_API_MESSAGE_BYTES)})`;
const OPEN = 1; // WebSocket.OPEN, without needing the global (tests pass their own socket)

const Response = z.object({ id: z.number(), result: z.unknown() });

export interface WebSocketTransportOptions {
  url: string;
  /** The subprotocols to offer (shellProtocols(token)). */
  protocols: string[];
  /**
   * Whether the page's own server answers plain HTTP. A browser cannot see why an upgrade
   * failed, so a socket that never opened while the server is up means it was refused.
   */
  serverAnswers: () => Promise<boolean>;
  createSocket?: (url: string, protocols: string[]) => WebSocket;
  backoffMs?: { initial: number; max: number };
}

interface Pending {
  id: number;
  message: string;
  resolve: (result: Result) => void;
}

export function webSocketTransport(options: WebSocketTransportOptions): Transport {
  const createSocket = options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
  const backoff = options.backoffMs ?? { initial: 250, max: 8_000 };
  const listeners = new Set<() => void>();
  const waiting: Pending[] = [];
  const inFlight = new Map<number, Pending>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let delay = backoff.initial;

  function setState(next: ConnectionState): void {
    if (state === next) return;
    state = next;
    for (const listener of listeners) listener();
  }

  function connect(): void {
    const ws = createSocket(options.url, options.protocols);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      delay = backoff.initial;
      setState('open');
      for (const pending of waiting.splice(0)) send(ws, pending);
    };
    ws.onmessage = (event) => receive(event.data);
    ws.onclose = (event) => {
      socket = null;
      const lost = event.code === MESSAGE_TOO_BIG ? failure('TOO_LARGE', TOO_LARGE) : failure('INTERNAL', LOST_CONNECTION);
      for (const pending of inFlight.values()) pending.resolve(lost);
      inFlight.clear();
      if (event.code === TOKEN_REJECTED) return refuse();
      if (opened) return retry();
      void options.serverAnswers().then((up) => (up ? refuse() : retry()));
    };
  }

  function send(ws: WebSocket, pending: Pending): void {
    inFlight.set(pending.id, pending);
    ws.send(pending.message);
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let parsed: z.infer<typeof Response>;
    try {
      parsed = Response.parse(JSON.parse(data));
    } catch {
      return; // not an answer to anything we asked; nothing to resolve
    }
    const pending = inFlight.get(parsed.id);
    if (!pending) return;
    inFlight.delete(parsed.id);
    const result = Result.safeParse(parsed.result);
    pending.resolve(result.success ? result.data : failure('INTERNAL', 'The console core sent a malformed answer'));
  }

  function retry(): void {
    setState('reconnecting');
    const jittered = delay * (0.75 + Math.random() * 0.5);
    delay = Math.min(delay * 2, backoff.max);
    setTimeout(connect, jittered);
  }

  function refuse(): void {
    setState('rejected');
    for (const pending of waiting.splice(0)) pending.resolve(failure('INTERNAL', ACCESS_REFUSED));
  }

  connect();

  return {
    call(method, input) {
      return new Promise<Result>((resolve) => {
        if (state === 'rejected') return resolve(failure('INTERNAL', ACCESS_REFUSED));
        const id = nextId++;
        const pending = { id, message: JSON.stringify({ id, method, input }), resolve };
        // Refused here rather than sent: the core would drop the socket, and every call on it.
        if (utf8Length(pending.message) > MAX_API_MESSAGE_BYTES) {
          return resolve(failure('TOO_LARGE', `${method}: the request is ${formatBytes(utf8Length(pending.message))}, over the limit of ${formatBytes(MAX_API_MESSAGE_BYTES)} a message`));
        }
        if (socket?.readyState === OPEN) send(socket, pending);
        else waiting.push(pending);
      });
    },
    connection: () => state,
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

function utf8Length(text: string): number {
  // Most messages are ASCII; only long ones need the exact count.
  return text.length * 3 <= MAX_API_MESSAGE_BYTES ? text.length : new TextEncoder().encode(text).length;
}
