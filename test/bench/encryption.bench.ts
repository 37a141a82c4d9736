// Encryption at rest against the plain store it replaced (issue 15: within 10%), both measured in
// this run on the same portfolio (20k accounts, the same file encrypted in place with
// encryptExistingDatabase), turn and turn about so the machine's load falls on both alike:
// - console.start: what a start costs the store: open the database (with its key, or plain),
//   build the queue's ranking from it and read the first page (SQLite's page cache is empty at
//   each open, so every page read is decrypted);
// - console.queue.page: a page of the queue deep in the ranking, the store warm;
// - console.sync.apply: a pull's page of 500 account bundles applied in one transaction (writes:
//   pages encrypted, the WAL included).
// Not in these figures: unwrapping the key at start (the OS keychain, one call) and, in the
// browser shell, scrypt at sign-in (about a second, once per start, off the queue's path).
import { copyFileSync, mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { QueuePages } from '../../electron/core/queue/queue-page';
import { RankingService } from '../../electron/core/queue/ranking-service';
import { openDatabase } from '../../electron/core/store/database';
import { encryptExistingDatabase } from '../../electron/core/store/encrypt-existing';
import { applyBundles } from '../../electron/core/store/portfolio';
import { bundle } from '../support/bundles';
import { type Bench, median } from './bench';

const N = 20_000;
const NOW = new Date('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';
const KEY = randomBytes(32);

interface Store { file: string; key: Buffer | null }
let stores: { plain: Store; encrypted: Store } | undefined;

function bundles(from: number, count: number) {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return bundle(i, {
      dueDate: new Date(Date.parse('2025-11-28') + (i * 7919 % 363) * 86_400_000).toISOString().slice(0, 10),
      region: i % 2 ? 'US' : 'CN', balance: (i * 104_729) % 5_000_000, stage: (['early', 'late', 'agency'] as const)[i % 3],
    });
  });
}

/** One portfolio, written plain, then copied and encrypted in place: the same pages both ways. */
function prepare(): { plain: Store; encrypted: Store } {
  if (stores) return stores;
  const dir = mkdtempSync(join(tmpdir(), 'fairline-bench-enc-'));
  const plain = join(dir, 'plain.db');
  const db = openDatabase(plain);
  db.transaction(() => applyBundles(db, bundles(0, N), NOW))();
  db.close();
  const encrypted = join(dir, 'encrypted.db');
  copyFileSync(plain, encrypted);
  encryptExistingDatabase(encrypted, KEY);
  stores = { plain: { file: plain, key: null }, encrypted: { file: encrypted, key: KEY } };
  return stores;
}

function startUp(store: Store): number {
  const t0 = performance.now();
  const db = openDatabase(store.file, store.key);
  const ranking = new RankingService(() => db, () => NOW);
  new QueuePages(() => db, ranking).page({}, 0, 200, TODAY);
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

/** Runs both sides `times` times, alternating, and gives each side's median. */
function alternate(times: number, measure: (store: Store) => number): { plain: number; encrypted: number } {
  const { plain, encrypted } = prepare();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < times; i++) {
    if (i % 2 === 0) {
      a.push(measure(plain));
      b.push(measure(encrypted));
    } else {
      b.push(measure(encrypted));
      a.push(measure(plain));
    }
  }
  return { plain: median(a), encrypted: median(b) };
}

function withOpen<T>(store: Store, fn: (db: BetterSqlite3.Database) => T): T {
  const db = openDatabase(store.file, store.key);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export const benches: Bench[] = [
  {
    name: 'console.start.encrypted',
    async run() {
      const r = alternate(15, startUp);
      return { value: r.encrypted, unit: 'ms', baseline: r.plain, baselineName: 'the same start on the plain store (before encryption at rest)' };
    },
  },
  {
    name: 'console.queue.page.encrypted',
    async run() {
      const { plain, encrypted } = prepare();
      const open = [plain, encrypted].map((store) => {
        const db = openDatabase(store.file, store.key);
        const ranking = new RankingService(() => db, () => NOW);
        const pages = new QueuePages(() => db, ranking);
        pages.page({}, 0, 200, TODAY); // warm
        return { store, db, pages };
      });
      let offset = 0;
      const r = alternate(41, (store) => {
        const side = open.find((o) => o.store === store)!;
        const t0 = performance.now();
        side.pages.page({ region: 'US', dpdMin: 30 }, 1_000 + (offset++ % 5) * 200, 200, TODAY);
        return performance.now() - t0;
      });
      for (const o of open) o.db.close();
      return { value: r.encrypted, unit: 'ms', baseline: r.plain, baselineName: 'the same page from the plain store' };
    },
  },
  {
    name: 'console.sync.apply.encrypted',
    async run() {
      let next = N;
      const r = alternate(9, (store) => withOpen(store, (db) => {
        const page = bundles(next, 500);
        next += 500;
        const t0 = performance.now();
        db.transaction(() => applyBundles(db, page, NOW))();
        return performance.now() - t0;
      }));
      return { value: r.encrypted, unit: 'ms', baseline: r.plain, baselineName: 'the same 500 bundles applied to the plain store' };
    },
  },
];
