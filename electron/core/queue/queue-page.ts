// One page of the queue as the agent sees it: the ranking's order (workable by score, then
// blocked by return time), the store's filters, and each row's summary.
import type Database from 'better-sqlite3';
import type { QueueFilter, QueuePage, QueueRow } from '../../../shared/api/contract';
import { matchingAccountIds, queueSummaries } from '../store/portfolio';
import type { RankingService } from './ranking-service';

export class QueuePages {
  /** The last filter's matching ids: scrolling asks for page after page of the same filter. */
  private cached: { key: string; ids: Set<string> | null } | null = null;

  constructor(private readonly db: () => Database.Database, private readonly queue: RankingService) {}

  page(filter: QueueFilter, offset: number, limit: number, today: string): QueuePage {
    const db = this.db();
    const key = JSON.stringify([filter, today, this.queue.dataVersion]);
    if (this.cached?.key !== key) this.cached = { key, ids: matchingAccountIds(db, filter, today) };
    const matching = this.cached.ids;
    const page = this.queue.list(matching ? (id) => matching.has(id) : null, offset, limit);
    const summaries = queueSummaries(db, page.entries.map((e) => e.accountId), today);
    const rows: QueueRow[] = [];
    for (const e of page.entries) {
      const summary = summaries.get(e.accountId);
      if (summary) rows.push({ ...summary, score: e.score, topPart: e.top, blockedUntil: e.blockedUntil, blockReason: e.blockReason });
    }
    return { total: page.total, workable: page.workable, offset, rows };
  }
}
