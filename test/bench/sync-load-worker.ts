// Simulated agents for sync-load.bench.ts: each is a lightweight HTTP client with its own
// keep-alive connection (one socket, as each console has its own), doing what the console's
// sync loop does, at a fast beat: every second the agent records one call's events (5) in its
// outbox and, unless its previous sync is still running, pushes the outbox (up to 500 events,
// as electron/core/sync/engine.ts does); every few seconds that sync also pulls the compliance
// and assignments buckets after its cursors. So an overloaded server sees fewer, larger pushes,
// never more than one request at a time per agent, and the phase ends on time.
// Every event's wait is measured too: from the beat that recorded it to the answer of the push
// that carried it, so the events of skipped beats count with the longer wait they had. After
// the timed phase each agent pushes what it still holds (not timed as pushes; their events'
// waits count). Each agent talks to its own server URL (the bench spreads agents over several
// instances by giving them different ones).
// Driven over IPC by the bench: init, warm-up (every agent's first full pull), the single-agent
// baseline, then the timed load.
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import type { ClientEvent } from '../../shared/domain/events';

export interface SimAccount { id: string; phoneId: string; partyId: string; number: string }
export interface SimAgent { userId: string; deviceId: string; token: string; accounts: SimAccount[]; serverUrl: string }

export type ToWorker =
  | { type: 'init'; agents: SimAgent[] }
  | { type: 'warmup' }
  | { type: 'baseline'; pushes: number }
  | { type: 'load'; startAt: number; seconds: number; pullEvery: number };

export interface Samples {
  push: number[];
  pull: number[];
  /** Per beat: how long its events waited, from being recorded to the answer of the push that carried them (ms). */
  wait: number[];
}
export interface LoadReport extends Samples {
  /** HTTP status → count, over every request of the phase (200 expected). */
  statuses: Record<string, number>;
  /** Failures other than an HTTP status: timeouts, resets, unreadable answers, a push acknowledged short. */
  failures: number;
  firstErrors: string[];
  /** Beats (one per agent per second) and those whose sync was skipped because the previous one was still running. */
  beats: number;
  skippedBeats: number;
  /** Beats whose events were still waiting at the end of the phase (their waits are counted after it). */
  drainedBeats: number;
  /** Events recorded, and pushed (acknowledged) by the end of the phase; the largest push. */
  recorded: number;
  pushed: number;
  maxBatch: number;
  cpuMs: number;
  /** This process's event-loop delay over the phase (ms): high values would mean the generator itself lagged. */
  loopDelayP99: number;
}
export type FromWorker = { type: 'ready' } | { type: 'warm' } | ({ type: 'baseline' } & Samples) | ({ type: 'load' } & LoadReport);

const PUSH_EVENTS = 5;
const PUSH_BATCH = 500; // PUSH_BATCH in electron/core/sync/engine.ts
const PULL_LIMIT = 500; // PULL_PAGE in electron/core/sync/engine.ts
const TIMEOUT_MS = 30_000;

class HttpFailure extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

class SimulatedAgent {
  private readonly http = new Agent({ keepAlive: true, maxSockets: 1 });
  private seq = 0;
  /** Recorded, not yet acknowledged, oldest first. */
  private outbox: ClientEvent[] = [];
  /** When each beat still in the outbox was recorded (performance.now), and its last seq. */
  private beats: { at: number; lastSeq: number }[] = [];
  private call = 0;
  private complianceCursor = 0;
  private assignmentsCursor = 0;

  private readonly url: URL;

  constructor(private readonly me: SimAgent, private readonly countStatus: (status: number) => void) {
    this.url = new URL(me.serverUrl);
  }

