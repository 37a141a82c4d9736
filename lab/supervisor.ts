// Starts child processes so that none outlives the lab: each runs in its own process group
// (Kamailio forks workers; killing the group gets them all), stop() escalates from SIGTERM
// to SIGKILL, if Node exits without stopping them (a failed test worker) an exit hook kills
// whatever is left, and if Node is killed outright (SIGKILL, where no hook runs) a watchdog
// shell notices within a second and kills the group.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface Supervised {
  readonly name: string;
  readonly pid: number;
  /** The last lines of stdout and stderr, for error messages. */
  output(): string;
  /** Resolves with the exit code (or signal name) when the process has exited. */
  readonly exited: Promise<number | string>;
  running(): boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once: what a crash looks like to its peers. */
  kill(): Promise<void>;
  /** SIGSTOP to the group: the process hangs with its sockets open (the kernel still accepts
   *  connections and buffers what is sent), as a wedged server does. */
  pause(): void;
  /** SIGCONT: it carries on, and reads what was buffered meanwhile. */
  resume(): void;
}

const live = new Set<ChildProcess>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Whether any process of the group is still running. Zombies (dead, waiting for init to
 *  reap them) do not count: they hold no ports and no CPU. */
function groupAlive(child: ChildProcess): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  }
  return groupMembers(child).length > 0;
}

/** Running (non-zombie) processes of the child's group, from /proc (Linux). */
function groupMembers(child: ChildProcess): number[] {
  const pgid = child.pid!;
  const members: number[] = [];
  if (!existsSync('/proc/self/stat')) return members;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces, so split after the ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/** After the leader exits its workers may linger for a moment: wait until the whole group
 *  is gone, so "stopped" means stopped. */
async function groupGone(child: ChildProcess, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(child) && Date.now() < deadline) {
    killGroup(child, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers must be synchronous: a SIGKILL is.
  process.on('exit', () => { for (const child of live) killGroup(child, 'SIGKILL'); });
}

/** A detached shell that kills process group `pgid` once this Node process is gone, and
 *  exits by itself once the group is. */
function watch(pgid: number): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 -${pgid} 2>/dev/null; do sleep 1; done; kill -0 ${process.pid} 2>/dev/null || kill -KILL -${pgid} 2>/dev/null`;
  const watchdog = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

export interface SpawnOptions {
  /** Copy the output to this process's stderr as it comes (LAB_DEBUG). */
  echo?: boolean;
  /** How many lines of output to keep for output(). */
  keepLines?: number;
}

export function supervise(name: string, command: string, args: string[], options: SpawnOptions = {}): Supervised {
  hookExit();
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  live.add(child);

  const lines: string[] = [];
  const keep = options.keepLines ?? 200;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    if (options.echo) process.stderr.write(text.replace(/^(?=.)/gm, `[${name}] `));
    lines.push(...text.split('\n').filter(Boolean));
    if (lines.length > keep) lines.splice(0, lines.length - keep);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const watchdog = watch(child.pid);

  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      live.delete(child);
      watchdog.kill();
      // The main process is gone; make sure its workers are too.
      killGroup(child, 'SIGKILL');
      resolve(code ?? signal ?? 'unknown');
    });
  });

  async function stop(graceMs = 3000): Promise<void> {
    if (done) return groupGone(child);
    killGroup(child, 'SIGTERM');
    killGroup(child, 'SIGCONT'); // a paused process hears SIGTERM only once it runs again
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    await groupGone(child);
  }

  return {
    name,
    pid: child.pid,
    output: () => lines.join('\n'),
    exited,
    running: () => !done,
    stop,
    pause: () => killGroup(child, 'SIGSTOP'),
    resume: () => killGroup(child, 'SIGCONT'),
    kill: async () => {
      if (done) return;
      // Kill the workers first and let the leader reap them and exit (it does when a worker
      // dies): killing the leader too would leave its workers as zombies until init reaps
      // them. If it does not exit by itself, kill it.
      for (const pid of groupMembers(child)) {
        if (pid !== child.pid) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
      }
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 1000);
      await exited;
      clearTimeout(timer);
      await groupGone(child);
    },
  };
}
