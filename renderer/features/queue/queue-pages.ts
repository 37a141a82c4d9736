// The queue's rows, fetched a page at a time for the range on screen and cached per filter.
// After a sync every cached page is stale: it is fetched again when it is next on screen while
// its old rows stay visible, so the queue never flashes empty and still shows new holds.
import type { QueueFilter, QueuePage, QueueRow } from '../../../shared/api/contract';
import { filterKey } from './queue-filter';

const PAGE_SIZE = 200;
const FILTERS_KEPT = 8;

type FetchPage = (filter: QueueFilter, offset: number, limit: number) => Promise<QueuePage>;

interface Results {
  total: number | null;
  workable: number | null;
  pages: Map<number, { rows: QueueRow[]; stale: boolean }>;
  loading: Set<number>;
  /** Set by a failed fetch; nothing more is fetched for this filter until retry(). */
  error: unknown;
}

export interface QueueSnapshot {
  total: number | null;
  workable: number | null;
  error: unknown;
  row(index: number): QueueRow | undefined;
}

export class QueuePages {
  private readonly results = new Map<string, Results>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(private readonly fetchPage: FetchPage) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Changes whenever any cached result does (for useSyncExternalStore). */
  readonly getVersion = (): number => this.version;

  snapshot(filter: QueueFilter): QueueSnapshot {
    const results = this.results.get(filterKey(filter));
    return {
      total: results?.total ?? null,
      workable: results?.workable ?? null,
      error: results?.error ?? null,
      row: (index) => results?.pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE],
    };
  }

  /** Fetches the pages holding rows first..last that are missing or stale. */
  ensure(filter: QueueFilter, first: number, last: number): void {
    const results = this.resultsFor(filter);
    if (results.error) return;
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
      const cached = results.pages.get(page);
      if ((!cached || cached.stale) && !results.loading.has(page)) this.load(filter, results, page);
    }
  }

  /** The core's data changed (a sync ran): refetch pages as they come back on screen. */
  invalidate(): void {
    for (const results of this.results.values()) {
      for (const page of results.pages.values()) page.stale = true;
    }
    this.changed();
  }

  retry(filter: QueueFilter): void {
    this.resultsFor(filter).error = null;
    this.changed();
  }

  private load(filter: QueueFilter, results: Results, page: number): void {
    results.loading.add(page);
    this.fetchPage(filter, page * PAGE_SIZE, PAGE_SIZE)
      .then(
        (answer) => {
          results.pages.set(page, { rows: answer.rows, stale: false });
          results.total = answer.total;
          results.workable = answer.workable;
        },
        (error: unknown) => {
          results.error = error;
        },
      )
      .finally(() => {
        results.loading.delete(page);
        this.changed();
      });
  }

  /** The filter's results, most recently used last; the least recently used are forgotten. */
  private resultsFor(filter: QueueFilter): Results {
    const key = filterKey(filter);
    const results = this.results.get(key) ?? { total: null, workable: null, pages: new Map(), loading: new Set(), error: null };
    this.results.delete(key);
    this.results.set(key, results);
    for (const oldest of this.results.keys()) {
      if (this.results.size <= FILTERS_KEPT) break;
      this.results.delete(oldest);
    }
    return results;
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
