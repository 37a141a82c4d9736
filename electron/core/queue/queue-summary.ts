// The queue's summary for the console: why nothing is workable now and when the first account
// opens (shared/queue/summary.ts), from the ranking, the debtors' zones and the packs in force.
import type Database from 'better-sqlite3';
import { PACKS, type PackId } from '../../../shared/compliance';
import { summarise, type QueueSummary } from '../../../shared/queue';
import type { PackResolver } from '../compliance/org-packs';
import { all, qb } from '../store/sql';
import type { RankingService } from './ranking-service';

export function queueSummary(db: Database.Database, queue: RankingService, packs: PackResolver): QueueSummary {
  const { total, workable, onHold, openingFirst, blocked } = queue.overview();
  const ids = blocked.slice(0, 1).map((b) => b.accountId);
  const zones = new Map(ids.length === 0 ? [] : all(db, qb.selectFrom('accounts').select(['id', 'time_zone']).where('id', 'in', ids)).map((a) => [a.id, a.time_zone]));
  const rules = (Object.keys(PACKS) as PackId[]).flatMap((id) => packs(id).windows);
  return summarise({ total, workable }, blocked, onHold, (id) => zones.get(id) ?? null, rules, openingFirst);
}
