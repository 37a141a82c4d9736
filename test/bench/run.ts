// `npm run bench [-- WORD]`: runs every benchmark (or those whose name contains WORD) and
// prints one JSON line per figure on stdout.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Bench, round } from './bench';

const word = process.argv[2] ?? '';
const files = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.bench.ts')).sort();
let ran = 0;
for (const file of files) {
  const mod = (await import(join(import.meta.dirname, file))) as { benches: Bench[]; teardown?: () => Promise<void> };
  const chosen = mod.benches.filter((b) => b.name.includes(word));
  for (const bench of chosen) {
    const r = await bench.run();
    process.stdout.write(`${JSON.stringify({ bench: bench.name, value: round(r.value), unit: r.unit, baseline: round(r.baseline), baselineName: r.baselineName, ratio: round(r.value / r.baseline, 4) })}\n`);
    ran++;
  }
  // Benches that start services (the call lab, a console) stop them once their figures are out.
  if (chosen.length > 0) await mod.teardown?.();
}
if (ran === 0) {
  process.stderr.write(`No benchmark name contains "${word}".\n`);
  process.exit(2);
}
