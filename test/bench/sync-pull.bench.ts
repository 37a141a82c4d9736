// First pull at volume: a real server (in process, HTTP on loopback) holds 100k accounts of
// demo shape assigned to one collector, and a fresh console core (empty data dir, in a child
// process so its memory is its own) signs in and syncs to the end: every bucket, every page, as
// electron/core/sync/engine.ts does. Timed from the start of the sync until the sync run
// returns with everything pulled and applied.
//
// The console is the core as it ships: sync-pull-client.ts bundled by scripts/build-electron.ts's
// own bundling (bundleMainProcess: the settings and externals of dist/electron/main.cjs) and run
// on plain node, no tsx and no source maps, as a field laptop runs it. Those are the headline
// figures. The same client then runs again from the TypeScript sources under tsx (the dev path,
// `npm start`'s browser shell), against the same server: `<name>.tsx` and
// `<name>.client-peak-rss.tsx`: tsx's loader thread, transpiled sources and source maps cost it
// 81-84 MB more RSS signed in (193 and 192 MB against 109 and 111 in two runs). Neither counts
// Electron's own main-process overhead (its Chromium side, its own binary) nor the few modules
// electron/main.ts adds around the core, since the Electron binary cannot be had on these
// machines (the machines' TOOLCHAIN.md): the figures are the core's, on the node the bench runs.
//
// Baselines: the data work done directly: the same server store reads the same assignment pages
// (pullAccounts, 500 a page, no HTTP) and the console's applyBundles writes them into an empty
// console database. The headline's writes each page in its own transaction (the direct path the
// figure has always been measured against). `….against-grouped-apply` writes them as the
// engine does, APPLY_GROUP_ACCOUNTS to one call and transaction, in account-id order: the data
// work the pull cannot avoid, so its ratio is what HTTP, JSON, validation, the compliance bucket
// and the queue's upkeep add (the server's reads overlap the console's work in the pull).
//
// A sync run that fails is run again 2 s later (the engine's first back-off), so the time is
// until the console has everything; each failure is reported on stderr.
//
// Once the pull is done, one more sync runs (nothing new on the server) and its time goes to
// stderr: what every later sync costs that console.
//
// A second line per store is the console's peak RSS during the pull (the high-water mark reset
// once signed in, and again once the password slot renewed after sign-in is written, so neither
// key derivation of sign-in, 128 MB each, is counted), against its RSS when signed in with an
// empty store (same process, just before the pull).
// FAIRLINE_BENCH_ACCOUNTS (default 100000) changes the portfolio size. A console still pulling
// after FAIRLINE_BENCH_PULL_TIMEOUT_S (default 1200) is stopped: its line then has value null,
// and stderr says how far it got (pages per bucket, when its last request ended, its CPU).
// PostgreSQL needs FAIRLINE_TEST_DATABASE_URL (a throwaway database is created and dropped).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../../electron/core/store/database';
import { applyBundles } from '../../electron/core/store/portfolio';
import { APPLY_GROUP_ACCOUNTS } from '../../electron/core/sync/engine';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { startServer } from '../../server/app';
import { hashPassword } from '../../server/auth/password';
import type { ServerStore } from '../../server/store/store';
import { importTalkTrack } from '../../shared/talktrack';
import { DEMO_TRACK_INPUTS } from '../../shared/talktrack/demo';
import { type StoreKind, TEST_DATABASE_URL, createTestDatabase } from '../server/databases';
import type { Bench, Figure } from './bench';
import type { PullClientMessage, PullClientTask } from './sync-pull-client';
import { type Child, count, envInt, log, peakRssMb, processCpuMs, seedAccounts, startChild } from './sync-fixtures';

const N = envInt('FAIRLINE_BENCH_ACCOUNTS', 100_000);
/** How long the console may take before the bench gives up on it and reports no time. */
const TIMEOUT_S = envInt('FAIRLINE_BENCH_PULL_TIMEOUT_S', 1200);
const PAGE = 500; // PULL_PAGE in electron/core/sync/engine.ts
const PASSWORD = 'bench-password';

type Result = Omit<Figure, 'bench' | 'ratio'>;

