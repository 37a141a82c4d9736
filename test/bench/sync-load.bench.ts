// Many agents on one server: 500 collectors (10 teams, 5 accounts of demo shape each, created
// through the store as the admin CLI does), each a simulated console (sync-load-worker.ts: its
// own keep-alive connection) that every second records one call's events (5: gate decision,
// call attempt, outcome, note, view) and pushes its outbox (POST /api/sync/push), and every 5 s,
// after that push, pulls the compliance and assignments buckets after its cursors (a "pull" is
// that round: usually two GETs). Like the console's engine, an agent runs one sync at a time:
// while one is still running its beats are skipped and the events wait for the next push.
// Latency is measured by the agents, request sent to answer read, for 60 s
// (FAIRLINE_BENCH_SECONDS) after every agent has done its first full pull.
//
// The server runs in this process (HTTP on loopback); the agents run in 2 child processes
// (FAIRLINE_BENCH_WORKERS), so on a 2-core machine the load generator does not share an event
// loop with the server. The CPU each used during the timed phase is reported on stderr
// (server, agents, PostgreSQL, everything else on the machine), with the event-loop delay of
// the agents' processes (a lagging generator would inflate the latencies).
//
// Baseline: the same requests from a single agent on the idle server, in the same run (200
// pushes and 100 pull rounds, one after the other).
// FAIRLINE_BENCH_AGENTS (default 500) changes the number of agents.
// PostgreSQL needs FAIRLINE_TEST_DATABASE_URL (a throwaway database is created and dropped).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { startServer } from '../../server/app';
import { hashPassword } from '../../server/auth/password';
import { hashToken, newToken } from '../../server/auth/tokens';
import { type StoreKind, TEST_DATABASE_URL, createTestDatabase } from '../server/databases';
import { type Bench, type Figure, percentile } from './bench';
import { type Child, envInt, log, machineCpuMs, portfolioAccount, processCpuMs, seedAccounts, startChild } from './sync-fixtures';
import type { FromWorker, LoadReport, Samples, SimAgent, ToWorker } from './sync-load-worker';

const SECONDS = envInt('FAIRLINE_BENCH_SECONDS', 60);
const AGENTS = envInt('FAIRLINE_BENCH_AGENTS', 500);
const WORKERS = envInt('FAIRLINE_BENCH_WORKERS', 2);
const ACCOUNTS_EACH = 5;
const TEAMS = 10;
const PULL_EVERY = 5; // seconds
const BASELINE_PUSHES = 200;

type Result = Omit<Figure, 'bench' | 'ratio'>;
type Figures = Record<'push.p50' | 'push.p99' | 'pull.p50' | 'pull.p99', Result>;

