// The queue at 100k accounts: one page in rank order (what the virtualised list asks for as
// the agent scrolls; the ranking is built before timing) against loading every row and
// sorting it in JavaScript.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/store/database';
import { QueuePages } from '../../electron/core/queue/queue-page';
import { RankingService } from '../../electron/core/queue/ranking-service';
import { applyBundles } from '../../electron/core/store/portfolio';
import { bundle } from '../support/bundles';
import { type Bench, timeMs } from './bench';

const N = 100_000;
const NOW = new Date('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';
let round = 0;

let db: ReturnType<typeof openDatabase> | undefined;
let pages: QueuePages | undefined;
function queue(): QueuePages {
  if (!pages) {
    const ranking = new RankingService(store, () => NOW);
    ranking.list(null, 0, 1); // build it
    pages = new QueuePages(store, ranking);
  }
  return pages;
}
function store() {
  if (db) return db;
  db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-bench-')), 'bench.db'));
  const bundles = Array.from({ length: N }, (_, i) => bundle(i, {
    dueDate: new Date(Date.parse('2025-11-28') + (i * 7919 % 363) * 86_400_000).toISOString().slice(0, 10),
    region: i % 2 ? 'US' : 'CN', balance: (i * 104_729) % 5_000_000, stage: (['early', 'late', 'agency'] as const)[i % 3],
  }));
  db.transaction(() => applyBundles(db!, bundles, NOW))();
  return db;
}

function loadAllAndSort(filter: (r: { balance_minor: number }) => boolean = () => true) {
  const rows = store().prepare('SELECT * FROM account_summary').all() as
    { oldest_due_date: string; account_id: string; balance_minor: number }[];
  return rows.filter(filter).sort((x, y) => x.oldest_due_date.localeCompare(y.oldest_due_date) || x.account_id.localeCompare(y.account_id)).slice(50_000, 50_200);
}

export const benches: Bench[] = [
  {
    name: 'queue.page.100k',
    async run() {
      const value = timeMs(() => queue().page({}, 50_000, 200, TODAY), 15);
      const baseline = timeMs(() => loadAllAndSort(), 5);
      return { value, unit: 'ms', baseline, baselineName: 'load all rows and sort in JS' };
    },
  },
  {
    name: 'queue.filtered-page.100k',
    async run() {
      const filter = { region: 'US' as const, dpdMin: 30, balanceMin: 1_000_00 };
      // Scrolling through one filter's results, page after page.
      const value = timeMs(() => queue().page(filter, 1_000 + (round++ % 2) * 200, 200, TODAY), 15);
      const baseline = timeMs(() => loadAllAndSort((r) => r.balance_minor >= 1_000_00), 5);
      return { value, unit: 'ms', baseline, baselineName: 'load all rows, filter and sort in JS' };
    },
  },
  {
    // A new filter: the store finds the matching accounts, then the ranking walks its order.
    name: 'queue.filter-change.100k',
    async run() {
      const value = timeMs(() => queue().page({ region: 'US', dpdMin: 30, balanceMin: 1_000_00 + (round++ % 1000) }, 0, 200, TODAY), 15);
      const baseline = timeMs(() => loadAllAndSort((r) => r.balance_minor >= 1_000_00), 5);
      return { value, unit: 'ms', baseline, baselineName: 'load all rows, filter and sort in JS' };
    },
  },
];