  private send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request({
        host: this.url.hostname, port: this.url.port, path, method, agent: this.http, timeout: TIMEOUT_MS,
        headers: { authorization: `Bearer ${this.me.token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          this.countStatus(status);
          const text = Buffer.concat(chunks).toString('utf8');
          if (status !== 200) return reject(new HttpFailure(status, `${method} ${path.split('?')[0]}: HTTP ${status} ${text.slice(0, 200)}`));
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error(`${method} ${path}: unreadable answer`));
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path.split('?')[0]}: no answer in ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Records one call's worth of events on one of the agent's accounts: decision, attempt, outcome, note, view. */
  record(): void {
    const a = this.me.accounts[this.call % this.me.accounts.length]!;
    const callId = `${this.me.deviceId}-call-${++this.call}`;
    const now = new Date();
    const at = now.toISOString();
    const started = new Date(now.getTime() - 40_000).toISOString();
    const event = (body: ClientEvent['body']): ClientEvent => ({
      id: uuidv7(), deviceId: this.me.deviceId, seq: ++this.seq, userId: this.me.userId, accountId: a.id, deviceTime: at, body,
    });
    const events = [
      event({ type: 'compliance.decision', phoneId: a.phoneId, partyId: a.partyId, decision: 'allow', action: 'dial', packId: 'cn', packVersion: '1', allowedFrom: null, reasons: [] }),
      event({
        type: 'call.attempt', callId, direction: 'outbound', phoneId: a.phoneId, partyId: a.partyId, number: a.number, result: 'no_answer',
        startedAt: started, answeredAt: null, endedAt: at, sipStatus: 480, recording: null,
      }),
      event({
        type: 'call.outcome', callId, phoneId: a.phoneId, partyId: a.partyId, packId: 'cn', outcome: 'no_answer', contact: 'no_answer',
        hold: null, promise: null, plan: null, callback: null, note: '', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null,
      }),
      event({ type: 'note.added', text: `Rang ${a.number}, no answer; will try again after 18:00 (call ${this.call})` }),
      event({ type: 'account.viewed' }),
    ];
    if (events.length !== PUSH_EVENTS) throw new Error('batch size drifted');
    this.outbox.push(...events);
    this.beats.push({ at: performance.now(), lastSeq: this.seq });
  }

  /**
   * Pushes the outbox's oldest events (one request); resolves to its latency (ms), how many it
   * carried, and the waits of the beats it completed.
   */
  async push(): Promise<{ ms: number; events: number; waits: number[] }> {
    const events = this.outbox.slice(0, PUSH_BATCH);
    const t0 = performance.now();
    const res = await this.send('POST', '/api/sync/push', { deviceId: this.me.deviceId, events }) as { lastSeq: number };
    const answered = performance.now();
    const last = events.at(-1)!.seq;
    if (res.lastSeq !== last) throw new Error(`push acknowledged seq ${res.lastSeq}, sent up to ${last}`);
    this.outbox = this.outbox.slice(events.length);
    const done = this.beats.filter((b) => b.lastSeq <= last);
    this.beats = this.beats.slice(done.length);
    return { ms: answered - t0, events: events.length, waits: done.map((b) => answered - b.at) };
  }

  get pending(): number {
    return this.outbox.length;
  }

  get waitingBeats(): number {
    return this.beats.length;
  }

  /** One pull round as the engine does it: compliance to its end, then assignments to its end. Latency (ms). */
  async pull(): Promise<number> {
    const t0 = performance.now();
    for (let more = true; more;) {
      const page = await this.send('GET', `/api/sync/pull/compliance?cursor=${this.complianceCursor}&limit=${PULL_LIMIT}`) as { cursor: number; hasMore: boolean };
      this.complianceCursor = page.cursor;
      more = page.hasMore;
    }
    for (let more = true; more;) {
      const page = await this.send('GET', `/api/sync/pull?cursor=${this.assignmentsCursor}&limit=${PULL_LIMIT}`) as { cursor: number; hasMore: boolean; accounts: unknown[]; assignedIds: string[] | null };
      this.assignmentsCursor = page.cursor;
      more = page.hasMore;
      if (!more && page.assignedIds?.length !== this.me.accounts.length) throw new Error(`pull lists ${page.assignedIds?.length} assigned accounts, expected ${this.me.accounts.length}`);
    }
    return performance.now() - t0;
  }

  close(): void {
    this.http.destroy();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

let agents: SimulatedAgent[] = [];
let statuses: Record<string, number> = {};
const countStatus = (status: number) => { statuses[status] = (statuses[status] ?? 0) + 1; };

async function warmup(): Promise<void> {
  // Every agent's first pull (full: its accounts), 25 at a time so the server is not flooded.
  for (let i = 0; i < agents.length; i += 25) await Promise.all(agents.slice(i, i + 25).map((a) => a.pull()));
}

async function baseline(pushes: number): Promise<Samples> {
  const agent = agents[0]!;
  const out: Samples = { push: [], pull: [], wait: [] };
  for (let i = 0; i < pushes; i++) {
    agent.record();
    const pushed = await agent.push();
    out.push.push(pushed.ms);
    out.wait.push(...pushed.waits);
    if (i % 2 === 1) out.pull.push(await agent.pull());
    await sleep(10);
  }
  return out;
}

async function load(startAt: number, seconds: number, pullEvery: number): Promise<LoadReport> {
  statuses = {};
  const report: LoadReport = {
    push: [], pull: [], wait: [], statuses, failures: 0, firstErrors: [], beats: 0, skippedBeats: 0, drainedBeats: 0, recorded: 0, pushed: 0, maxBatch: 0,
    cpuMs: 0, loopDelayP99: 0,
  };
  const fail = (err: unknown) => {
    if (!(err instanceof HttpFailure)) report.failures++;
    if (report.firstErrors.length < 5) report.firstErrors.push(err instanceof Error ? err.message : String(err));
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const cpu0 = process.cpuUsage();
  const endAt = startAt + seconds * 1000;
  loop.enable();
  await Promise.all(agents.map(async (agent) => {
    // Spread over the second and over the pull period, as real consoles would be.
    const offset = Math.random() * 1000;
    const pullBeat = Math.floor(Math.random() * pullEvery);
    let syncing: Promise<void> | null = null;
    let pullDue = false;
    for (let beat = 0; ; beat++) {
      const due = startAt + offset + beat * 1000;
      if (due >= endAt) break;
      await sleep(due - Date.now());
      agent.record();
      report.beats++;
      report.recorded += PUSH_EVENTS;
      if (beat % pullEvery === pullBeat) pullDue = true;
      if (syncing) {
        // One sync at a time, as the engine runs: these events go with the next push.
        report.skippedBeats++;
        continue;
      }
      syncing = (async () => {
        try {
          const pushed = await agent.push();
          report.push.push(pushed.ms);
          report.wait.push(...pushed.waits);
          report.pushed += pushed.events;
          report.maxBatch = Math.max(report.maxBatch, pushed.events);
          if (pullDue) {
            pullDue = false;
            report.pull.push(await agent.pull());
          }
        } catch (err) {
          fail(err);
        } finally {
          syncing = null;
        }
      })();
    }
    await syncing;
  }));
  // What is still in the outboxes goes now, and its waits count: an event that was never
  // pushed in the phase waited at least until after it.
  await Promise.all(agents.map(async (agent) => {
    report.drainedBeats += agent.waitingBeats;
    while (agent.pending > 0) {
      try {
        report.wait.push(...(await agent.push()).waits);
      } catch (err) {
        fail(err);
        return;
      }
    }
  }));
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  report.cpuMs = (cpu.user + cpu.system) / 1000;
  report.loopDelayP99 = loop.percentile(99) / 1e6;
  return report;
}

process.on('message', (m: ToWorker) => {
  const reply = (msg: FromWorker) => process.send!(msg);
  const work = async () => {
    switch (m.type) {
      case 'init':
        agents = m.agents.map((a) => new SimulatedAgent(a, countStatus));
        return reply({ type: 'ready' });
      case 'warmup':
        await warmup();
        return reply({ type: 'warm' });
      case 'baseline':
        return reply({ type: 'baseline', ...(await baseline(m.pushes)) });
      case 'load': {
        const report = await load(m.startAt, m.seconds, m.pullEvery);
        for (const a of agents) a.close();
        return reply({ type: 'load', ...report });
      }
    }
  };
  work().catch((err: unknown) => {
    process.stderr.write(`sync-load-worker: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
});
