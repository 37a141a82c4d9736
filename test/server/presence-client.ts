// A presence socket for tests and the board-latency bench: real `ws`, every frame kept and
// parsed, and a way to wait for the one you want. No vitest here, so the bench can use it.
import WebSocket from 'ws';
import { type PresenceServerMessage, type StateMessage, PresenceServerMessage as ServerMessage } from '../../shared/presence/protocol';

export function presenceUrl(httpUrl: string, token?: string): string {
  const url = new URL('/api/presence', httpUrl.replace(/^http/, 'ws'));
  if (token !== undefined) url.searchParams.set('token', token);
  return url.toString();
}

export function agentState(state: StateMessage['state'], extra: Partial<StateMessage> = {}): StateMessage {
  return {
    type: 'state', state, account: null, callStartedAt: null, step: null, lastOutcome: null, callId: null, sipUri: null, at: new Date().toISOString(),
    ...(state === 'paused' ? { pauseReason: 'break' as const } : {}), ...extra,
  };
}

export class PresenceClient {
  readonly messages: PresenceServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Called on every frame as it arrives (the bench timestamps here). */
  onMessage: ((m: PresenceServerMessage) => void) | undefined;
  private waiters: { test: (m: PresenceServerMessage) => boolean; resolve: (m: PresenceServerMessage) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      const m = ServerMessage.parse(JSON.parse(data.toString()));
      this.messages.push(m);
      this.onMessage?.(m);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(m)) return true;
        w.resolve(m);
        return false;
      });
    });
  }

  /** Opens a socket with the token in the Authorization header (or `?token=` with via 'query'). */
  static async open(httpUrl: string, token: string, via: 'header' | 'query' = 'header'): Promise<PresenceClient> {
    const ws = via === 'header'
      ? new WebSocket(presenceUrl(httpUrl), { headers: { authorization: `Bearer ${token}` } })
      : new WebSocket(presenceUrl(httpUrl, token));
    const client = new PresenceClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** A board: opens, watches, and resolves once the snapshot is in. */
  static async board(httpUrl: string, token: string): Promise<PresenceClient> {
    const client = await PresenceClient.open(httpUrl, token);
    const snapshot = client.next((m) => m.type === 'snapshot');
    client.send({ type: 'watch' });
    await snapshot;
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first frame (already received or still to come) that passes `test`. */
  next<T extends PresenceServerMessage = PresenceServerMessage>(test: (m: PresenceServerMessage) => boolean, timeoutMs = 3_000): Promise<T> {
    const seen = this.messages.find(test);
    if (seen) return Promise.resolve(seen as T);
    return this.upcoming<T>(test, timeoutMs);
  }

  /** The first frame from now on that passes `test`. */
  upcoming<T extends PresenceServerMessage = PresenceServerMessage>(test: (m: PresenceServerMessage) => boolean, timeoutMs = 3_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching presence frame within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`));
      }, timeoutMs);
      const waiter = { test, resolve: (m: PresenceServerMessage) => { clearTimeout(timer); resolve(m as T); } };
      this.waiters.push(waiter);
    });
  }

  snapshot(): Extract<PresenceServerMessage, { type: 'snapshot' }> {
    const s = this.messages.find((m) => m.type === 'snapshot');
    if (!s || s.type !== 'snapshot') throw new Error('no snapshot yet');
    return s;
  }

  /** Presence frames about one agent. */
  about(agentId: string) {
    return this.messages.flatMap((m) => (m.type === 'presence' && m.agent.agentId === agentId ? [m.agent] : []));
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

/** Tries an upgrade and reports the HTTP status it was refused with (or 101). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => { ws.terminate(); resolve({ status: 101, body: '' }); });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', (err) => { if (!String(err.message).includes('Unexpected server response')) reject(err); });
  });
}
