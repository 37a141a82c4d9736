// The queue's ranking in the core: aggregates folded from the local store in a few queries,
// account-level holds as eligibility, and the pure Ranking from shared/queue on top. Calling
// windows and caps are not folded in here (asking the gate for every account would cost seconds
// at 100k accounts): queue.next asks the gate for the account it is about to hand over and
// skips it when blocked.
// It is rebuilt when the store changes (a sync page, a local event); the engine also supports
// per-event updates (Ranking.update), which this service will use once outcomes are logged here.
import type Database from 'better-sqlite3';
import type { HistoryEntry } from '../../../shared/domain/portfolio';
import { applyHistory, createAggregate, DEFAULT_RANK_WEIGHTS, Ranking, setBlocks, type AccountAggregate, type AccountScore, type BlockInput, type RankedAccount } from '../../../shared/queue';
import { all, qb } from '../store/sql';

/** Holds that stop all contact with the account until lifted. */
const ACCOUNT_HOLDS = new Set(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased']);

export class RankingService {
  private ranking: Ranking | null = null;
  private aggregatesById = new Map<string, AccountAggregate>();
  /** What the gate said when an account was about to be handed over: kept until it expires. */
  private readonly gateBlocks = new Map<string, BlockInput>();

  constructor(
    private readonly db: () => Database.Database,
    private readonly now: () => Date,
  ) {}

  /** The store changed: the next question rebuilds the ranking. */
  invalidate(): void {
    this.ranking = null;
  }

  next(exclude: ReadonlySet<string>): RankedAccount | null {
    return this.current().next(this.now(), exclude);
  }

  /** The gate refused this account now: keep it out of the workable list until `until`. */
  markBlocked(accountId: string, until: string | 'never', reason: string): void {
    const block: BlockInput = { until, reason };
    this.gateBlocks.set(accountId, block);
    const agg = this.aggregatesById.get(accountId);
    if (!agg || !this.ranking) return;
    setBlocks(agg, this.blocksFor(accountId, this.holdBlocks()));
    this.ranking.update(agg, this.now());
  }

  explain(accountId: string): AccountScore | null {
    return this.current().explain(accountId);
  }

  private current(): Ranking {
    if (!this.ranking) {
      const aggregates = this.aggregates();
      this.aggregatesById = new Map(aggregates.map((a) => [a.accountId, a]));
      this.ranking = Ranking.build(aggregates, DEFAULT_RANK_WEIGHTS, this.now());
    }
    return this.ranking;
  }

  private blocksFor(accountId: string, holdBlocks: Map<string, BlockInput[]>): BlockInput[] {
    const gate = this.gateBlocks.get(accountId);
    const nowIso = this.now().toISOString();
    if (gate && gate.until !== 'never' && gate.until <= nowIso) this.gateBlocks.delete(accountId);
    const live = this.gateBlocks.get(accountId);
    return [...(holdBlocks.get(accountId) ?? []), ...(live ? [live] : [])];
  }

  private aggregates(): AccountAggregate[] {
    const db = this.db();
    const accounts = all(db, qb.selectFrom('accounts').select(['id', 'time_zone', 'currency']));
    const debts = groupBy(all(db, qb.selectFrom('debts').select(['account_id', 'balance_minor', 'due_date', 'stage'])), (d) => d.account_id);
    const history = groupBy(all(db, qb.selectFrom('history').select(['account_id', 'at', 'kind', 'result', 'amount_minor', 'due_date'])), (h) => h.account_id);
    const holdBlocks = this.holdBlocks();
    return accounts.map((a) => {
      const agg = createAggregate(
        { id: a.id, timeZone: a.time_zone, currency: a.currency as AccountAggregate['currency'] },
        (debts.get(a.id) ?? []).map((d) => ({ balanceMinor: d.balance_minor, dueDate: d.due_date, stage: d.stage as AccountAggregate['stage'] })),
      );
      for (const h of history.get(a.id) ?? []) {
        applyHistory(agg, { at: h.at, kind: h.kind as HistoryEntry['kind'], result: h.result, amountMinor: h.amount_minor, dueDate: h.due_date });
      }
      setBlocks(agg, this.blocksFor(a.id, holdBlocks));
      return agg;
    });
  }

  /** Account-level holds keep an account out of the workable list until lifted. */
  private holdBlocks(): Map<string, BlockInput[]> {
    const nowIso = this.now().toISOString();
    const holds = all(this.db(), qb.selectFrom('holds').select(['account_id', 'kind', 'effective_at'])
      .where('lifted_at', 'is', null).where('effective_at', '<=', nowIso));
    const blocks = new Map<string, BlockInput[]>();
    for (const h of holds) {
      if (ACCOUNT_HOLDS.has(h.kind) && !blocks.has(h.account_id)) blocks.set(h.account_id, [{ until: 'never', reason: h.kind }]);
    }
    return blocks;
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
