// The lab's temp dirs (Kamailio's config, the WAV files). Each records the pid of the Node
// process that made it, so a later start can sweep dirs left by a process that was killed
// outright (SIGKILL leaves no chance to clean up) without touching a running lab's.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'fairline-lab-';

export function makeLabDir(kind: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${kind}`));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  return dir;
}

export function removeLabDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes lab dirs whose owner process is gone. */
export function sweepStaleLabDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue; // not ours, or still being made
    }
    if (owner > 0 && !alive(owner)) removeLabDir(dir);
  }
}
