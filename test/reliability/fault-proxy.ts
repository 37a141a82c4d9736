// A TCP proxy between the console and the central server that breaks connections on purpose.
// It reads just enough HTTP/1.1 to know where each request and each answer starts and how long
// it is, and for each exchange may decide (seeded) to cut the request or the answer after a
// random number of bytes (a FIN or a RST), or to stall it for a while and then go on or cut.
// It also reports each request line (so a test can kill the server in the middle of a push or
// a pull) and counts the status codes it relays (a 5xx is a product bug, never a fault).
import net from 'node:net';
import type { Rng } from './random';

export type FaultKind = 'cut-request' | 'cut-answer' | 'stall-then-go-on' | 'stall-then-cut';
type Direction = 'up' | 'down';

interface Plan {
  kind: FaultKind;
  dir: Direction;
  /** Byte offset within the request or answer where it strikes, drawn once its length is known. */
  at: number | null;
  reset: boolean;
  stallMs: number;
  fired: boolean;
}

interface Conn {
  client: net.Socket;
  upstream: net.Socket;
  dead: boolean;
  plan: Plan | null;
  /** Bytes of the current request / answer relayed so far, and their total length when known. */
  upPos: number;
  upTotal: number;
  downPos: number;
  downTotal: number | null;
  stalled: boolean;
  queued: [Direction, Buffer][];
}

const REQUEST_LINE = /([A-Z]+) (\/\S*) HTTP\/1\.1\r\n/;
const STATUS_LINE = /^HTTP\/1\.1 (\d{3}) /;

export class FaultProxy {
  /** Faults that struck (a planned fault whose exchange ended first is not counted). */
  readonly faults: Record<FaultKind, number> = { 'cut-request': 0, 'cut-answer': 0, 'stall-then-go-on': 0, 'stall-then-cut': 0 };
  readonly statuses = new Map<number, number>();
  /** Chance that an exchange gets a fault; 0 relays everything untouched. */
  faultRate = 0;
  private down = false;
  /**
   * Decides each exchange's fault instead of the dice, when set: null for none, or a fault that
   * strikes at byte `at` of the request or answer (negative: counted back from its end).
   */
  force: ((method: string, path: string) => { kind: FaultKind; at: number } | null) | null = null;
  /** Called with each request line seen on its way to the server. */
  onRequest: ((method: string, path: string) => void) | null = null;
  private readonly conns = new Set<Conn>();
  private server: net.Server | null = null;
  url = '';

  constructor(private readonly rng: Rng, public upstreamPort: number) {}

  /** Out of reach: open connections dropped, new ones refused. */
  get offline(): boolean {
    return this.down;
  }

  set offline(value: boolean) {
    this.down = value;
    if (value) this.dropAll();
  }

  async listen(): Promise<string> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Drops every open connection (keep-alive ones included). */
  dropAll(): void {
    for (const c of this.conns) this.kill(c, false);
  }

  totalFaults(): number {
    return Object.values(this.faults).reduce((a, b) => a + b, 0);
  }

  fivexx(): number {
    let n = 0;
    for (const [status, count] of this.statuses) if (status >= 500) n += count;
    return n;
  }

