// The console side of sync-pull.bench.ts, in its own process so its peak RSS is the console's
// alone: a fresh core (empty data dir) signs in and syncs to the end, and reports the wall time,
// where it went, and the process's peak RSS. Driven over IPC: one task in; out, its idle RSS once
// signed in, one message per HTTP exchange of the sync (so the bench can tell where a pull that
// never ends got stuck), and the result. The bench runs it twice: bundled as the shipped app
// bundles its core (scripts/build-electron.ts) on plain node, and from these sources under tsx.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../electron/core/core';
import { KEYSTORE_FILE } from '../../electron/core/store/device-key';

export interface PullClientTask { serverUrl: string; username: string; password: string; /** An empty directory (the bench removes it). */ dataDir: string }

/**
 * One HTTP exchange as the console saw it: request sent until the whole body was read. The
 * engine asks for the next assignments page before applying the one in hand, so for that bucket
 * "server+HTTP" includes waiting behind the console's applying, and "console" is only the time
 * until the next request left (parsing the page); the wall time and the CPU time are the figures.
 */
interface Exchange { bucket: string; start: number; end: number; bytes: number }

export interface PullClientResult {
  ms: number;
  /** CPU time (user + system) this process spent during the sync: the console's own work, whatever else the machine runs. */
  cpuMs: number;
  /** RSS (MB) of this process signed in with an empty store, and its peak during the pull. */
  idleRssMb: number;
  peakRssMb: number;
  accounts: number;
  /** The errors of the sync runs that failed before one got to the end. */
  failures: string[];
  buckets: Record<string, { requests: number; httpMs: number; clientMs: number; bytes: number }>;
  /** From the last assignments page's arrival until the next request: applying it, retainAccounts, onPulled. */
  lastAssignmentsPageMs: number;
  /** A second sync right after, nothing new on the server (not part of the figure). */
  resyncMs: number;
  /** Median console CPU of a sync with nothing new (5 runs), and of the 5 bare requests such a sync makes at least. */
  steadyCpuMs: number;
  floorCpuMs: number;
}

export type PullClientMessage =
  | { type: 'idle'; rssMb: number; /** How this process runs: its node flags (tsx's loader, if any) and whether source maps are on. */ runtime: string }
  | { type: 'exchange'; bucket: string; atMs: number; bytes: number }
  | { type: 'failed'; atMs: number; error: string }
  | ({ type: 'done' } & PullClientResult);

const tell = (m: PullClientMessage) => process.send!(m);

/**
 * What this process has written so far (/proc/self/io, Linux; null elsewhere): `calls`, the
 * bytes of its write calls (the console's database, WAL and checkpoints, almost all of it), and
 * `storage`, the bytes of page cache it dirtied (a page written again before it reached the disk
 * counts once). Applying assignment pages a group to a transaction (engine.ts) is about these.
 */
function bytesWritten(): { calls: number; storage: number } | null {
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(io)?.[1] ?? NaN);
    return { calls: field('wchar'), storage: field('write_bytes') };
  } catch {
    return null;
  }
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
const rssMb = () => process.memoryUsage.rss() / 2 ** 20;

/**
 * Peak RSS (MB) since the last resetPeakRss(): Linux's high-water mark (VmHWM), which
 * /proc/self/clear_refs can set back to the current RSS. Sign-in derives the data key with a
 * memory-hard KDF (a brief 128 MB+), which is not the pull's memory; the mark is reset once
 * signed in so the figure is the pull's own. Elsewhere: the process's lifetime peak.
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
function peakRssSinceResetMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch { /* not Linux */ }
  return maxRssMb();
}

/** The bucket a pull path names (/api/sync/pull is the assignments bucket's original path). */
function bucketOf(path: string): string {
  if (path.endsWith('/api/sync/pull')) return 'assignments';
  return /\/api\/sync\/pull\/(\w+)$/.exec(path)?.[1] ?? path;
}

/**
 * FAIRLINE_BENCH_HEAP_PROFILE=<file>: where the pull's memory goes. Every 4 s a full collection
 * (so what is left is what the console keeps) and, at the largest such heap, V8's sampling heap
 * profile is written to <file> (by allocation site; summarise it with a script of your own). It
 * slows the pull: for looking, not for the figures.
 */
async function retainedHeapWatch(file: string | undefined): Promise<{ stop: () => Promise<void> } | null> {
  if (!file) return null;
  const { Session } = await import('node:inspector/promises');
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 32_768 });
  let maxMb = 0;
  let profile: unknown = null;
  let busy = false;
  const look = async () => {
    if (busy) return;
    busy = true;
    gc();
    const mb = process.memoryUsage().heapUsed / 2 ** 20;
    if (mb > maxMb) {
      maxMb = mb;
      profile = (await session.post('HeapProfiler.getSamplingProfile')).profile;
    }
    busy = false;
  };
  const timer = setInterval(() => void look(), 4_000);
  return {
    async stop() {
      clearInterval(timer);
      await look();
      await session.post('HeapProfiler.stopSampling');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      process.stderr.write(`sync-pull-client: retained heap at most ${maxMb.toFixed(1)} MB during the pull (profile at that point: ${file})\n`);
    },
  };
}

