// The live board's state on one server instance: the latest presence of every agent (its own
// sockets' and, through the bus, every other instance's), the boards watching, recent alerts,
// and the time of each state that ends (written to the database). See docs/presence.md.
import { findHostileText } from '../http/hostile';
import type { FastifyBaseLogger } from 'fastify';
import WebSocket, { type RawData } from 'ws';
import type { ClientEvent } from '../../shared/domain/events';
import type { User } from '../../shared/domain/users';
import {
  type AgentPresence, type Alert, CLOSE_GOING_AWAY, CLOSE_POLICY_VIOLATION, CLOSE_SILENT, type OfflineReason,
  PresenceClientMessage, type PresenceServerMessage, type StateMessage,
} from '../../shared/presence/protocol';
import { localDay } from '../../shared/compliance/time';
import type { ServerStore, ViolationRecord } from '../store/store';
import { ALERT_EVENT_TYPES, alertsFromEvents } from './alerts';
import { type BusEnvelope, type BusMessage, MAX_BUS_PAYLOAD_BYTES, type PresenceBus, encode } from './bus';
import type { PresenceConfig } from './config';
import { type OpenSpell, type StateMs, StateTimeWriter, readStateTimes } from './state-time';

interface Entry {
  p: AgentPresence;
  /** The instance holding the agent's socket. */
  owner: string;
  /** The socket that set this state (null: set by a hub, e.g. server_lost). */
  conn: string | null;
  sinceMs: number | null;
  /** Server time the agent was last seen in a state other than offline. */
  lastOnlineMs: number | null;
  /** Derived alerts already raised for the current state (reset when `since` changes). */
  longCallAlerted: boolean;
  offlineAlerted: boolean;
  /**
   * Set when the agent's instance was lost (server_lost): the state they were in, whose time its
   * instance never wrote. The instance the agent reconnects to writes it (docs/presence.md).
   */
  lost: { state: AgentPresence['state']; sinceMs: number } | null;
}

interface Board { ws: WebSocket; user: User; teams: ReadonlySet<string> | 'all'; alive: boolean }

interface AgentSocket { ws: WebSocket; user: User; conn: string; silence: NodeJS.Timeout }

export interface HubDeps { store: ServerStore; bus: PresenceBus; config: PresenceConfig; log: FastifyBaseLogger }

const AGENT_ROLES = new Set(['collector', 'field_agent']);
const BOARD_ROLES = new Set(['team_lead', 'admin']);
/** Alert ids remembered to drop repeats (a retried push, an alert heard twice). */
const SEEN_ALERTS = 10_000;
/** How often each instance deletes state times older than stateKeepMs. */
const PRUNE_EVERY_MS = 60 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

export class PresenceHub {
  readonly instanceId: string;
  private readonly times: StateTimeWriter;
  /** When old state times were last deleted. */
  private prunedAt = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly boards = new Set<Board>();
  private readonly sockets = new Map<string, AgentSocket>();
  /** Every open socket, whatever its kind (closed on shutdown). */
  private readonly open = new Set<WebSocket>();
  private readonly recent: { alert: Alert; teamId: string | null }[] = [];
  private readonly seenAlerts = new Set<string>();
  /** Other instances: when each was last heard. */
  private readonly heard = new Map<string, number>();
  private readonly intervals: NodeJS.Timeout[] = [];
  private connSeq = 0;
  private closed = false;

  constructor(private readonly deps: HubDeps) {
    const { bus, config } = deps;
    this.instanceId = bus.instanceId;
    this.times = new StateTimeWriter(deps.store, config.stateBucketMs, deps.log);
    bus.subscribe((m) => this.fromBus(m));
    bus.onReconnect(() => {
      deps.log.warn('presence bus reconnected; asking other instances to re-announce');
      this.publish({ t: 'hello' });
      this.announce();
    });
    this.every(config.sweepMs, () => this.sweep());
    this.every(config.boardPingMs, () => this.pingBoards());
    if (bus.shared) {
      this.every(config.instanceHeartbeatMs, () => this.publish({ t: 'alive' }));
      this.publish({ t: 'hello' });
    }
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.intervals.push(t);
  }

  private publish(message: BusMessage): void {
    if (this.closed && message.t !== 'presence' && message.t !== 'bye') return;
    void this.deps.bus.publish(message).catch((err: unknown) => this.deps.log.error({ err }, 'presence bus publish failed'));
  }

  // ---- sockets -------------------------------------------------------------------------------

