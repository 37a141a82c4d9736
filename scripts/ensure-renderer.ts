// Builds the renderer only when what goes into it changed since the last build: `npm start`
// and `npm run bench` on a fresh clone get one, a restart with nothing changed waits for none
// (a full build is most of the start-up time). The build's inputs are hashed by content, so a
// checkout that only touches file times does not rebuild.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'renderer');
const STAMP = join(OUT, '.inputs-sha256');
const INPUTS = ['renderer', 'shared', 'vite.config.ts', 'package-lock.json'];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

export function rendererInputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files).sort()) {
    hash.update(file).update('\0').update(readFileSync(join(ROOT, file))).update('\0');
  }
  return hash.digest('hex');
}

/** Builds the renderer if its inputs changed; answers whether it built. */
export function ensureRenderer(log: (line: string) => void = () => undefined): boolean {
  const inputs = rendererInputsHash();
  if (existsSync(join(OUT, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === inputs) return false;
  log('Building the console’s screens (their sources changed since the last build)…');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  writeFileSync(STAMP, inputs);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureRenderer((line) => process.stdout.write(`${line}\n`));