/** CPU time (ms) of every process named postgres (the server and its backends). */
function postgresCpuMs(): number {
  let ms = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') ms += processCpuMs(Number(pid)) ?? 0;
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

function cpuSnapshot(workers: Child<FromWorker>[]) {
  return {
    server: process.cpuUsage(),
    workers: workers.map((w) => processCpuMs(w.pid) ?? 0),
    postgres: postgresCpuMs(),
    machine: machineCpuMs(),
    at: performance.now(),
  };
}

async function expect<T extends FromWorker['type']>(child: Child<FromWorker>, type: T): Promise<Extract<FromWorker, { type: T }>> {
  const m = await child.next();
  if (m.type !== type) throw new Error(`worker answered ${m.type}, expected ${type}`);
  return m as Extract<FromWorker, { type: T }>;
}

const summary = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length})`;

async function measure(kind: StoreKind): Promise<Figures> {
  const tag = `sync.load.${kind}`;
  const database = await createTestDatabase(kind);
  try {
    const server = await startServer({ ...database.location, logger: false });
    const workers: Child<FromWorker>[] = [];
    try {
      // The organisation: teams, users and their devices and sessions, through the store.
      const t = performance.now();
      const at = new Date().toISOString();
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const passwordHash = await hashPassword('bench-password'); // one scrypt: sign-in is not what is measured
      const teams = Array.from({ length: TEAMS }, (_, i) => ({ id: uuidv7(), name: `Bench team ${i + 1}` }));
      for (const team of teams) await server.store.createTeam(team, at);
      const agents: SimAgent[] = [];
      for (let i = 0; i < AGENTS; i++) {
        const userId = uuidv7();
        const deviceId = `bench-console-${i}`;
        const token = newToken();
        await server.store.createUser({
          id: userId, username: `agent${String(i).padStart(3, '0')}`, displayName: `Agent ${i}`, role: 'collector', teamId: teams[i % TEAMS]!.id, passwordHash,
        }, at);
        // What a sign-in stores (server/auth/sessions.ts), without 500 scrypt runs.
        await server.store.touchDevice(deviceId, userId, at);
        await server.store.createSession({ tokenHash: hashToken(token), userId, deviceId, createdAt: at, expiresAt });
        agents.push({ userId, deviceId, token, accounts: [] });
      }
      const owner = (i: number) => {
        const agent = Math.floor(i / ACCOUNTS_EACH);
        return { assignedTo: agents[agent]!.userId, teamId: teams[agent % TEAMS]!.id };
      };
      await seedAccounts(server.store, 0, AGENTS * ACCOUNTS_EACH, owner, at);
      for (let i = 0; i < AGENTS * ACCOUNTS_EACH; i++) {
        const b = portfolioAccount(i, owner(i));
        const phone = b.phones[0]!;
        agents[Math.floor(i / ACCOUNTS_EACH)]!.accounts.push({ id: b.account.id, phoneId: phone.id, partyId: phone.partyId, number: phone.number });
      }
      log(`${tag}: ${AGENTS} agents in ${TEAMS} teams with ${ACCOUNTS_EACH} accounts each, created in ${((performance.now() - t) / 1000).toFixed(1)} s`);

      for (let w = 0; w < WORKERS; w++) workers.push(startChild<FromWorker>(join(import.meta.dirname, 'sync-load-worker.ts')));
      workers.forEach((w, i) => w.send({ type: 'init', serverUrl: server.url, agents: agents.filter((_, a) => a % WORKERS === i) } satisfies ToWorker));
      await Promise.all(workers.map((w) => expect(w, 'ready')));
      for (const w of workers) w.send({ type: 'warmup' } satisfies ToWorker);
      await Promise.all(workers.map((w) => expect(w, 'warm')));

      const idleCpu0 = process.cpuUsage();
      workers[0]!.send({ type: 'baseline', pushes: BASELINE_PUSHES } satisfies ToWorker);
      const idle: Samples = await expect(workers[0]!, 'baseline');
      const idleCpu = process.cpuUsage(idleCpu0);
      // Every pull round of the baseline is two GETs (nothing new after the warm-up).
      const idleCpuPerRequest = (idleCpu.user + idleCpu.system) / 1000 / (idle.push.length + 2 * idle.pull.length);
      log(`${tag}: one agent, idle server: push ${summary(idle.push)}; pull ${summary(idle.pull)}; server CPU ${idleCpuPerRequest.toFixed(2)} ms per request`);

      const before = cpuSnapshot(workers);
      const startAt = Date.now() + 500;
      for (const w of workers) w.send({ type: 'load', startAt, seconds: SECONDS, pullEvery: PULL_EVERY } satisfies ToWorker);
      const reports: LoadReport[] = await Promise.all(workers.map((w) => expect(w, 'load')));
      const after = cpuSnapshot(workers);

      const push = reports.flatMap((r) => r.push);
      const pull = reports.flatMap((r) => r.pull);
      const statuses: Record<string, number> = {};
      for (const r of reports) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
      const failures = reports.reduce((n, r) => n + r.failures, 0);
      const sum = (f: (r: LoadReport) => number) => reports.reduce((n, r) => n + f(r), 0);
      const wallMs = after.at - before.at;
      const perS = (n: number) => (n / (wallMs / 1000)).toFixed(0);
      log(`${tag}: ${AGENTS} agents for ${SECONDS} s: push ${summary(push)}; pull ${summary(pull)}`);
      log(`${tag}: over ${(wallMs / 1000).toFixed(0)} s: ${perS(push.length)} pushes/s carrying ${perS(sum((r) => r.pushed))} events/s (${perS(sum((r) => r.recorded))} recorded/s, largest push ${Math.max(...reports.map((r) => r.maxBatch))}), `
        + `${perS(pull.length)} pull rounds/s; syncs skipped while the previous one ran: ${sum((r) => r.skippedBeats)} of ${sum((r) => r.beats)} beats; HTTP statuses ${JSON.stringify(statuses)}; other failures ${failures}`);
      for (const e of reports.flatMap((r) => r.firstErrors).slice(0, 5)) log(`${tag}:   e.g. ${e}`);

      const serverCpu = (after.server.user + after.server.system - before.server.user - before.server.system) / 1000;
      const workerCpu = after.workers.reduce((s, x, i) => s + x - before.workers[i]!, 0);
      const pgCpu = kind === 'postgres' ? after.postgres - before.postgres : 0;
      const cores = (ms: number) => `${(ms / wallMs).toFixed(2)}`;
      const requests = Object.values(statuses).reduce((n, x) => n + x, 0);
      let cpuLine = `${tag}: CPU over the ${(wallMs / 1000).toFixed(0)} s phase, in cores: server ${cores(serverCpu)} (${(serverCpu / requests).toFixed(2)} ms per request${kind === 'postgres' ? `, PostgreSQL ${(pgCpu / requests).toFixed(2)} ms` : ''}), agents ${cores(workerCpu)} (${WORKERS} processes, event-loop delay p99 ${reports.map((r) => r.loopDelayP99.toFixed(0)).join('/')} ms)`;
      if (kind === 'postgres') cpuLine += `, PostgreSQL ${cores(pgCpu)}`;
      if (after.machine && before.machine) {
        const busy = after.machine.busy - before.machine.busy;
        const total = after.machine.total - before.machine.total;
        cpuLine += `, everything else ${cores(Math.max(0, busy - serverCpu - workerCpu - pgCpu))}; machine ${(100 * busy / total).toFixed(0)}% busy of ${(total / wallMs).toFixed(1)} cores`;
      }
      log(cpuLine);
      const bad = Object.entries(statuses).filter(([s]) => s !== '200');
      if (bad.length > 0 || failures > 0) log(`${tag}: WARNING: ${bad.map(([s, n]) => `${n} × HTTP ${s}`).join(', ')}${failures ? ` ${failures} other failures` : ''} under load`);
      if (push.length === 0 || pull.length === 0) throw new Error('no successful request under load');

      const name = `single agent on the idle server (${BASELINE_PUSHES} pushes, ${BASELINE_PUSHES / 2} pulls)`;
      const fig = (xs: number[], base: number[], p: number): Result => ({
        value: percentile(xs, p), unit: 'ms', baseline: percentile(base, p), baselineName: `p${p}, ${name}`,
      });
      return {
        'push.p50': fig(push, idle.push, 50), 'push.p99': fig(push, idle.push, 99),
        'pull.p50': fig(pull, idle.pull, 50), 'pull.p99': fig(pull, idle.pull, 99),
      };
    } finally {
      for (const w of workers) w.kill();
      await Promise.all(workers.map((w) => w.exited));
      await server.close();
    }
  } finally {
    await database.drop();
  }
}

const measured = new Map<StoreKind, Promise<Figures>>();
const once = (kind: StoreKind) => {
  let m = measured.get(kind);
  if (!m) measured.set(kind, m = measure(kind));
  return m;
};

function benchesFor(kind: StoreKind): Bench[] {
  return (['push.p50', 'push.p99', 'pull.p50', 'pull.p99'] as const).map((figure) => ({
    name: `sync.load.${AGENTS}x${SECONDS}s.${figure}.${kind}`,
    run: async () => (await once(kind))[figure],
  }));
}

export const benches: Bench[] = benchesFor('sqlite');

if (TEST_DATABASE_URL) benches.push(...benchesFor('postgres'));
else process.stderr.write(`sync.load.${AGENTS}x${SECONDS}s.*.postgres SKIPPED (PostgreSQL store not measured): set FAIRLINE_TEST_DATABASE_URL (see scripts/setup-postgres.sh)\n`);
