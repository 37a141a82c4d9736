// The console's side of the live board (docs/presence.md). The core owns the network, so it
// owns the presence socket too: an agent's console reports what the agent is doing (the
// renderer tells the core through `presence.report`), a lead's console watches the board and
// keeps the latest states and alerts in memory for the renderer to read (`board.snapshot`).
// One socket per signed-in user, reopened with backoff after a drop.
import WebSocket from 'ws';
import type { BoardSnapshot, PresenceReport } from '../../../shared/api/contract';
import type { User } from '../../../shared/domain/users';
import {
  type AgentPresence, type Alert, PRESENCE_HEARTBEAT_MS, PresenceServerMessage, type StateMessage,
} from '../../../shared/presence/protocol';
import { presenceTrust } from './tls';

export interface PresenceDeps {
  serverUrl: () => string;
  /** The signed-in user and their token, or null when signed out. */
  session: () => { token: string; user: User } | null;
  now: () => Date;
  /** The console's SIP address of record, if a phone is set up: a lead's softphone calls it to listen in. */
  sipUri?: () => string | null;
  log?: (message: string) => void;
  /** How long an agent's console may have no screen open before the board shows them offline (default 20 s: a reload is back well within it). */
  screenGraceMs?: number;
}

const AGENT_ROLES = new Set(['collector', 'field_agent']);
const BOARD_ROLES = new Set(['team_lead', 'admin']);
const SCREEN_GRACE_MS = 20_000;
const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** Alerts kept for the board (newest first). */
const MAX_ALERTS = 200;

export function presenceSocketUrl(httpUrl: string): string {
  const base = new URL('api/presence', httpUrl.endsWith('/') ? httpUrl : `${httpUrl}/`);
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return base.toString();
}

/** The state message for a report, with the debtor's name dropped whenever the account is masked. */
export function stateMessage(report: PresenceReport, at: Date, sipUri: string | null = null): StateMessage {
  const account = report.account
    ? { id: report.account.id, ref: report.account.ref, masked: report.account.masked, ...(!report.account.masked && report.account.debtorName ? { debtorName: report.account.debtorName } : {}) }
    : null;
  return {
    type: 'state',
    state: report.state,
    ...(report.state === 'paused' ? { pauseReason: report.pauseReason ?? 'break' } : {}),
    account,
    callStartedAt: report.callStartedAt,
    step: report.step ? report.step.slice(0, 200) : null,
    lastOutcome: report.lastOutcome ? report.lastOutcome.slice(0, 40) : null,
    callId: report.callId || null,
    sipUri: sipUri || null,
    at: at.toISOString(),
  };
}

/**
 * The presence socket of the signed-in user: `agent` mode sends states and heartbeats, `board`
 * mode sends `watch` and keeps what arrives. start() after sign-in, stop() on sign-out.
 */
export class PresenceService {
  private ws: WebSocket | null = null;
  private mode: 'agent' | 'board' | null = null;
  private userId: string | null = null;
  private running = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private noScreen: NodeJS.Timeout | null = null;
  private screenless = false;
  // agent
  private report: PresenceReport | null = null;
  private lastSent = '';
  // board
  private agents = new Map<string, AgentPresence>();
  private alerts: Alert[] = [];
  private teams: { id: string; name: string }[] = [];
  private version = 0;
  private boardConnected = false;
  private serverTime: string | null = null;

  constructor(private readonly deps: PresenceDeps) {}

  /** After sign-in (or on start with a stored session): a lead watches at once; an agent connects at their first report. */
  start(): void {
    const session = this.deps.session();
    if (!session) return;
    if (this.userId !== session.user.id) this.reset();
    this.userId = session.user.id;
    this.mode = AGENT_ROLES.has(session.user.role) ? 'agent' : BOARD_ROLES.has(session.user.role) ? 'board' : null;
    this.running = this.mode !== null;
    if (this.mode === 'board' || (this.mode === 'agent' && this.report)) this.connect();
  }

  /** The renderer's latest view of what the agent is doing. Sent at once when it changed. */
  setReport(report: PresenceReport): void {
    if (this.mode !== 'agent' || !this.running) return;
    this.report = report;
    if (!this.ws) this.connect();
    else this.sendState(false);
  }

  /**
   * Whether any screen of this console is open (tabs of the browser shell; Electron quits with
   * its window). With none for the grace period, an agent's socket closes and the board shows
   * them offline instead of "available" at an empty desk; the next screen's report reconnects.
   */
  screensOpen(open: boolean): void {
    if (open) {
      if (this.noScreen) clearTimeout(this.noScreen);
      this.noScreen = null;
      if (this.screenless) {
        this.screenless = false;
        this.start();
      }
      return;
    }
    if (this.noScreen || this.mode !== 'agent' || !this.running) return;
    this.noScreen = setTimeout(() => {
      this.noScreen = null;
      this.screenless = true;
      this.report = null; // what the closed screen last showed is not what the agent is doing now
      void this.stop(false);
    }, this.deps.screenGraceMs ?? SCREEN_GRACE_MS);
    this.noScreen.unref?.();
  }

