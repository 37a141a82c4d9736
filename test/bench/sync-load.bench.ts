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
// Figures: push and pull latency (p50, p99); the wait of every event, from the beat that
// recorded it to the answer of the push that carried it, skipped beats included (p50, p99); and
// the beats skipped, against all beats (the ratio is the skip rate).
//
// The server runs in this process (HTTP on loopback); the agents run in 2 child processes
// (FAIRLINE_BENCH_WORKERS), so on a 2-core machine the load generator does not share an event
// loop with the server. The CPU each used during the timed phase is reported on stderr
// (server, agents, PostgreSQL, everything else on the machine), with the event-loop delay of
// the agents' processes (a lagging generator would inflate the latencies).
//
// On PostgreSQL the same run is made again across two server instances (sync.load.*.2x.*): each
// its own process (sync-load-server.ts) on the same database, the agents spread over them
// round-robin (agent i talks to instance i mod 2), as a load balancer would spread consoles;
// the live board's fan-out between them goes over LISTEN/NOTIFY as in production.
//
// Baseline: the same requests from a single agent on the idle server, in the same run (200
// pushes and 100 pull rounds, one after the other).
// FAIRLINE_BENCH_AGENTS (default 500) changes the number of agents.
// PostgreSQL needs FAIRLINE_TEST_DATABASE_URL (a throwaway database is created and dropped).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { type RunningServer, startServer } from '../../server/app';
import { openStore } from '../../server/store/open';
import type { ServerStore } from '../../server/store/store';
import { hashPassword } from '../../server/auth/password';
import { hashToken, newToken } from '../../server/auth/tokens';
import { type StoreKind, TEST_DATABASE_URL, createTestDatabase } from '../server/databases';
import { type Bench, type Figure, percentile } from './bench';
import { type Child, envInt, log, machineCpuMs, portfolioAccount, processCpuMs, seedAccounts, startChild } from './sync-fixtures';
import type { FromServer, ToServer } from './sync-load-server';
import type { FromWorker, LoadReport, Samples, SimAgent, ToWorker } from './sync-load-worker';

const SECONDS = envInt('FAIRLINE_BENCH_SECONDS', 60);
const AGENTS = envInt('FAIRLINE_BENCH_AGENTS', 500);
const WORKERS = envInt('FAIRLINE_BENCH_WORKERS', 2);
const ACCOUNTS_EACH = 5;
const TEAMS = 10;
const PULL_EVERY = 5; // seconds
const BASELINE_PUSHES = 200;

type Result = Omit<Figure, 'bench' | 'ratio'>;
const FIGURES = ['push.p50', 'push.p99', 'pull.p50', 'pull.p99', 'wait.p50', 'wait.p99', 'skipped'] as const;
type Figures = Record<(typeof FIGURES)[number], Result>;

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

/**
 * CPU time (ms) of the backends connected to the bench's database, by pid: on a machine where
 * other work uses the same PostgreSQL server, the total above counts it too. WAL writer,
 * checkpointer and the like are not counted here.
 */
async function databaseCpuMs(databaseUrl: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
    return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid) ?? 0]));
  } finally {
    await client.end();
  }
}

/** CPU (ms) the database's backends used between two readings (a backend gone meanwhile counts to its last reading; a new one from its start). */
function databaseCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

/** The servers under test: in this process (one instance), or each in its own (several). */
interface Servers {
  urls: string[];
  /** CPU time (ms) the server instances have used so far. */
  cpuMs(): number;
  close(): Promise<void>;
}

async function inProcess(server: RunningServer): Promise<Servers> {
  return {
    urls: [server.url],
    cpuMs: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; },
    close: () => server.close(),
  };
}

async function instances(n: number, databaseUrl: string): Promise<Servers> {
  const children: Child<FromServer>[] = [];
  try {
    const urls: string[] = [];
    for (let i = 0; i < n; i++) {
      const child = startChild<FromServer>(join(import.meta.dirname, 'sync-load-server.ts'), { FAIRLINE_BENCH_DATABASE_URL: databaseUrl });
      children.push(child);
      const m = await child.next();
      if (m.type !== 'listening') throw new Error(`server instance answered ${m.type}`);
      urls.push(m.url);
    }
    return {
      urls,
      cpuMs: () => children.reduce((ms, c) => ms + (processCpuMs(c.pid) ?? 0), 0),
      close: async () => {
        for (const c of children) c.send({ type: 'stop' } satisfies ToServer);
        await Promise.all(children.map((c) => c.exited));
      },
    };
  } catch (err) {
    for (const c of children) c.kill();
    throw err;
  }
}