/**
 * Reads every assignment page from the store and applies it to empty console databases twice:
 * each page in its own transaction (the baseline the figures have always had), and in groups of
 * APPLY_GROUP_ACCOUNTS in one applyBundles call each, as the console's engine applies them (the
 * stricter baseline: the console's own way of writing, without HTTP, JSON, validation or upkeep).
 */
async function directMs(store: ServerStore, viewer: { id: string; role: 'collector' }): Promise<{ readMs: number; applyMs: number; groupedApplyMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-bench-direct-'));
  const db = openDatabase(join(dir, 'fairline.db'));
  const grouped = openDatabase(join(dir, 'grouped.db'));
  try {
    let readMs = 0;
    let applyMs = 0;
    let groupedApplyMs = 0;
    let applied = 0;
    let group: AccountBundle[] = [];
    const applyGroup = () => {
      const t = performance.now();
      grouped.transaction(() => applyBundles(grouped, group, new Date()))();
      groupedApplyMs += performance.now() - t;
      group = [];
    };
    for (let cursor = 0, more = true; more;) {
      const t0 = performance.now();
      const page = await store.pullAccounts(viewer, cursor, PAGE);
      const t1 = performance.now();
      db.transaction(() => applyBundles(db, page.accounts, new Date()))();
      applyMs += performance.now() - t1;
      readMs += t1 - t0;
      applied += page.accounts.length;
      cursor = page.cursor;
      more = page.hasMore;
      group.push(...page.accounts);
      if (!more || group.length >= APPLY_GROUP_ACCOUNTS) applyGroup();
    }
    if (applied !== N) throw new Error(`direct read found ${applied} accounts, expected ${N}`);
    return { readMs, applyMs, groupedApplyMs };
  } finally {
    db.close();
    grouped.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Figures = { pull: Result; rss: Result; steady: Result; pullAgainstGrouped: Result };
/** The console as it ships (headline figures) and as `npm start`'s browser shell runs it (tsx). */
type Measured = { shipped: Figures; tsx: Figures };

const ROOT = join(import.meta.dirname, '..', '..');
const CLIENT = join(import.meta.dirname, 'sync-pull-client.ts');

/**
 * The console side bundled as the shipped app bundles its core: scripts/build-electron.ts's own
 * bundling (its settings, its externals), into a directory of its own under dist/ (beside
 * dist/electron, so the native modules left outside resolve from node_modules as they do for
 * main.cjs), removed after. Loading build-electron.ts also builds dist/electron, as it always does.
 */
async function bundleClient(): Promise<{ script: string; dir: string }> {
  const { bundleMainProcess } = await import('../../scripts/build-electron');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'dist', 'bench-core-'));
  try {
    const script = join(dir, 'sync-pull-client.cjs');
    await bundleMainProcess(CLIENT, script);
    return { script, dir };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** One fresh console (empty data dir, its own process) signs in and pulls everything from `server`. */
async function pullWith(
  label: string, serverUrl: string, baselines: { baselineMs: number; groupedMs: number }, start: () => Child<PullClientMessage>,
): Promise<Figures> {
  // The console's data dir is ours to remove: a console stopped mid-pull cannot clean up.
  const dataDir = mkdtempSync(join(tmpdir(), 'fairline-bench-console-'));
  const client = start();
  let timer: NodeJS.Timeout | undefined;
  try {
    client.send({ serverUrl, username: 'bench', password: PASSWORD, dataDir } satisfies PullClientTask);
    const { baselineMs, groupedMs } = baselines;
    const baselineName = 'store reads the same pages (no HTTP) + applyBundles into an empty console db, a page to a transaction';
    const groupedName = `store reads the same pages (no HTTP) + applyBundles into an empty console db, ${APPLY_GROUP_ACCOUNTS} accounts to a call and transaction as the console's engine applies them`;
    const rssBaselineName = 'console RSS signed in with an empty store, just before the pull';
    const progress = new Map<string, { requests: number; bytes: number; lastAtMs: number }>();
    let idleRssMb = 0;
    let syncStart = 0;
    let lastAtMs = 0;
    let failures = 0;
    const timeout = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), TIMEOUT_S * 1000); });
    for (;;) {
      const m = await Promise.race([client.next(), timeout]);
      if (m === null) {
        // Still not done: say where it stands and report no time (null in the JSON line).
        const rss = peakRssMb(client.pid);
        const cpu = processCpuMs(client.pid);
        const elapsedMs = performance.now() - syncStart;
        const seen = [...progress].map(([name, p]) => `${name}: ${p.requests} requests, ${(p.bytes / 1e6).toFixed(1)} MB, last at ${(p.lastAtMs / 1000).toFixed(0)} s`);
        log(`${label}: DID NOT FINISH: stopped ${(elapsedMs / 1000).toFixed(0)} s after the sync started (FAIRLINE_BENCH_PULL_TIMEOUT_S=${TIMEOUT_S}). Seen so far: ${seen.join('; ')}. `
          + `The console has made no request for the last ${((elapsedMs - lastAtMs) / 1000).toFixed(0)} s; its process has used ${cpu === null ? '?' : (cpu / 1000).toFixed(0)} s of CPU in all; ${failures} sync runs failed.`);
        return {
          pull: { value: Infinity, unit: 'ms', baseline: baselineMs, baselineName },
          pullAgainstGrouped: { value: Infinity, unit: 'ms', baseline: groupedMs, baselineName: groupedName },
          rss: { value: rss ?? Infinity, unit: 'MB', baseline: idleRssMb, baselineName: `${rssBaselineName} (value: peak until stopped, the pull unfinished)` },
          steady: { value: Infinity, unit: 'ms', baseline: 0, baselineName: 'not measured: the first pull did not finish' },
        };
      }
      if (m.type === 'idle') {
        idleRssMb = m.rssMb;
        syncStart = performance.now();
        log(`${label}: signed in, RSS ${m.rssMb.toFixed(0)} MB (${m.runtime})`);
      } else if (m.type === 'failed') {
        failures++;
        log(`${label}: a sync run FAILED ${(m.atMs / 1000).toFixed(0)} s after the first started (${m.error}); running it again after 2 s, as the engine would`);
      } else if (m.type === 'exchange') {
        const p = progress.get(m.bucket) ?? { requests: 0, bytes: 0, lastAtMs: 0 };
        progress.set(m.bucket, { requests: p.requests + 1, bytes: p.bytes + m.bytes, lastAtMs: m.atMs });
        lastAtMs = m.atMs;
      } else {
        const parts = Object.entries(m.buckets).map(([name, b]) =>
          `${name}: ${b.requests} requests, ${(b.bytes / 1e6).toFixed(1)} MB, server+HTTP ${b.httpMs.toFixed(0)} ms, console ${b.clientMs.toFixed(0)} ms`);
        log(`${label}: pull ${m.ms.toFixed(0)} ms (console CPU ${m.cpuMs.toFixed(0)} ms, ${m.failures.filter((f) => !f.startsWith('second sync')).length + 1} sync runs); ${parts.join('; ')}; of which after the last assignments page arrived (its apply, retainAccounts, onPulled) ${m.lastAssignmentsPageMs.toFixed(0)} ms. The next sync, nothing new on the server, took ${m.resyncMs.toFixed(0)} ms`);
        log(`${label}: peak RSS ${m.peakRssMb.toFixed(0)} MB during the pull, ${m.idleRssMb.toFixed(0)} MB signed in; a sync with nothing new: console CPU ${m.steadyCpuMs.toFixed(0)} ms (5 bare requests: ${m.floorCpuMs.toFixed(0)} ms)`);
        if (m.failures.some((f) => f.startsWith('second sync'))) log(`${label}: the second sync FAILED: ${m.failures.at(-1)}`);
        if (m.accounts !== N) throw new Error(`the console holds ${m.accounts} accounts after the pull, expected ${N}`);
        clearTimeout(timer);
        return {
          pull: { value: m.ms, unit: 'ms', baseline: baselineMs, baselineName },
          pullAgainstGrouped: { value: m.ms, unit: 'ms', baseline: groupedMs, baselineName: groupedName },
          rss: { value: m.peakRssMb, unit: 'MB', baseline: m.idleRssMb, baselineName: rssBaselineName },
          steady: { value: m.steadyCpuMs, unit: 'ms', baseline: m.floorCpuMs, baselineName: 'console CPU of the 5 bare requests a sync makes at least (median of 5; value: console CPU of a sync with nothing new)' },
        };
      }
    }
  } finally {
    clearTimeout(timer);
    client.kill();
    await client.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure(kind: StoreKind): Promise<Measured> {
  const bundle = await bundleClient();
  try {
    const database = await createTestDatabase(kind);
    try {
      const server = await startServer({ ...database.location, logger: false });
      try {
        const at = new Date().toISOString();
        const teamId = uuidv7();
        const userId = uuidv7();
        await server.store.createTeam({ id: teamId, name: 'Bench' }, at);
        await server.store.createUser({
          id: userId, username: 'bench', displayName: 'Bench Collector', role: 'collector', teamId, passwordHash: await hashPassword(PASSWORD),
        }, at);
        let t = performance.now();
        await seedAccounts(server.store, 0, N, () => ({ assignedTo: userId, teamId }), at);
        for (const input of DEMO_TRACK_INPUTS) {
          const result = importTalkTrack(input);
          if (!result.ok) throw new Error(`demo track ${input.id} does not import`);
          await server.store.addTalkTrack(result.track, input, at);
        }
        const c = await server.store.counts();
        log(`sync.first-pull.${kind}: seeded ${c.accounts} accounts (${c.debts} debts, ${c.parties} parties, ${c.phones} phones, ${c.holds} holds, ${c.history} history) + ${c.talkTracks} talk tracks through store.insertAccounts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

        t = performance.now();
        const cpu0 = process.cpuUsage();
        const direct = await directMs(server.store, { id: userId, role: 'collector' });
        const cpu = process.cpuUsage(cpu0);
        const baselines = { baselineMs: direct.readMs + direct.applyMs, groupedMs: direct.readMs + direct.groupedApplyMs };
        log(`sync.first-pull.${kind}: baseline ${(performance.now() - t).toFixed(0)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms) = store reads ${direct.readMs.toFixed(0)} ms + console applyBundles ${direct.applyMs.toFixed(0)} ms a page to a transaction; applied as the engine groups them instead: ${direct.groupedApplyMs.toFixed(0)} ms`);

        const shipped = await pullWith(`sync.first-pull.${kind} [core bundled as shipped, plain node]`, server.url, baselines,
          () => startChild<PullClientMessage>(bundle.script, {}, { plainNode: true }));
        const tsx = await pullWith(`sync.first-pull.${kind} [core from sources under tsx]`, server.url, baselines,
          () => startChild<PullClientMessage>(CLIENT));
        return { shipped, tsx };
      } finally {
        await server.close();
      }
    } finally {
      await database.drop();
    }
  } finally {
    rmSync(bundle.dir, { recursive: true, force: true });
  }
}

// One measurement per store gives both of its lines (the RSS line alone also runs it).
const measured = new Map<StoreKind, Promise<Measured>>();
const once = (kind: StoreKind) => {
  let m = measured.get(kind);
  if (!m) measured.set(kind, m = measure(kind));
  return m;
};

function benchesFor(kind: StoreKind): Bench[] {
  const name = `sync.first-pull.${count(N)}.${kind}`;
  const tsx = (r: Result): Result => ({ ...r, baselineName: `${r.baselineName} (console: the core from TypeScript sources under tsx, not as shipped)` });
  return [
    { name, run: async () => (await once(kind)).shipped.pull },
    { name: `${name}.against-grouped-apply`, run: async () => (await once(kind)).shipped.pullAgainstGrouped },
    { name: `${name}.client-peak-rss`, run: async () => (await once(kind)).shipped.rss },
    { name: `sync.steady.${count(N)}.${kind}.console-cpu`, run: async () => (await once(kind)).shipped.steady },
    { name: `${name}.tsx`, run: async () => tsx((await once(kind)).tsx.pull) },
    { name: `${name}.client-peak-rss.tsx`, run: async () => tsx((await once(kind)).tsx.rss) },
  ];
}

export const benches: Bench[] = benchesFor('sqlite');

if (TEST_DATABASE_URL) benches.push(...benchesFor('postgres'));
else process.stderr.write(`sync.first-pull.${count(N)}.postgres SKIPPED (PostgreSQL store not measured): set FAIRLINE_TEST_DATABASE_URL (see scripts/setup-postgres.sh)\n`);