  /** The agent changed their status in the core: an idle report follows it at once. */
  statusChanged(status: { state: 'available' } | { state: 'paused'; reason: NonNullable<PresenceReport['pauseReason']> }): void {
    if (!this.report || (this.report.state !== 'available' && this.report.state !== 'paused')) return;
    this.setReport({ ...this.report, state: status.state, pauseReason: status.state === 'paused' ? status.reason : null });
  }

  /** Sign-out: an agent says offline (bounded wait for it to leave), then everything closes. */
  async stop(signingOut: boolean): Promise<void> {
    const ws = this.ws;
    const wasAgent = this.mode === 'agent';
    this.running = false;
    this.clearTimers();
    if (ws && wasAgent && signingOut && ws.readyState === WebSocket.OPEN && this.report) {
      const offline = stateMessage({ ...this.report, state: 'offline', pauseReason: null, account: null, callStartedAt: null, step: null, callId: null }, this.deps.now());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        ws.send(JSON.stringify(offline), () => { clearTimeout(timer); resolve(); });
      });
    }
    this.ws = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, signingOut ? 'signed out' : 'closing');
    }
    if (signingOut) this.reset();
  }

  /** What a lead's console knows of the board. `version` changes with every frame that changed it. */
  snapshot(): BoardSnapshot {
    return {
      version: this.version,
      connected: this.boardConnected,
      serverTime: this.serverTime,
      teams: this.teams,
      agents: [...this.agents.values()],
      alerts: this.alerts,
    };
  }

  private reset(): void {
    this.report = null;
    this.lastSent = '';
    this.agents = new Map();
    this.alerts = [];
    this.teams = [];
    this.boardConnected = false;
    this.serverTime = null;
    this.version++;
    this.failures = 0;
  }

  private clearTimers(): void {
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.retry = null;
    this.heartbeat = null;
  }

  private connect(): void {
    if (!this.running || this.ws) return;
    const session = this.deps.session();
    if (!session || session.user.id !== this.userId) {
      this.running = false; // signed out (or the session expired): nothing to report as
      return;
    }
    let url: string;
    let trust: { ca?: string[] };
    try {
      url = presenceSocketUrl(this.deps.serverUrl());
      // wss:// trusts the private CA the HTTP client trusts (FAIRLINE_CA_FILE).
      trust = url.startsWith('wss:') ? presenceTrust() : {};
    } catch (err) {
      this.deps.log?.(`presence socket: ${(err as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${session.token}` }, handshakeTimeout: 10_000, ...trust });
    this.ws = ws;
    ws.on('open', () => {
      this.failures = 0;
      if (this.mode === 'board') {
        ws.send(JSON.stringify({ type: 'watch' }));
      } else {
        this.sendState(true);
      }
      // Every PRESENCE_HEARTBEAT_MS; the server drops an agent it has not heard from for 10 s.
      this.heartbeat = setInterval(() => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'heartbeat' }));
      }, PRESENCE_HEARTBEAT_MS);
      this.heartbeat.unref?.();
    });
    ws.on('message', (data) => this.received(data.toString()));
    ws.on('unexpected-response', (_req, res) => {
      // 401: the session ended on the server; the sync loop will notice too. Stop trying.
      if (res.statusCode === 401) this.running = false;
      ws.terminate();
    });
    ws.on('error', (err) => this.deps.log?.(`presence socket: ${err.message}`));
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      this.lastSent = '';
      if (this.mode === 'board' && this.boardConnected) {
        this.boardConnected = false;
        this.version++;
      }
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (!this.running || this.retry) return;
    const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** this.failures) * (0.75 + Math.random() * 0.5);
    this.failures++;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect();
    }, delay);
    this.retry.unref?.();
  }

  /** Sends the current report when it differs from the last one sent (or always, on a new socket). */
  private sendState(force: boolean): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || !this.report) return;
    const message = stateMessage(this.report, this.deps.now(), this.deps.sipUri?.() ?? null);
    const key = JSON.stringify({ ...message, at: '' });
    if (!force && key === this.lastSent) return;
    this.lastSent = key;
    ws.send(JSON.stringify(message));
  }

  private received(text: string): void {
    let parsed;
    try {
      parsed = PresenceServerMessage.safeParse(JSON.parse(text));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const m = parsed.data;
    switch (m.type) {
      case 'welcome':
        this.serverTime = m.serverTime;
        return;
      case 'snapshot':
        this.teams = m.teams;
        this.agents = new Map(m.agents.map((a) => [a.agentId, a]));
        this.alerts = [...m.alerts].sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_ALERTS);
        this.serverTime = m.serverTime;
        this.boardConnected = true;
        break;
      case 'presence':
        this.agents.set(m.agent.agentId, m.agent);
        break;
      case 'alert':
        if (this.alerts.some((a) => a.id === m.id)) return;
        this.alerts = [m, ...this.alerts].slice(0, MAX_ALERTS);
        break;
      case 'error':
        this.deps.log?.(`presence: the server refused a message: ${m.code} ${m.message}`);
        return;
    }
    this.version++;
  }
}