  /** A signed-in user's socket, after the upgrade. The first message decides whether it is an agent or a board. */
  accept(ws: WebSocket, user: User): void {
    const { config } = this.deps;
    const conn = `${this.instanceId}:${++this.connSeq}`;
    let kind: 'agent' | 'board' | 'pending-board' | undefined;
    let board: Board | undefined;
    let rejected = false;
    let windowStart = 0;
    let inWindow = 0;

    const silence = setTimeout(() => {
      // Nothing heard for silenceMs: the agent is offline now, not when TCP notices.
      rejected = true; // nothing more is taken from this socket
      if (kind === 'agent') this.agentGone(user, conn, 'silent');
      ws.close(CLOSE_SILENT, 'nothing heard');
      setTimeout(() => ws.terminate(), 1_000).unref(); // a dead peer never answers the close
    }, config.silenceMs);
    silence.unref();

    const reject = (code: string, message: string, issues?: { path: string; message: string }[]) => {
      rejected = true;
      clearTimeout(silence);
      this.send(ws, { type: 'error', code, message, ...(issues ? { issues } : {}) });
      ws.close(CLOSE_POLICY_VIOLATION, message.slice(0, 120));
    };

    this.open.add(ws);
    ws.on('error', () => {}); // 'close' follows
    ws.on('close', () => {
      this.open.delete(ws);
      clearTimeout(silence);
      if (kind === 'agent') {
        this.sockets.delete(conn);
        if (!this.closed) this.agentGone(user, conn, 'closed');
      }
      if (board) this.boards.delete(board);
    });
    ws.on('pong', () => { if (board) board.alive = true; });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (rejected || this.closed) return;
      const now = config.now();
      if (now - windowStart >= 1000) { windowStart = now; inWindow = 0; }
      if (++inWindow > config.maxMessagesPerSecond) return reject('VALIDATION', `More than ${config.maxMessagesPerSecond} messages in one second`);
      if (isBinary) return reject('VALIDATION', 'Frames must be JSON text');
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        return reject('VALIDATION', 'Malformed message: not JSON');
      }
      const hostile = findHostileText(raw);
      if (hostile) return reject('VALIDATION', `Invalid presence message: ${hostile.path} ${hostile.message}`, [{ path: hostile.path, message: hostile.message }]);
      const parsed = PresenceClientMessage.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
        return reject('VALIDATION', `Invalid presence message: ${issues[0]!.path}: ${issues[0]!.message}`, issues);
      }
      const msg = parsed.data;
      if (kind === undefined) {
        if (msg.type === 'state') {
          if (!AGENT_ROLES.has(user.role)) return reject('FORBIDDEN', 'Only collectors and field agents report presence');
          kind = 'agent';
          this.sockets.set(conn, { ws, user, conn, silence });
        } else if (msg.type === 'watch') {
          if (!BOARD_ROLES.has(user.role)) return reject('FORBIDDEN', 'Only team leads and admins watch the board');
          kind = 'pending-board';
          clearTimeout(silence); // boards are kept alive by pings instead
          void this.watch(ws, user).then((b) => {
            board = b;
            kind = 'board';
          }, (err: unknown) => {
            this.deps.log.error({ err }, 'board snapshot failed');
            reject('INTERNAL', 'Could not read the board');
          });
          return;
        } else {
          return reject('VALIDATION', 'The first message must be state (an agent console) or watch (a board)');
        }
      }
      if (kind === 'agent') {
        silence.refresh();
        if (msg.type === 'state') this.agentState(user, conn, msg);
        else if (msg.type === 'watch') reject('VALIDATION', 'An agent socket cannot watch; open another socket');
      } else if (msg.type === 'state') {
        reject('VALIDATION', 'A board socket cannot report presence');
      }
      // A board may send heartbeats or repeat watch: nothing to do.
    });
    this.send(ws, {
      type: 'welcome', userId: user.id, role: user.role, heartbeatMs: config.heartbeatMs, offlineAfterMs: config.silenceMs, serverTime: iso(config.now()),
    });
  }

  private send(ws: WebSocket, message: PresenceServerMessage | string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  private sendToBoard(board: Board, text: string): void {
    if (board.ws.readyState !== WebSocket.OPEN) return;
    if (board.ws.bufferedAmount > this.deps.config.maxBoardBufferBytes) {
      this.deps.log.warn({ userId: board.user.id }, 'board too slow to keep up; dropped');
      board.ws.terminate();
      return;
    }
    board.ws.send(text);
  }

  private visible(board: Board, teamId: string | null): boolean {
    return board.teams === 'all' || (teamId !== null && board.teams.has(teamId));
  }

  private async watch(ws: WebSocket, user: User): Promise<Board | undefined> {
    const roster = await this.deps.store.boardRoster(user);
    if (ws.readyState !== WebSocket.OPEN || this.closed) return undefined;
    // From here to boards.add nothing awaits, so no change can slip between snapshot and stream.
    const board: Board = { ws, user, teams: user.role === 'admin' ? 'all' : new Set(roster.teams.map((t) => t.id)), alive: true };
    const agents = roster.agents.map((a): AgentPresence => this.entries.get(a.id)?.p ?? {
      agentId: a.id, name: a.displayName, teamId: a.teamId, state: 'offline', pauseReason: null, offlineReason: 'never_connected',
      account: null, callStartedAt: null, step: null, lastOutcome: null, callId: null, sipUri: null, at: null, since: null, updatedAt: null,
    });
    const alerts = this.recent.filter((r) => this.visible(board, r.teamId)).map((r) => r.alert);
    this.send(ws, { type: 'snapshot', serverTime: iso(this.deps.config.now()), teams: roster.teams, agents, alerts });
    this.boards.add(board);
    return board;
  }

  private pingBoards(): void {
    for (const board of this.boards) {
      if (!board.alive) { board.ws.terminate(); continue; }
      board.alive = false;
      board.ws.ping();
    }
  }

  // ---- presence ------------------------------------------------------------------------------

  private agentState(user: User, conn: string, msg: StateMessage): void {
    const now = this.deps.config.now();
    const prev = this.entries.get(user.id);
    const pauseReason = msg.pauseReason ?? null;
    const same = prev && prev.sinceMs !== null && prev.p.state === msg.state && prev.p.pauseReason === pauseReason;
    const p: AgentPresence = {
      agentId: user.id, name: user.displayName, teamId: user.teamId,
      state: msg.state, pauseReason, offlineReason: msg.state === 'offline' ? 'signed_out' : null,
      account: msg.account, callStartedAt: msg.callStartedAt, step: msg.step, lastOutcome: msg.lastOutcome, callId: msg.callId, sipUri: msg.sipUri,
      at: msg.at, since: same ? prev.p.since : iso(now), updatedAt: iso(now),
    };
    if (this.apply(p, this.instanceId, conn)) this.publish({ t: 'presence', items: [{ conn, p }] });
  }

  /** The agent's socket closed or went silent: offline, unless a newer socket (here or elsewhere) has taken over. */
  private agentGone(user: User, conn: string, reason: OfflineReason): void {
    const entry = this.entries.get(user.id);
    if (!entry || entry.conn !== conn || entry.p.state === 'offline') return;
    const p = this.offline(entry, reason);
    if (this.apply(p, this.instanceId, conn)) this.publish({ t: 'presence', items: [{ conn, p }] });
  }

  private offline(entry: Entry, reason: OfflineReason): AgentPresence {
    const now = iso(this.deps.config.now());
    return { ...entry.p, state: 'offline', pauseReason: null, offlineReason: reason, account: null, callStartedAt: null, step: null, callId: null, since: now, updatedAt: now };
  }

  /** Stores a state (local or from the bus), counts the time of the one it ends, and tells the boards. */
  private apply(p: AgentPresence, owner: string, conn: string | null): boolean {
    const prev = this.entries.get(p.agentId);
    // A lost connection only counts if it is the connection the current state came from: the
    // agent may already be back on another socket, here or on another instance.
    const lost = p.state === 'offline' && p.offlineReason !== 'signed_out';
    if (lost && prev && prev.conn !== conn) return false;
    const sinceMs = p.since === null ? null : Date.parse(p.since);
    // The state that ends is written by the instance holding the agent's socket (the one applying
    // its own agent's change), once; the others only replicate it.
    if (prev && prev.sinceMs !== null && sinceMs !== null && sinceMs !== prev.sinceMs && owner === this.instanceId) {
      if (prev.lost) this.times.record(p.agentId, prev.lost.state, prev.lost.sinceMs, prev.sinceMs);
      this.times.record(p.agentId, prev.p.state, prev.sinceMs, sinceMs);
    }
    const sameSpell = prev !== undefined && prev.sinceMs === sinceMs && prev.p.state === p.state;
    const lostNow = p.offlineReason === 'server_lost' && prev !== undefined && prev.p.state !== 'offline' && prev.sinceMs !== null
      ? { state: prev.p.state, sinceMs: prev.sinceMs } : null;
    this.entries.set(p.agentId, {
      p, owner, conn, sinceMs,
      lastOnlineMs: p.state !== 'offline' ? Date.parse(p.updatedAt ?? p.since ?? iso(this.deps.config.now())) : (prev?.lastOnlineMs ?? null),
      longCallAlerted: sameSpell ? prev.longCallAlerted : false,
      offlineAlerted: sameSpell ? prev.offlineAlerted : false,
      lost: lostNow ?? (sameSpell ? prev.lost : null),
    });
    if (this.boards.size > 0) {
      const text = JSON.stringify({ type: 'presence', agent: p } satisfies PresenceServerMessage);
      for (const board of this.boards) if (this.visible(board, p.teamId)) this.sendToBoard(board, text);
    }
    return true;
  }

  /** Tells the other instances about every agent this instance holds (after a hello, or a reconnect). */
  private announce(): void {
    const items = [...this.entries.values()].filter((e) => e.owner === this.instanceId).map((e) => ({ conn: e.conn, p: e.p }));
    let batch: typeof items = [];
    const flush = () => {
      if (batch.length > 0) this.publish({ t: 'presence', items: batch });
      batch = [];
    };
    for (const item of items) {
      batch.push(item);
      if (Buffer.byteLength(encode(this.instanceId, { t: 'presence', items: batch })) > MAX_BUS_PAYLOAD_BYTES - 200) {
        batch.pop();
        flush();
        batch.push(item);
      }
    }
    flush();
  }

  private fromBus(m: BusEnvelope): void {
    if (this.closed) return;
    this.heard.set(m.from, this.deps.config.now());
    switch (m.t) {
      case 'presence':
        for (const item of m.items) this.apply(item.p, m.from, item.conn);
        break;
      case 'alert':
        this.raise(m.alert, m.teamId, false);
        break;
      case 'hello':
        this.announce();
        break;
      case 'bye':
        this.heard.delete(m.from);
        this.loseInstance(m.from);
        break;
      case 'alive':
        break;
    }
  }

  /** Agents held by an instance that stopped (or stopped answering) are shown offline here. */
  private loseInstance(instance: string): void {
    for (const entry of [...this.entries.values()]) {
      if (entry.owner === instance && entry.p.state !== 'offline') this.apply(this.offline(entry, 'server_lost'), instance, entry.conn);
    }
  }

  // ---- alerts --------------------------------------------------------------------------------

  /** Delivers an alert to the boards that may see it; `share`: also to the other instances. */
  private raise(alert: Alert, teamId: string | null, share: boolean): void {
    if (this.seenAlerts.has(alert.id)) return;
    this.seenAlerts.add(alert.id);
    if (this.seenAlerts.size > SEEN_ALERTS) this.seenAlerts.delete(this.seenAlerts.values().next().value!);
    this.recent.push({ alert, teamId });
    if (this.recent.length > this.deps.config.recentAlerts) this.recent.shift();
    const text = JSON.stringify(alert);
    for (const board of this.boards) if (this.visible(board, teamId)) this.sendToBoard(board, text);
    if (share) this.publish({ t: 'alert', teamId, alert });
  }

  /** An alert raised elsewhere on the server (a complaint's SLA breach): here and on every instance. */
  alert(alert: Alert, teamId: string | null): void {
    if (!this.closed) this.raise(alert, teamId, true);
  }

  /**
   * A push committed: raise its alerts here and on every instance. Runs after the reply, so a
   * failure here never fails a push. `violations` are those the push itself found and returned
   * (none for events already stored), so nothing is read back.
   */
  eventsPushed(user: User, events: readonly ClientEvent[], violations: readonly ViolationRecord[]): void {
    if (this.closed) return;
    if (violations.length === 0 && !events.some((e) => ALERT_EVENT_TYPES.has(e.body.type))) return;
    for (const alert of alertsFromEvents(events, violations)) this.raise(alert, user.teamId, true);
  }

  /** Derived alerts and lost instances, checked every sweepMs on every instance for its own boards. */
  private sweep(): void {
    const { config } = this.deps;
    const now = config.now();
    for (const [instance, at] of this.heard) {
      if (now - at > config.instanceTimeoutMs) {
        this.heard.delete(instance);
        this.deps.log.warn({ instance }, 'presence: server instance lost; its agents are shown offline');
        this.loseInstance(instance);
      }
    }
    const today = localDay(now, config.timeZone);
    for (const entry of this.entries.values()) {
      const { p, sinceMs } = entry;
      if (sinceMs === null) continue;
      // Alert ids are built from the state's `since`, the same on every instance.
      if (p.state === 'on_call' && !entry.longCallAlerted && now - sinceMs >= config.longCallMinutes * 60_000) {
        entry.longCallAlerted = true;
        this.raise({
          type: 'alert', id: `long_call:${p.agentId}:${p.since}`, kind: 'long_call', agentId: p.agentId, accountId: p.account?.id ?? null, at: iso(now),
          detail: { since: p.since, callStartedAt: p.callStartedAt, minutes: Math.floor((now - sinceMs) / 60_000), thresholdMinutes: config.longCallMinutes },
        }, p.teamId, false);
      }
      if (p.state === 'offline' && p.offlineReason !== 'signed_out' && p.offlineReason !== 'never_connected' && !entry.offlineAlerted
        && entry.lastOnlineMs !== null && localDay(entry.lastOnlineMs, config.timeZone) === today
        && now - sinceMs >= config.offlineAlertMinutes * 60_000) {
        entry.offlineAlerted = true;
        this.raise({
          type: 'alert', id: `offline_too_long:${p.agentId}:${p.since}`, kind: 'offline_too_long', agentId: p.agentId, accountId: null, at: iso(now),
          detail: { since: p.since, reason: p.offlineReason, minutes: Math.floor((now - sinceMs) / 60_000), thresholdMinutes: config.offlineAlertMinutes },
        }, p.teamId, false);
      }
    }
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now;
      this.deps.store.presenceTimes.prune(iso(now - config.stateKeepMs))
        .catch((err: unknown) => this.deps.log.error({ err }, 'presence: could not delete old state times'));
    }
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The current presence of an agent, if this instance has heard of them. */
  presence(agentId: string): AgentPresence | undefined {
    return this.entries.get(agentId)?.p;
  }

  /**
   * Time per state in [from, to) for each agent: what is stored, plus the state each is in now
   * (and, after a lost instance, the state it never wrote), counted up to now.
   */
  async stateTimes(agentIds: readonly string[], from: number, to: number): Promise<Map<string, StateMs>> {
    const now = this.deps.config.now();
    const open = new Map<string, OpenSpell[]>();
    for (const id of agentIds) {
      const entry = this.entries.get(id);
      if (!entry || entry.sinceMs === null) continue;
      const spells: OpenSpell[] = [{ state: entry.p.state, since: entry.sinceMs, until: now }];
      if (entry.lost) spells.push({ state: entry.lost.state, since: entry.lost.sinceMs, until: entry.sinceMs });
      open.set(id, spells);
    }
    return readStateTimes(this.deps.store, agentIds, from, to, open);
  }

  /** Presence's clock (real time, unlike the server's `now` on a training clock). */
  clock(): number {
    return this.deps.config.now();
  }

  /** The oldest time state times are kept for (older slices are deleted). */
  stateTimesSince(): number {
    return this.deps.config.now() - this.deps.config.stateKeepMs;
  }

  /** Counts, for tests and logs. */
  stats(): { agents: number; sockets: number; boards: number } {
    return { agents: this.entries.size, sockets: this.sockets.size, boards: this.boards.size };
  }

  /** Publishes this instance's agents offline, says goodbye, closes every socket and the bus. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.intervals) clearInterval(t);
    const gone: { conn: string; p: AgentPresence }[] = [];
    for (const socket of this.sockets.values()) {
      const entry = this.entries.get(socket.user.id);
      if (entry && entry.conn === socket.conn && entry.p.state !== 'offline') {
        const p = this.offline(entry, 'closed');
        this.apply(p, this.instanceId, socket.conn);
        gone.push({ conn: socket.conn, p });
      }
    }
    const sends: Promise<void>[] = [];
    for (let i = 0; i < gone.length; i += 20) sends.push(this.deps.bus.publish({ t: 'presence', items: gone.slice(i, i + 20) }).catch(() => {}));
    if (this.deps.bus.shared) sends.push(this.deps.bus.publish({ t: 'bye' }).catch(() => {}));
    // The state times of the agents just signed off, and any still being written.
    sends.push(this.times.flush());
    // Bounded: a hung database connection must not hold up the shutdown.
    await Promise.race([Promise.all(sends), new Promise((r) => setTimeout(r, 2_000).unref())]);
    for (const ws of this.open) ws.close(CLOSE_GOING_AWAY, 'server shutting down');
    // A peer that does not finish the closing handshake promptly is cut off.
    if (this.open.size > 0) await new Promise((r) => setTimeout(r, 50));
    for (const ws of this.open) ws.terminate();
    await this.deps.bus.close();
  }
}