/**
 * FAIRLINE_BENCH_MEMORY_TRACE=1: what the process's memory is made of while it pulls, sampled
 * every 250 ms (RSS, V8 heap used and committed, memory outside the heap: Buffers and native
 * allocations such as SQLite's page cache show in RSS alone). Written to stderr at the end:
 * the sample at the peak RSS, every 8th sample (a sample waits while the pull holds the event
 * loop) and the RSS by mapping at the end (Linux). Cheap enough to leave the figures alone.
 */
function memoryTrace(on: boolean): { stop: () => void } | null {
  if (!on) return null;
  const t0 = performance.now();
  const samples: string[] = [];
  let peak = { rss: 0, line: '' };
  const mb = (n: number) => (n / 2 ** 20).toFixed(0);
  const sample = () => {
    const m = process.memoryUsage();
    const line = `${((performance.now() - t0) / 1000).toFixed(1)} s: rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}`;
    samples.push(line);
    if (m.rss > peak.rss) peak = { rss: m.rss, line };
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const every = samples.filter((_, i) => i % 8 === 0 || i === samples.length - 1);
      try {
        const maps = readFileSync('/proc/self/smaps', 'utf8').split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/);
        const byName = new Map<string, number>();
        for (const m of maps) {
          const head = m.split('\n')[0]!.trim().split(/\s+/);
          const name = head[5] ?? '[anon]';
          const rss = Number(/\nRss:\s+(\d+)/.exec(m)?.[1] ?? 0);
          byName.set(name, (byName.get(name) ?? 0) + rss);
        }
        const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, kb]) => `${n.split('/').at(-1)} ${(kb / 1024).toFixed(0)}`);
        samples.push(`RSS by mapping (MB) at the end: ${top.join(', ')}`);
        every.push(samples.at(-1)!);
      } catch { /* not Linux */ }
      process.stderr.write(`sync-pull-client: memory (MB) at the peak RSS sampled: ${peak.line}\n${every.map((l) => `  ${l}`).join('\n')}\n`);
    },
  };
}

/**
 * FAIRLINE_BENCH_OLD_GEN_PROFILE=<file>: V8's sampling heap profile of everything allocated during
 * the pull that outlived the young generation (kept, or dropped only by a full collection), by
 * allocation site: what makes the old generation grow. Slows the pull a little.
 */
