// `npm run bench [-- WORD]`: runs every benchmark (or those whose name contains WORD) and
// prints one JSON line per figure on stdout. A bench that fails is reported on stderr and the
// others still run (the exit code says something failed); the renderer is built first if its
// sources changed; everything the benches write to a temp directory is removed at the end.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRenderer } from '../../scripts/ensure-renderer';
import { useRunTmpdir } from '../support/run-tmpdir';
import { type Bench, round } from './bench';

useRunTmpdir('bench');
const word = process.argv[2] ?? '';
const files = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.bench.ts')).sort();
const failed: string[] = [];
let ran = 0;
let rendererReady = false;

for (const file of files) {
  let mod: { benches: Bench[]; teardown?: () => Promise<void> };
  try {
    mod = (await import(join(import.meta.dirname, file))) as typeof mod;
  } catch (err) {
    report(file, err);
    continue;
  }
  const chosen = mod.benches.filter((b) => b.name.includes(word));
  if (chosen.length > 0 && !rendererReady) {
    ensureRenderer((line) => process.stderr.write(`${line}\n`)); // benches that drive the console serve the built screens
    rendererReady = true;
  }
  for (const bench of chosen) {
    try {
      const r = await bench.run();
      process.stdout.write(`${JSON.stringify({ bench: bench.name, value: round(r.value), unit: r.unit, baseline: round(r.baseline), baselineName: r.baselineName, ratio: round(r.value / r.baseline, 4) })}\n`);
      ran++;
    } catch (err) {
      report(bench.name, err);
    }
  }
  // Benches that start services (the call lab, a console) stop them once their figures are out.
  if (chosen.length > 0) await mod.teardown?.().catch((err: unknown) => report(`${file} teardown`, err));
}

function report(what: string, err: unknown): void {
  failed.push(what);
  process.stderr.write(`bench ${what} FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
}

if (failed.length > 0) {
  process.stderr.write(`${failed.length} bench(es) failed: ${failed.join(', ')}; the figures above are from the others.\n`);
  process.exit(1);
}
if (ran === 0) {
  process.stderr.write(`No benchmark name contains "${word}".\n`);
  process.exit(2);
}
process.exit(0); // servers or sockets a bench left open must not keep the run (and its temp directory) alive
