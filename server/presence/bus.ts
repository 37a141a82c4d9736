// How presence changes and alerts reach the other server instances. On SQLite there is one
// process and the in-process bus is enough; on PostgreSQL every instance LISTENs on one channel
// over a dedicated connection and publishes with NOTIFY (docs/presence.md "Several instances").
// A bus never hands an instance its own messages back: the hub applies its own changes at once.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { z } from 'zod';
import { AgentPresence, Alert } from '../../shared/presence/protocol';

export const BusMessage = z.discriminatedUnion('t', [
  /** Agents' states; `conn` names the socket that set it (null: set by the hub itself). */
  z.object({ t: z.literal('presence'), items: z.array(z.object({ conn: z.string().nullable(), p: AgentPresence })).min(1) }),
  /** An alert raised by a pushed event; `teamId` is the agent's team, for scoping. */
  z.object({ t: z.literal('alert'), teamId: z.string().nullable(), alert: Alert }),
  /** A new or reconnected instance: every other instance answers with the agents it holds. */
  z.object({ t: z.literal('hello') }),
  /** Sign of life, every instanceHeartbeatMs. */
  z.object({ t: z.literal('alive') }),
  /** An instance shutting down: its agents have already been published offline. */
  z.object({ t: z.literal('bye') }),
]);
export type BusMessage = z.infer<typeof BusMessage>;
export type BusEnvelope = BusMessage & { from: string };

/** NOTIFY payloads must stay under 8000 bytes. */
export const MAX_BUS_PAYLOAD_BYTES = 7_900;

export interface PresenceBus {
  /** Random per process start: names this instance on the bus. */
  readonly instanceId: string;
  /** Whether other instances may be listening (PostgreSQL). */
  readonly shared: boolean;
  /** Sends to every other instance. Resolves once handed to the transport; never throws for a lost connection (presence is ephemeral). */
  publish(message: BusMessage): Promise<void>;
  /** Messages from other instances. */
  subscribe(handler: (message: BusEnvelope) => void): void;
  /** Called after the bus reconnected: messages may have been lost meanwhile. */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

export function newInstanceId(): string {
  return randomBytes(6).toString('hex');
}

/** The serialised envelope, refused if it would not fit a NOTIFY payload. */
export function encode(from: string, message: BusMessage): string {
  const text = JSON.stringify({ ...message, from });
  if (Buffer.byteLength(text) > MAX_BUS_PAYLOAD_BYTES) throw new RangeError(`presence bus message of ${Buffer.byteLength(text)} bytes exceeds ${MAX_BUS_PAYLOAD_BYTES}`);
  return text;
}

const Envelope = z.object({ from: z.string().min(1) }).passthrough();

export function decode(text: string): BusEnvelope | undefined {
  try {
    const raw: unknown = JSON.parse(text);
    const { from } = Envelope.parse(raw);
    return { ...BusMessage.parse(raw), from };
  } catch {
    return undefined;
  }
}

/**
 * In-process bus. Buses built on the same `group` hear each other (several apps in one process);
 * by default each is alone, which is all a single SQLite server needs.
 */
export class LocalBus implements PresenceBus {
  readonly instanceId = newInstanceId();
  readonly shared = false;
  private readonly handlers: ((m: BusEnvelope) => void)[] = [];
  private readonly listener = (text: string) => {
    const message = decode(text);
    if (message && message.from !== this.instanceId) for (const h of this.handlers) h(message);
  };

  constructor(private readonly group: EventEmitter = new EventEmitter()) {
    group.setMaxListeners(0);
    group.on('message', this.listener);
  }

  async publish(message: BusMessage): Promise<void> {
    const text = encode(this.instanceId, message);
    // Asynchronous, as over the network: a publisher never re-enters itself.
    queueMicrotask(() => this.group.emit('message', text));
  }

