// Load generator for board-latency.bench.ts, in its own process so it does not share an event
// loop with the server: N agent sockets that each report a new state every ~period (±25 %),
// and one board socket that timestamps every presence frame. Each state carries a unique
// `step`, so the board can match a frame to the moment its state was sent (one clock).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface RunRequest {
  type: 'run';
  agentUrl: string;
  boardUrl: string;
  boardToken: string;
  agentTokens: string[];
  periodMs: number;
  warmupMs: number;
  measureMs: number;
}

export interface RunReport {
  type: 'done';
  /** Latency (ms) of every state sent in the measured window and seen by the board. */
  samples: number[];
  /** States sent in the measured window that never reached the board. */
  lost: number;
  connectMs: number;
  /** The generator's own event-loop delay, p99 (ms): a lagging generator inflates latencies. */
  loopDelayP99: number;
}

const STATES = ['available', 'dialing', 'ringing', 'on_call', 'wrap_up'] as const;
const presenceUrl = (base: string) => `${base.replace(/^http/, 'ws')}/api/presence`;

function openSocket(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function run(req: RunRequest): Promise<RunReport> {
  const t0 = performance.now();
  const board = await openSocket(presenceUrl(req.boardUrl), req.boardToken);
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  let measureFrom = Infinity;
  let measureTo = Infinity;
  const snapshot = new Promise<void>((resolve) => {
    board.on('message', (data) => {
      const arrived = performance.now();
      const m = JSON.parse(data.toString()) as { type: string; agent?: { step: string | null } };
      if (m.type === 'snapshot') resolve();
      if (m.type !== 'presence' || !m.agent?.step) return;
      const sent = sentAt.get(m.agent.step);
      if (sent === undefined) return;
      sentAt.delete(m.agent.step);
      if (sent >= measureFrom && sent < measureTo) samples.push(arrived - sent);
    });
  });
  board.send(JSON.stringify({ type: 'watch' }));
  await snapshot;

  const agents: WebSocket[] = [];
  for (let i = 0; i < req.agentTokens.length; i += 50) {
    agents.push(...await Promise.all(req.agentTokens.slice(i, i + 50).map((token) => openSocket(presenceUrl(req.agentUrl), token))));
  }
  const connectMs = performance.now() - t0;

  const delay = monitorEventLoopDelay({ resolution: 10 });
  const start = performance.now();
  measureFrom = start + req.warmupMs;
  measureTo = measureFrom + req.measureMs;
  let seq = 0;
  let lostInWindow = 0;
  const timers = new Set<NodeJS.Timeout>();
  const beat = (ws: WebSocket, n: number) => {
    const now = performance.now();
    if (now >= measureTo) return;
    const step = `b${++seq}`;
    sentAt.set(step, now);
    ws.send(JSON.stringify({
      type: 'state', state: STATES[n % STATES.length], account: null, callStartedAt: null, step, lastOutcome: null, at: new Date().toISOString(),
    }));
    const t = setTimeout(() => { timers.delete(t); beat(ws, n + 1); }, req.periodMs * (0.75 + Math.random() * 0.5));
    timers.add(t);
  };
  // Spread the first states over one period so the agents do not move in lock-step.
  agents.forEach((ws, i) => {
    const t = setTimeout(() => { timers.delete(t); beat(ws, i); }, (req.periodMs * i) / agents.length);
    timers.add(t);
  });
  await new Promise((r) => setTimeout(r, measureFrom - performance.now()));
  delay.enable();
  await new Promise((r) => setTimeout(r, measureTo - performance.now()));
  delay.disable();
  for (const t of timers) clearTimeout(t);
  // Stragglers: give them a second.
  await new Promise((r) => setTimeout(r, 1_000));
  for (const [, sent] of sentAt) if (sent >= measureFrom && sent < measureTo) lostInWindow++;
  for (const ws of [...agents, board]) ws.terminate();
  return { type: 'done', samples, lost: lostInWindow, connectMs, loopDelayP99: delay.percentile(99) / 1e6 };
}

process.on('message', (m: RunRequest) => {
  if (m.type !== 'run') return;
  run(m).then((report) => process.send!(report), (err: unknown) => {
    process.stderr.write(`board-latency worker: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
});