async function oldGenerationProfile(file: string | undefined): Promise<{ stop: () => Promise<void> } | null> {
  if (!file) return null;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true } as never);
  return {
    async stop() {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}

/**
 * FAIRLINE_BENCH_CPU_PROFILE=<file>: V8's CPU profile of the console during the pull (a
 * .cpuprofile, for Chrome's DevTools or a script of your own). Slows the pull a little.
 */
async function cpuProfile(file: string | undefined): Promise<{ stop: () => Promise<void> } | null> {
  if (!file) return null;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}

const readOrNull = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/**
 * Once sign-in has answered, the console renews the agent's password slot with the password just
 * accepted (security/passwords.ts): one more scrypt, 128 MB for a second or so on the thread pool,
 * while the first pull starts. That is sign-in's memory, not the pull's: when the slot is written
 * (the key file changes from `before`, what sign-in left), the peak is reset once more, to the
 * RSS of that moment (the pull's memory so far, the key derivation's freed).
 */
function afterPasswordSlot(dataDir: string, before: string | null, then: () => void): { stop: () => number | null } {
  const file = join(dataDir, KEYSTORE_FILE);
  const t0 = performance.now();
  let doneAtMs: number | null = null;
  const timer = setInterval(() => {
    const now = readOrNull(file);
    if (now === null || now === before) return;
    then();
    doneAtMs = performance.now() - t0;
    clearInterval(timer);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      if (doneAtMs === null) process.stderr.write('sync-pull-client: the password slot was not renewed during the pull: the peak may include its key derivation\n');
      return doneAtMs;
    },
  };
}

async function run(task: PullClientTask): Promise<PullClientResult> {
  const { dataDir } = task;
  const log: Exchange[] = [];
  let t0 = 0;
  // The real fetch, its body watched as the console reads it: the exchange ends when the last
  // byte has arrived, so a page's transfer counts as HTTP time, not the client's. The chunks are
  // passed on as they come (the body was once read into an ArrayBuffer here and handed on in a
  // new Response, which copies it: two more copies of every page than the console makes, up to
  // 5 MB each for the last page with its 100k ids, counted in the console's peak RSS).
  const timedFetch: typeof fetch = async (input, init) => {
    const start = performance.now();
    const res = await fetch(input, init);
    const bucket = bucketOf(new URL(input instanceof Request ? input.url : String(input)).pathname);
    let bytes = 0;
    const ended = () => {
      const x = { bucket, start, end: performance.now(), bytes };
      log.push(x);
      if (t0 > 0) tell({ type: 'exchange', bucket: x.bucket, atMs: x.end - t0, bytes: x.bytes });
    };
    if (!res.body) {
      ended();
      return res;
    }
    const watched = res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        bytes += chunk.byteLength;
        out.enqueue(chunk);
      },
      flush: ended,
    }));
    return new Response(watched, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  const core = createCore(
    { dataDir, pinnedServerUrl: task.serverUrl, defaultServerUrl: task.serverUrl, host: 'browser', version: 'bench' },
    { fetch: timedFetch, syncIntervalMs: 3_600_000 },
  );
  try {
    await core.handlers['session.signIn']({ username: task.username, password: task.password });
    const keyFileAtSignIn = readOrNull(join(dataDir, KEYSTORE_FILE));
    (globalThis as { gc?: () => void }).gc?.();
    if (!resetPeakRss()) process.stderr.write('sync-pull-client: cannot reset the peak RSS (not Linux?): the figure includes sign-in\n');
    const slot = afterPasswordSlot(dataDir, keyFileAtSignIn, resetPeakRss);
    const idleRssMb = rssMb();
    tell({ type: 'idle', rssMb: idleRssMb, runtime: `node ${process.version}, flags [${process.execArgv.join(' ')}], source maps ${process.sourceMapsEnabled ? 'on' : 'off'}` });
    log.length = 0;
    // signIn has scheduled a sync on a zero timer; this starts it now (the timer's run joins it).
    // A sync that fails is run again after the engine's first back-off (2 s), as the console
    // would, until one gets to the end: the time is until everything is pulled.
    const heap = await retainedHeapWatch(process.env.FAIRLINE_BENCH_HEAP_PROFILE);
    const trace = memoryTrace(process.env.FAIRLINE_BENCH_MEMORY_TRACE === '1');
    const oldGen = await oldGenerationProfile(process.env.FAIRLINE_BENCH_OLD_GEN_PROFILE);
    const cpuProfiler = await cpuProfile(process.env.FAIRLINE_BENCH_CPU_PROFILE);
    const cpu0 = process.cpuUsage();
    const written0 = bytesWritten();
    t0 = performance.now();
    const failures: string[] = [];
    for (;;) {
      const status = await core.handlers['sync.now']({});
      if (!status.lastError) break;
      failures.push(status.lastError);
      tell({ type: 'failed', atMs: performance.now() - t0, error: status.lastError });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const peakRssMb = peakRssSinceResetMb();
    const written = bytesWritten();
    if (written && written0) {
      const mb = (n: number) => (n / 1e6).toFixed(0);
      process.stderr.write(`sync-pull-client: during the pull the console wrote ${mb(written.calls - written0.calls)} MB in write calls, ${mb(written.storage - written0.storage)} MB of page cache dirtied\n`);
    }
    const slotMs = slot.stop();
    if (slotMs !== null) process.stderr.write(`sync-pull-client: the password slot renewed after sign-in was written ${slotMs.toFixed(0)} ms into the pull; the peak RSS was reset then\n`);
    trace?.stop();
    await oldGen?.stop();
    await cpuProfiler?.stop();
    await heap?.stop();
    const pulled = log.splice(0);
    // The next sync, with nothing new on the server: what every later sync costs this console.
    const r0 = performance.now();
    const again = await core.handlers['sync.now']({});
    const resyncMs = performance.now() - r0;
    if (again.lastError) failures.push(`second sync: ${again.lastError}`);
    const accounts = (await core.handlers['queue.page']({ filter: {}, offset: 0, limit: 1 })).total;
    // Steady state: what a sync with nothing new costs this console, against the floor of five
    // bare requests (state, compliance, assignments, routes, talk tracks) to the same server.
    const cpuOf = async (work: () => Promise<unknown>) => {
      const c0 = process.cpuUsage();
      await work();
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const steady: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 5; i++) {
      steady.push(await cpuOf(() => core.handlers['sync.now']({})));
      floor.push(await cpuOf(async () => {
        for (let r = 0; r < 5; r++) await (await timedFetch(`${task.serverUrl}/api/health`)).arrayBuffer();
      }));
    }

    const buckets: PullClientResult['buckets'] = {};
    for (const [i, x] of pulled.entries()) {
      // Client time after an exchange: until the next request (or the end of the sync).
      const until = pulled[i + 1]?.start ?? t0 + ms;
      const b = (buckets[x.bucket] ??= { requests: 0, httpMs: 0, clientMs: 0, bytes: 0 });
      b.requests++;
      b.httpMs += x.end - x.start;
      b.clientMs += until - x.end;
      b.bytes += x.bytes;
    }
    const lastPage = pulled.map((x) => x.bucket).lastIndexOf('assignments');
    const lastAssignmentsPageMs = lastPage < 0 ? 0 : (pulled[lastPage + 1]?.start ?? t0 + ms) - pulled[lastPage]!.end;
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, idleRssMb, peakRssMb, accounts, failures, buckets, lastAssignmentsPageMs, resyncMs, steadyCpuMs: median(steady), floorCpuMs: median(floor) };
  } finally {
    core.close();
  }
}

process.once('message', (task) => {
  run(task as PullClientTask).then(
    (result) => process.send!({ type: 'done', ...result } satisfies PullClientMessage, () => process.exit(0)),
    (err: unknown) => {
      process.stderr.write(`sync-pull-client: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
});