  subscribe(handler: (m: BusEnvelope) => void): void { this.handlers.push(handler); }
  onReconnect(): void {}
  async close(): Promise<void> { this.group.off('message', this.listener); }
}

export const PRESENCE_CHANNEL = 'fairline_presence';

export interface PostgresBusOptions {
  channel?: string;
  /** Connection trouble (lost, reconnect failed); default stderr. */
  onError?: (err: Error, what: string) => void;
  /** First reconnect delay; doubles to 30 s. */
  reconnectMs?: number;
}

/**
 * LISTEN/NOTIFY on a dedicated `pg` client (a pooled connection cannot LISTEN: the pool would
 * hand it to someone else). Publishing goes over the same client; NOTIFYs from one session
 * arrive in order. When the connection drops, messages published meanwhile are dropped, and the
 * bus reconnects with backoff and tells the hub, which asks everyone to re-announce.
 */
export class PostgresBus implements PresenceBus {
  readonly instanceId = newInstanceId();
  readonly shared = true;
  private client: pg.Client | undefined;
  private readonly handlers: ((m: BusEnvelope) => void)[] = [];
  private readonly reconnectHandlers: (() => void)[] = [];
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly pending: { text: string; done: () => void }[] = [];
  private flushing = false;
  private readonly channel: string;
  private readonly onError: (err: Error, what: string) => void;
  private readonly reconnectMs: number;

  private constructor(private readonly url: string, opts: PostgresBusOptions) {
    this.channel = opts.channel ?? PRESENCE_CHANNEL;
    if (!/^[a-z_][a-z0-9_]*$/.test(this.channel)) throw new Error(`bad channel name ${this.channel}`);
    this.onError = opts.onError ?? ((err, what) => process.stderr.write(`presence bus: ${what}: ${err.message}\n`));
    this.reconnectMs = opts.reconnectMs ?? 1_000;
  }

  static async connect(url: string, opts: PostgresBusOptions = {}): Promise<PostgresBus> {
    const bus = new PostgresBus(url, opts);
    bus.client = await bus.open();
    return bus;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, application_name: `fairline-presence-${this.instanceId}` });
    client.on('notification', (n) => {
      if (n.channel !== this.channel || !n.payload) return;
      const message = decode(n.payload);
      if (message && message.from !== this.instanceId) for (const h of this.handlers) h(message);
    });
    client.on('error', (err) => this.onError(err, 'connection failed'));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw err;
    }
    return client;
  }

  private lost(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.scheduleReconnect(this.reconnectMs);
  }

  private scheduleReconnect(delay: number): void {
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.open().then((client) => {
        if (this.closed) { void client.end(); return; }
        this.client = client;
        for (const h of this.reconnectHandlers) h();
      }, (err: unknown) => {
        this.onError(err instanceof Error ? err : new Error(String(err)), 'reconnect failed');
        if (!this.closed) this.scheduleReconnect(Math.min(delay * 2, 30_000));
      });
    }, delay);
    this.retry.unref();
  }

  async publish(message: BusMessage): Promise<void> {
    const text = encode(this.instanceId, message);
    if (!this.client || this.closed) return;
    return new Promise((resolve) => {
      this.pending.push({ text, done: resolve });
      if (!this.flushing) void this.flush();
    });
  }

  /**
   * One query at a time on the client; what is published meanwhile goes out together in the
   * next, in order (pg_notify over the array, one round trip). Distinct payloads only matter:
   * PostgreSQL folds identical ones sent in one transaction, and every presence payload carries
   * its own time.
   */
  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 500);
      const client = this.client;
      try {
        if (client && !this.closed) {
          await client.query('select pg_notify($1, payload) from (select payload from unnest($2::text[]) with ordinality as t(payload, n) order by n) as ordered', [this.channel, batch.map((b) => b.text)]);
        }
      } catch (err) {
        if (!this.closed) this.onError(err instanceof Error ? err : new Error(String(err)), 'publish failed');
      }
      for (const b of batch) b.done();
    }
    this.flushing = false;
  }

  subscribe(handler: (m: BusEnvelope) => void): void { this.handlers.push(handler); }
  onReconnect(handler: () => void): void { this.reconnectHandlers.push(handler); }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