function cpuSnapshot(servers: Servers, workers: Child<FromWorker>[]) {
  return {
    server: servers.cpuMs(),
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

async function measure(kind: StoreKind, instanceCount: number): Promise<Figures> {
  const tag = `sync.load.${kind}${instanceCount > 1 ? `.${instanceCount}x` : ''}`;
  const database = await createTestDatabase(kind);
  try {
    // One instance runs in this process and is seeded through its store; several run on their
    // own and the organisation is written through a store of the bench's.
    const single = instanceCount === 1 ? await startServer({ ...database.location, logger: false }) : null;
    let servers: Servers | null = single ? await inProcess(single) : null;
    const store: ServerStore = single ? single.store : await openStore(database.location);
    const workers: Child<FromWorker>[] = [];
    try {
      // The organisation: teams, users and their devices and sessions, through the store.
      const t = performance.now();
      const at = new Date().toISOString();
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const passwordHash = await hashPassword('bench-password'); // one scrypt: sign-in is not what is measured
      const teams = Array.from({ length: TEAMS }, (_, i) => ({ id: uuidv7(), name: `Bench team ${i + 1}` }));
      for (const team of teams) await store.createTeam(team, at);
      const agents: SimAgent[] = [];
      for (let i = 0; i < AGENTS; i++) {
        const userId = uuidv7();
        const deviceId = `bench-console-${i}`;
        const token = newToken();
        await store.createUser({
          id: userId, username: `agent${String(i).padStart(3, '0')}`, displayName: `Agent ${i}`, role: 'collector', teamId: teams[i % TEAMS]!.id, passwordHash,
        }, at);
        // What a sign-in stores (server/auth/sessions.ts), without 500 scrypt runs.
        await store.touchDevice(deviceId, userId, at);
        await store.createSession({ tokenHash: hashToken(token), userId, deviceId, createdAt: at, expiresAt });
        agents.push({ userId, deviceId, token, accounts: [], serverUrl: '' });
      }
      const owner = (i: number) => {
        const agent = Math.floor(i / ACCOUNTS_EACH);
        return { assignedTo: agents[agent]!.userId, teamId: teams[agent % TEAMS]!.id };
      };
      await seedAccounts(store, 0, AGENTS * ACCOUNTS_EACH, owner, at);
      for (let i = 0; i < AGENTS * ACCOUNTS_EACH; i++) {
        const b = portfolioAccount(i, owner(i));
        const phone = b.phones[0]!;
        agents[Math.floor(i / ACCOUNTS_EACH)]!.accounts.push({ id: b.account.id, phoneId: phone.id, partyId: phone.partyId, number: phone.number });
      }
      log(`${tag}: ${AGENTS} agents in ${TEAMS} teams with ${ACCOUNTS_EACH} accounts each, created in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      if (!single) {
        await store.close();
        servers = await instances(instanceCount, database.location.databaseUrl!);
      }
      const urls = servers!.urls;
      agents.forEach((a, i) => { a.serverUrl = urls[i % urls.length]!; });

      for (let w = 0; w < WORKERS; w++) workers.push(startChild<FromWorker>(join(import.meta.dirname, 'sync-load-worker.ts')));
      workers.forEach((w, i) => w.send({ type: 'init', agents: agents.filter((_, a) => a % WORKERS === i) } satisfies ToWorker));
      await Promise.all(workers.map((w) => expect(w, 'ready')));
      for (const w of workers) w.send({ type: 'warmup' } satisfies ToWorker);
      await Promise.all(workers.map((w) => expect(w, 'warm')));

      const idleCpu0 = servers!.cpuMs();
      workers[0]!.send({ type: 'baseline', pushes: BASELINE_PUSHES } satisfies ToWorker);
      const idle: Samples = await expect(workers[0]!, 'baseline');
      const idleCpu = servers!.cpuMs() - idleCpu0;
      // Every pull round of the baseline is two GETs (nothing new after the warm-up).
      const idleCpuPerRequest = idleCpu / (idle.push.length + 2 * idle.pull.length);
      log(`${tag}: one agent, idle server: push ${summary(idle.push)}; pull ${summary(idle.pull)}; event wait ${summary(idle.wait)}; server CPU ${idleCpuPerRequest.toFixed(2)} ms per request`);

      const dbUrl = kind === 'postgres' ? database.location.databaseUrl! : null;
      const dbBefore = dbUrl ? await databaseCpuMs(dbUrl) : null;
      const before = cpuSnapshot(servers!, workers);
      const startAt = Date.now() + 500;
      for (const w of workers) w.send({ type: 'load', startAt, seconds: SECONDS, pullEvery: PULL_EVERY } satisfies ToWorker);
      const reports: LoadReport[] = await Promise.all(workers.map((w) => expect(w, 'load')));
      const after = cpuSnapshot(servers!, workers);
      const dbCpu = dbUrl && dbBefore ? databaseCpuBetween(dbBefore, await databaseCpuMs(dbUrl)) : 0;

      const push = reports.flatMap((r) => r.push);
      const pull = reports.flatMap((r) => r.pull);
      const wait = reports.flatMap((r) => r.wait);
      const statuses: Record<string, number> = {};
      for (const r of reports) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
      const failures = reports.reduce((n, r) => n + r.failures, 0);
      const sum = (f: (r: LoadReport) => number) => reports.reduce((n, r) => n + f(r), 0);
      const wallMs = after.at - before.at;
      const perS = (n: number) => (n / (wallMs / 1000)).toFixed(0);
      log(`${tag}: ${AGENTS} agents for ${SECONDS} s${instanceCount > 1 ? ` on ${instanceCount} server instances` : ''}: push ${summary(push)}; pull ${summary(pull)}; `
        + `event wait ${summary(wait)} (${sum((r) => r.drainedBeats)} beats still waiting at the end, pushed after it)`);
      log(`${tag}: over ${(wallMs / 1000).toFixed(0)} s: ${perS(push.length)} pushes/s carrying ${perS(sum((r) => r.pushed))} events/s (${perS(sum((r) => r.recorded))} recorded/s, largest push ${Math.max(...reports.map((r) => r.maxBatch))}), `
        + `${perS(pull.length)} pull rounds/s; syncs skipped while the previous one ran: ${sum((r) => r.skippedBeats)} of ${sum((r) => r.beats)} beats; HTTP statuses ${JSON.stringify(statuses)}; other failures ${failures}`);
      for (const e of reports.flatMap((r) => r.firstErrors).slice(0, 5)) log(`${tag}:   e.g. ${e}`);

      const serverCpu = after.server - before.server;
      const workerCpu = after.workers.reduce((s, x, i) => s + x - before.workers[i]!, 0);
      const pgCpu = kind === 'postgres' ? after.postgres - before.postgres : 0;
      const cores = (ms: number) => `${(ms / wallMs).toFixed(2)}`;
      const requests = Object.values(statuses).reduce((n, x) => n + x, 0);
      let cpuLine = `${tag}: CPU over the ${(wallMs / 1000).toFixed(0)} s phase, in cores: server${instanceCount > 1 ? `s (${instanceCount} processes)` : ''} ${cores(serverCpu)} (${(serverCpu / requests).toFixed(2)} ms per request${kind === 'postgres' ? `, PostgreSQL ${(pgCpu / requests).toFixed(2)} ms` : ''}), agents ${cores(workerCpu)} (${WORKERS} processes, event-loop delay p99 ${reports.map((r) => r.loopDelayP99.toFixed(0)).join('/')} ms)`;
      if (kind === 'postgres') cpuLine += `, PostgreSQL ${cores(pgCpu)} (the bench database's backends: ${cores(dbCpu)}, ${(dbCpu / requests).toFixed(2)} ms per request)`;
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
        'wait.p50': fig(wait, idle.wait, 50), 'wait.p99': fig(wait, idle.wait, 99),
        // The ratio is the skip rate.
        skipped: { value: sum((r) => r.skippedBeats), unit: 'beats', baseline: sum((r) => r.beats), baselineName: 'beats in the phase (one per agent per second); ratio: the skip rate' },
      };
    } finally {
      for (const w of workers) w.kill();
      await Promise.all(workers.map((w) => w.exited));
      await servers?.close();
      if (!single && !servers) await store.close().catch(() => {});
    }
  } finally {
    await database.drop();
  }
}

const measured = new Map<string, Promise<Figures>>();
const once = (kind: StoreKind, instanceCount: number) => {
  const key = `${kind}.${instanceCount}`;
  let m = measured.get(key);
  if (!m) measured.set(key, m = measure(kind, instanceCount));
  return m;
};

function benchesFor(kind: StoreKind, instanceCount = 1): Bench[] {
  return FIGURES.map((figure) => ({
    name: `sync.load.${AGENTS}x${SECONDS}s.${instanceCount > 1 ? `${instanceCount}x.` : ''}${figure}.${kind}`,
    run: async () => (await once(kind, instanceCount))[figure],
  }));
}

export const benches: Bench[] = benchesFor('sqlite');

if (TEST_DATABASE_URL) benches.push(...benchesFor('postgres'), ...benchesFor('postgres', 2));
else process.stderr.write(`sync.load.${AGENTS}x${SECONDS}s.*.postgres SKIPPED (PostgreSQL store not measured): set FAIRLINE_TEST_DATABASE_URL (see scripts/setup-postgres.sh)\n`);
