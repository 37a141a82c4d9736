// Real processes for the reliability suite: the central server as it is run in production
// (`tsx server/main.ts`, configured by environment), the admin CLI, and the console child
// (client-child.ts). Everything listens on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { TestDatabase } from '../server/databases';

export const REPO = join(import.meta.dirname, '..', '..');

/** The environment for a child: ours without any database settings, plus `extra`. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'FAIRLINE_SERVER_DB', 'FAIRLINE_BLOB_DIR', 'PORT', 'HOST', 'FAIRLINE_SERVER_URL', 'FAIRLINE_DATA_DIR', 'FAIRLINE_CLOCK']) {
    delete env[key];
  }
  return { ...env, ...extra };
}

/** `node --import tsx FILE`: the same as `tsx FILE`, but the pid is the program's own (a SIGKILL hits it, not a wrapper). */
export function spawnTsx(file: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: REPO, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

let childBundle: Promise<string> | null = null;

/**
 * client-child.ts bundled into one file (its npm packages left as imports, resolved from the
 * repository's node_modules): the same code, but a console that starts in about half the time
 * tsx needs to load a few hundred modules, which matters when it is started 20 times a test.
 */
export function consoleChild(): Promise<string> {
  childBundle ??= (async () => {
    const dir = join(REPO, 'node_modules', '.cache', 'fairline-reliability');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'client-child.mjs');
    // Built beside and renamed into place, so that runs at the same time never see half a file.
    const building = `${outfile}.${process.pid}.tmp`;
    await build({
      entryPoints: [join(REPO, 'test', 'reliability', 'client-child.ts')], outfile: building, bundle: true, platform: 'node', format: 'esm',
      packages: 'external', target: 'node20', logLevel: 'warning', sourcemap: 'inline',
    });
    renameSync(building, outfile);
    return outfile;
  })();
  return childBundle;
}

/** Starts a console child (client-child.ts) with these arguments. */
export async function spawnConsole(args: string[]): Promise<ChildProcess> {
  return spawn(process.execPath, ['--enable-source-maps', await consoleChild(), ...args], { cwd: REPO, env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * The central server in its own process, always on the same port so that it comes back where
 * the proxy expects it after a kill. Its log is kept: error lines (pino level 50 and up) are
 * collected, since a 5xx or an unexpected failure is a finding.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private log: string[] = [];
  readonly errors: string[] = [];
  starts = 0;
  kills = 0;
  startMs: number[] = [];

  /** Where the server keeps uploaded files: a fresh directory, never the repository's .fairline/. */
  readonly blobDir = mkdtempSync(join(tmpdir(), 'fairline-reliability-blobs-'));

  constructor(readonly database: TestDatabase, readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    const begun = Date.now();
    const child = spawnTsx('server/main.ts', ['--demo'], {
      ...this.database.env, FAIRLINE_BLOB_DIR: this.blobDir, HOST: '127.0.0.1', PORT: String(this.port), LOG_LEVEL: 'warn',
    });
    this.child = child;
    this.starts += 1;
    let buffered = '';
    const take = (data: Buffer) => {
      buffered += data.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        this.log.push(line);
        if (this.log.length > 400) this.log.shift();
        try {
          const entry = JSON.parse(line) as { level?: number };
          if ((entry.level ?? 0) >= 50) this.errors.push(line);
        } catch {
          // not pino: a stack trace or a warning from node
        }
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`The server exited while starting (code ${child.exitCode}):\n${this.tail()}`);
      }
      if (Date.now() - begun > timeoutMs) throw new Error(`The server did not answer within ${timeoutMs} ms:\n${this.tail()}`);
      try {
        const res = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      await sleep(40);
    }
    this.startMs.push(Date.now() - begun);
  }

  /** SIGKILL: no shutdown, no flush, whatever is in flight is lost. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.kills += 1;
    child.kill('SIGKILL');
    await exited(child);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && this.running) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(this.blobDir, { recursive: true, force: true });
  }

  tail(lines = 40): string {
    return this.log.slice(-lines).join('\n');
  }
}

/** The admin CLI, as an operator runs it, against the test database. */
export async function admin(database: TestDatabase, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnTsx('server/admin/cli.ts', args, database.env);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await exited(child);
  return { code, out, err };
}
