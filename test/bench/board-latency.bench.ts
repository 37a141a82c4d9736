// Live-board latency: from an agent console sending a state to a team lead's board receiving
// it (docs/presence.md). 500 agents of one team each report a new state every ~2 s (±25 %)
// while one board watches them all; measured for 12 s (FAIRLINE_BENCH_SECONDS) after a 3 s
// warm-up, p50 and p99. FAIRLINE_BENCH_AGENTS changes the number of agents.
//   board.latency.500.p50 / .p99         one instance (SQLite store; presence is in memory)
//   board.latency.500.cross.p50 / .p99   agents on instance B, board on instance A, one
//                                        PostgreSQL database (LISTEN/NOTIFY); needs
//                                        FAIRLINE_TEST_DATABASE_URL, skipped (loudly) without
// Baseline of each: the same path with a single agent reporting every 60 ms for 6 s.
// Instance A runs in this process; instance B (cross) and the load generator (agents and
// board, board-latency-worker.ts) each run in a child process, so none shares an event loop.
// Users and sessions are written through the store (no 500 scrypt sign-ins).
import { v7 as uuidv7 } from 'uuid';
import { type RunningServer, startServer } from '../../server/app';
import { hashToken, newToken } from '../../server/auth/tokens';
import type { ServerStore } from '../../server/store/store';
import { type StoreKind, TEST_DATABASE_URL, createTestDatabase } from '../server/databases';
import { type Bench, type Figure, percentile } from './bench';
import type { RunReport, RunRequest } from './board-latency-worker';
import type { ServerReply, ServerRequest } from './board-latency-server';
import { type Child, envInt, log, startChild } from './sync-fixtures';

const AGENTS = envInt('FAIRLINE_BENCH_AGENTS', 500);
const PERIOD_MS = 2_000;
const WARMUP_MS = 3_000;
const MEASURE_MS = envInt('FAIRLINE_BENCH_SECONDS', 12) * 1000;
const BASELINE_PERIOD_MS = 60;
const BASELINE_MS = 6_000;

type Result = Omit<Figure, 'bench' | 'ratio'>;
type Figures = Record<'p50' | 'p99', Result>;

interface People { leadToken: string; agentTokens: string[] }

async function people(store: ServerStore, n: number): Promise<People> {
  const at = new Date().toISOString();
  const expiresAt = new Date(Date.now() + 60 * 60_000).toISOString();
  const teamId = uuidv7();
  await store.createTeam({ id: teamId, name: 'Bench team' }, at);
  const session = async (role: 'team_lead' | 'collector', i: number) => {
    const user = await store.createUser({
      id: uuidv7(), username: `${role}-${i}`, displayName: `${role} ${i}`, role, teamId, passwordHash: 'not-for-sign-in',
    }, at);
    const token = newToken();
    const deviceId = `bench-${role}-${i}`;
    await store.touchDevice(deviceId, user.id, at);
    await store.createSession({ tokenHash: hashToken(token), userId: user.id, deviceId, createdAt: at, expiresAt });
    return { user, token };
  };
  const lead = await session('team_lead', 0);
  await store.addTeamLead(lead.user.id, teamId);
  const agentTokens: string[] = [];
  for (let i = 0; i < n; i++) agentTokens.push((await session('collector', i)).token);
  return { leadToken: lead.token, agentTokens };
}

async function drive(req: Omit<RunRequest, 'type'>): Promise<RunReport> {
  const worker: Child<RunReport> = startChild(new URL('./board-latency-worker.ts', import.meta.url).pathname);
  try {
    worker.send({ type: 'run', ...req } satisfies RunRequest);
    return await worker.next();
  } finally {
    worker.kill();
  }
}

function describe(name: string, r: RunReport): void {
  log(`${name}: ${r.samples.length} samples, ${r.lost} lost, connect ${Math.round(r.connectMs)} ms, generator loop delay p99 ${r.loopDelayP99.toFixed(1)} ms`);
  if (r.lost > 0) throw new Error(`${name}: ${r.lost} state changes never reached the board`);
  if (r.samples.length === 0) throw new Error(`${name}: no samples`);
}

async function measure(kind: StoreKind, cross: boolean): Promise<Figures> {
  const database = await createTestDatabase(kind);
  let a: RunningServer | undefined;
  let b: Child<ServerReply> | undefined;
  try {
    a = await startServer({ ...database.location, logger: false });
    const { leadToken, agentTokens } = await people(a.store, AGENTS);
    let agentUrl = a.url;
    if (cross) {
      b = startChild<ServerReply>(new URL('./board-latency-server.ts', import.meta.url).pathname);
      b.send({ type: 'start', databaseUrl: database.location.databaseUrl! } satisfies ServerRequest);
      const ready = await b.next();
      if (ready.type !== 'ready') throw new Error('instance B did not start');
      agentUrl = ready.url;
    }
    const label = cross ? 'board.latency.cross' : 'board.latency';
    const baseline = await drive({ agentUrl, boardUrl: a.url, boardToken: leadToken, agentTokens: agentTokens.slice(0, 1), periodMs: BASELINE_PERIOD_MS, warmupMs: 1_000, measureMs: BASELINE_MS });
    describe(`${label} baseline (1 agent)`, baseline);
    const load = await drive({ agentUrl, boardUrl: a.url, boardToken: leadToken, agentTokens, periodMs: PERIOD_MS, warmupMs: WARMUP_MS, measureMs: MEASURE_MS });
    describe(`${label} (${AGENTS} agents)`, load);
    const figure = (p: number): Result => ({
      value: percentile(load.samples, p), unit: 'ms', baseline: percentile(baseline.samples, p), baselineName: `p${p} with 1 agent`,
    });
    return { p50: figure(50), p99: figure(99) };
  } finally {
    if (b) {
      b.send({ type: 'stop' } satisfies ServerRequest);
      await Promise.race([b.exited, new Promise((r) => setTimeout(r, 5_000))]);
      b.kill();
    }
    await a?.close();
    await database.drop();
  }
}

let single: Promise<Figures> | undefined;
let cross: Promise<Figures> | undefined;
const one = () => (single ??= measure('sqlite', false));
const two = () => (cross ??= measure('postgres', true));

export const benches: Bench[] = [
  { name: `board.latency.${AGENTS}.p50`, run: async () => (await one()).p50 },
  { name: `board.latency.${AGENTS}.p99`, run: async () => (await one()).p99 },
];

if (TEST_DATABASE_URL) {
  benches.push(
    { name: `board.latency.${AGENTS}.cross.p50`, run: async () => (await two()).p50 },
    { name: `board.latency.${AGENTS}.cross.p99`, run: async () => (await two()).p99 },
  );
} else {
  process.stderr.write(`board.latency.${AGENTS}.cross skipped: set FAIRLINE_TEST_DATABASE_URL (two instances need PostgreSQL; see scripts/setup-postgres.sh)\n`);
}
