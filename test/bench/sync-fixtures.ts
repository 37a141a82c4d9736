// Shared by the sync benches: portfolios of realistic shape at any size, seeded through the
// store's own bulk path (insertAccounts, the same one the demo seed and the CSV import use),
// and small helpers for benches that run part of their work in a child process.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { buildDemoPortfolio } from '../../server/seed/portfolio';
import { reseed } from '../../server/seed/random';
import type { ServerStore } from '../../server/store/store';

const DAY = 86_400_000;
/** Accounts per insertAccounts call (one transaction each): bounds the memory the seed holds. */
const SEED_CHUNK = 10_000;

let template: AccountBundle[] | undefined;

/**
 * The 640 demo accounts (server/seed/portfolio.ts: 1.4 debts, 2 parties, 4 phones, 2.7 history
 * entries and 0.08 holds per account, about 2.6 kB of JSON each), built once with faker.
 */
function demoTemplate(): AccountBundle[] {
  if (!template) {
    reseed();
    const agent = { id: 'template', name: 'Template' };
    template = buildDemoPortfolio(new Date(Date.now() - DAY), {
      cnTeamId: 'template', usTeamId: 'template', collectorCn: agent, collectorUs: agent, field: agent,
    });
    const ids = template.flatMap((b) => [b.account, ...b.debts, ...b.parties, ...b.phones, ...b.holds, ...b.history].map((r) => r.id));
    if (new Set(ids.map((id) => id.slice(0, 24))).size !== ids.length) throw new Error('demo ids are not unique in their first 24 characters');
  }
  return template;
}

/** A template id made unique for copy `k`: the uuid's last 12 hex digits become the copy number. */
const copyId = (id: string, k: number) => `${id.slice(0, 24)}${k.toString(16).padStart(12, '0')}`;
const copyRef = (id: string | null, k: number) => (id === null ? null : copyId(id, k));

/** Account `i` of a portfolio: template account `i % 640`, copy `i / 640`, with fresh ids and ref. */
export function portfolioAccount(i: number, owner: { assignedTo: string; teamId: string }, refPrefix = 'B'): AccountBundle {
  const t = demoTemplate();
  const b = t[i % t.length]!;
  const k = Math.floor(i / t.length);
  const accountId = copyId(b.account.id, k);
  return {
    account: { ...b.account, id: accountId, ref: `${refPrefix}${String(i).padStart(7, '0')}`, ...owner },
    debts: b.debts.map((d) => ({ ...d, id: copyId(d.id, k), accountId })),
    parties: b.parties.map((p) => ({ ...p, id: copyId(p.id, k), accountId })),
    phones: b.phones.map((p) => ({ ...p, id: copyId(p.id, k), accountId, partyId: copyId(p.partyId, k) })),
    holds: b.holds.map((h) => ({ ...h, id: copyId(h.id, k), accountId, partyId: copyRef(h.partyId, k), phoneId: copyRef(h.phoneId, k) })),
    history: b.history.map((h) => ({ ...h, id: copyId(h.id, k), accountId })),
  };
}

/** Inserts accounts `from..to-1` (portfolioAccount numbering) in transactions of 10k; returns their ids. */
export async function seedAccounts(
  store: ServerStore, from: number, to: number, ownerOf: (i: number) => { assignedTo: string; teamId: string }, at: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = from; start < to; start += SEED_CHUNK) {
    const bundles = Array.from({ length: Math.min(SEED_CHUNK, to - start) }, (_, j) => portfolioAccount(start + j, ownerOf(start + j)));
    await store.insertAccounts(bundles, at);
    for (const b of bundles) ids.push(b.account.id);
  }
  return ids;
}

/** `n` as the benches name it: 100000 → 100k. */
export function count(n: number): string {
  return n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return n;
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** CPU time (user + system, ms) used so far by a process, read from /proc (Linux); null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // After "pid (comm) ": state is field 0, utime field 11, stime field 12 (clock ticks, 100 Hz on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Peak RSS (MB) of a process so far (VmHWM in /proc, Linux); null elsewhere. */
export function peakRssMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Machine-wide CPU time (ms, all cores) busy and in total, from /proc/stat; null elsewhere. */
export function machineCpuMs(): { busy: number; total: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3]! + cpu[4]!; // idle + iowait
    const total = cpu.slice(0, 8).reduce((s, x) => s + x, 0);
    return { busy: (total - idle) * 10, total: total * 10 };
  } catch {
    return null;
  }
}

/**
 * A child process running `script`, spoken to over IPC: TypeScript through the same tsx loader as
 * the bench, or, with `plainNode`, a JavaScript file on plain node (no loader, no source maps).
 */
export interface Child<Out> {
  pid: number;
  send(message: unknown): void;
  /** The next message the child sends (rejects if it exits first). */
  next(): Promise<Out>;
  exited: Promise<number | null>;
  kill(): void;
}

export function startChild<Out>(script: string, env: Record<string, string> = {}, options: { plainNode?: boolean } = {}): Child<Out> {
  // FAIRLINE_BENCH_CHILD_FLAGS: extra node/V8 flags for the child alone (space-separated), to try heap settings.
  const extra = process.env.FAIRLINE_BENCH_CHILD_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const execArgv = options.plainNode ? extra : [...process.execArgv, ...extra];
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env }, execArgv });
  const inbox: Out[] = [];
  const waiting: { resolve: (m: Out) => void; reject: (e: Error) => void }[] = [];
  let gone: Error | null = null;
  child.on('message', (m) => {
    const w = waiting.shift();
    if (w) w.resolve(m as Out);
    else inbox.push(m as Out);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    gone = new Error(`${script} exited (code ${code}) before answering`);
    for (const w of waiting.splice(0)) w.reject(gone);
    resolve(code);
  }));
  return {
    pid: child.pid!,
    send: (m) => child.send(m as never),
    next: () => {
      const m = inbox.shift();
      if (m !== undefined) return Promise.resolve(m);
      if (gone) return Promise.reject(gone);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    exited,
    kill: () => { if (child.exitCode === null) child.kill(); },
  };
}