  private accept(client: net.Socket): void {
    if (this.down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: this.upstreamPort });
    const conn: Conn = {
      client, upstream, dead: false, plan: null, upPos: 0, upTotal: 0, downPos: 0, downTotal: null, stalled: false, queued: [],
    };
    this.conns.add(conn);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (b: Buffer) => this.relay(conn, 'up', b));
    upstream.on('data', (b: Buffer) => this.relay(conn, 'down', b));
    client.on('end', () => { if (!conn.dead) upstream.end(); });
    upstream.on('end', () => { if (!conn.dead) client.end(); });
    for (const s of [client, upstream]) {
      s.on('error', () => this.kill(conn, false));
      s.on('close', () => this.kill(conn, false));
    }
  }

  private kill(conn: Conn, reset: boolean): void {
    if (conn.dead) return;
    conn.dead = true;
    this.conns.delete(conn);
    if (reset && !conn.client.destroyed) conn.client.resetAndDestroy();
    else conn.client.destroy();
    conn.upstream.destroy();
  }

  private draw(): Plan | null {
    if (!this.rng.chance(this.faultRate)) return null;
    const r = this.rng.next();
    const kind: FaultKind = r < 0.35 ? 'cut-answer' : r < 0.65 ? 'cut-request' : r < 0.82 ? 'stall-then-cut' : 'stall-then-go-on';
    // Stalls are mostly on the answer (the client waits for it); cuts go either way.
    const dir: Direction = kind === 'cut-request' ? 'up' : kind === 'cut-answer' ? 'down' : this.rng.chance(0.7) ? 'down' : 'up';
    return { kind, dir, at: null, reset: this.rng.chance(0.5), stallMs: this.rng.int(30, 400), fired: false };
  }

  private forced(f: { kind: FaultKind; at: number } | null): Plan | null {
    if (!f) return null;
    const dir: Direction = f.kind === 'cut-request' ? 'up' : 'down';
    return { kind: f.kind, dir, at: f.at, reset: false, stallMs: 200, fired: false };
  }

  private relay(conn: Conn, dir: Direction, chunk: Buffer): void {
    if (conn.dead) return;
    if (conn.stalled) {
      conn.queued.push([dir, chunk]);
      return;
    }
    const text = chunk.toString('latin1');
    if (dir === 'up') {
      const m = REQUEST_LINE.exec(text);
      if (m) {
        // A new exchange starts at m.index: its length is the head plus content-length.
        const headEnd = text.indexOf('\r\n\r\n', m.index);
        const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(m.index, headEnd < 0 ? undefined : headEnd));
        conn.upPos = -m.index;
        conn.upTotal = (headEnd < 0 ? text.length : headEnd + 4) - m.index + (length ? Number(length[1]) : 0);
        conn.downPos = 0;
        conn.downTotal = null;
        conn.plan = this.force ? this.forced(this.force(m[1]!, m[2]!)) : this.draw();
        this.onRequest?.(m[1]!, m[2]!);
      }
    } else if (conn.downTotal === null) {
      const m = STATUS_LINE.exec(text);
      if (m) {
        const status = Number(m[1]);
        this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
        const headEnd = text.indexOf('\r\n\r\n');
        const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headEnd < 0 ? undefined : headEnd));
        conn.downTotal = (headEnd < 0 ? text.length : headEnd + 4) + (length ? Number(length[1]) : 0);
      } else {
        conn.downTotal = chunk.length;
      }
    }

    const plan = conn.plan;
    const pos = dir === 'up' ? conn.upPos : conn.downPos;
    if (plan && !plan.fired && plan.dir === dir) {
      const total = dir === 'up' ? conn.upTotal : conn.downTotal!;
      plan.at ??= Math.max(0, Math.floor(this.rng.next() * total));
      if (plan.at < 0) plan.at = Math.max(0, total + plan.at);
      if (pos + chunk.length > plan.at) {
        const split = Math.max(0, plan.at - pos);
        this.advance(conn, dir, chunk.length);
        this.write(conn, dir, chunk.subarray(0, split));
        plan.fired = true;
        this.faults[plan.kind] += 1;
        if (plan.kind === 'cut-request' || plan.kind === 'cut-answer') {
          this.kill(conn, plan.reset);
          return;
        }
        conn.stalled = true;
        conn.queued.push([dir, chunk.subarray(split)]);
        setTimeout(() => {
          if (conn.dead) return;
          if (plan.kind === 'stall-then-cut') {
            this.kill(conn, plan.reset);
            return;
          }
          conn.stalled = false;
          const queued = conn.queued.splice(0);
          // The held bytes go on as they were (already counted: write, do not relay again).
          queued.forEach(([d, b], i) => {
            if (i === 0) this.write(conn, d, b);
            else this.relay(conn, d, b);
          });
        }, plan.stallMs);
        return;
      }
    }
    this.advance(conn, dir, chunk.length);
    this.write(conn, dir, chunk);
  }

  private advance(conn: Conn, dir: Direction, n: number): void {
    if (dir === 'up') conn.upPos += n;
    else conn.downPos += n;
  }

  private write(conn: Conn, dir: Direction, chunk: Buffer): void {
    if (chunk.length === 0 || conn.dead) return;
    (dir === 'up' ? conn.upstream : conn.client).write(chunk);
  }
}
