// The gate sweep at 100k accounts: reading each account from the local store and asking the
// compliance gate whether any of its phones may be called now (gate.ts eligibilityOf, as
// core.ts gateForQueue does), slice by slice as the console does in the background. Baseline, same run: reading the same accounts' details alone (the
// part of the sweep that is I/O). The accounts have no history, so caps cost little here; the
// gate bench measures decisions on accounts with 20 history events each.
//
// The figure is the steady state: sweeps over unchanged accounts, whose kept answers still hold
// (gate-verdicts.ts). The first sweep, and one at an instant where every kept answer has run
// out (the calling windows have moved on), decide every account afresh: their times go to stderr.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eligibilityOf } from '../../electron/core/compliance/gate';
import { GateVerdicts } from '../../electron/core/compliance/gate-verdicts';
import { openDatabase } from '../../electron/core/store/database';
import { accountDetails, applyBundles } from '../../electron/core/store/portfolio';
import { bundle } from '../support/bundles';
import { type Bench, timeMs } from './bench';

const N = 100_000;
const SLICE = 250;
const NOW = new Date('2026-11-24T02:00:00Z');
const TODAY = '2026-11-24';

function store() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-sweep-')), 'bench.db'));
  const bundles = Array.from({ length: N }, (_, i) => bundle(i, {
    dueDate: new Date(Date.parse('2025-11-28') + (i * 7919 % 363) * 86_400_000).toISOString().slice(0, 10),
    region: i % 2 ? 'US' : 'CN', balance: (i * 104_729) % 5_000_000,
  }));
  db.transaction(() => applyBundles(db, bundles, NOW))();
  return db;
}

export const benches: Bench[] = [
  {
    name: 'queue.sweep.100k',
    async run() {
      const db = store();
      const ids = Array.from({ length: N }, (_, i) => `acc-${i}`);
      const verdicts = new GateVerdicts();
      const sweep = (decide: boolean, now = NOW) => {
        let blocked = 0;
        for (let i = 0; i < N; i += SLICE) {
          const details = accountDetails(db, ids.slice(i, i + SLICE), TODAY, new Map());
          if (!decide) continue;
          for (const d of details.values()) if (eligibilityOf(d, now, undefined, verdicts)) blocked++;
        }
        return blocked;
      };
      const first = timeMs(() => sweep(true), 1);
      const value = timeMs(() => sweep(true), 3);
      // 13 hours on, both countries' windows have closed or opened since: every answer is worked out again.
      const expired = timeMs(() => sweep(true, new Date(NOW.getTime() + 13 * 3_600_000)), 1);
      console.error(`queue.sweep.100k: first sweep (every account decided afresh) ${first.toFixed(0)} ms; a sweep after every kept answer ran out ${expired.toFixed(0)} ms; kept answers ${verdicts.size}`);
      const baseline = timeMs(() => sweep(false), 3);
      return { value, unit: 'ms', baseline, baselineName: 'read the same accounts from the store, no gate' };
    },
  },
];
