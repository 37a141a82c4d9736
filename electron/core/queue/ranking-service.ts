// The queue's ranking in the core: aggregates folded from the local store, eligibility from
// holds and the compliance gate, and the pure Ranking from shared/queue on top.
// It is rebuilt when the store changes (a sync page, a local event); the engine also supports
// per-event updates (Ranking.update), which this service will use once outcomes are logged here.
import type Database from 'better-sqlite3';
import type { AccountDetail } from '../../../shared/api/contract';
import type { HistoryEntry } from '../../../shared/domain/portfolio';
import { applyHistory, createAggregate, DEFAULT_RANK_WEIGHTS, Ranking, setBlocks, type AccountAggregate, type AccountScore, type BlockInput, type RankedAccount } from '../../../shared/queue';
import { gateAccount } from '../compliance/gate';
import { all, qb } from '../store/sql';

/** Holds that stop all contact with the account until lifted. */
const ACCOUNT_HOLDS = new Set(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased']);

export class RankingService {
  private ranking: Ranking | null = null;

  constructor(
    private readonly db: () => Database.Database,
    private readonly detailOf: (accountId: string) => AccountDetail,
    private readonly now: () => Date,
  ) {}

  /** The store changed: the next question rebuilds the ranking. */
  invalidate(): void {
    this.ranking = null;
  }

  next(exclude: ReadonlySet<string>): RankedAccount | null {
    return this.current().next(this.now(), exclude);
  }

  explain(accountId: string): AccountScore | null {
    return this.current().explain(accountId);
  }

  private current(): Ranking {
    this.ranking ??= Ranking.build(this.aggregates(), DEFAULT_RANK_WEIGHTS, this.now());
    return this.ranking;
  }

  private aggregates(): AccountAggregate[] {
    const db = this.db();
    const accounts = all(db, qb.selectFrom('accounts').select(['id', 'time_zone', 'currency']));
    const debts = groupBy(all(db, qb.selectFrom('debts').select(['account_id', 'balance_minor', 'due_date', 'stage'])), (d) => d.account_id);
    const history = groupBy(all(db, qb.selectFrom('history').select(['account_id', 'at', 'kind', 'result', 'amount_minor', 'due_date'])), (h) => h.account_id);
    return accounts.map((a) => {
      const agg = createAggregate(
        { id: a.id, timeZone: a.time_zone, currency: a.currency as AccountAggregate['currency'] },
        (debts.get(a.id) ?? []).map((d) => ({ balanceMinor: d.balance_minor, dueDate: d.due_date, stage: d.stage as AccountAggregate['stage'] })),
      );
      for (const h of history.get(a.id) ?? []) {
        applyHistory(agg, { at: h.at, kind: h.kind as HistoryEntry['kind'], result: h.result, amountMinor: h.amount_minor, dueDate: h.due_date });
      }
      setBlocks(agg, this.blocksOf(a.id));
      return agg;
    });
  }

  /** An account leaves the workable list while a hold lasts or while no phone may be called. */
  private blocksOf(accountId: string): BlockInput[] {
    const detail = this.detailOf(accountId);
    const nowIso = this.now().toISOString();
    const hold = detail.holds.find((h) => ACCOUNT_HOLDS.has(h.kind) && h.liftedAt === null && h.effectiveAt <= nowIso);
    if (hold) return [{ until: 'never', reason: hold.kind }];
    const gate = gateAccount(detail, this.now());
    if (gate.phones.length === 0 || gate.phones.some((p) => p.decision !== 'block')) return [];
    const returns = gate.phones.map((p) => p.allowedFrom);
    if (returns.some((t) => t === null)) return [{ until: 'never', reason: gate.phones[0]!.reasons[0]?.rule ?? 'blocked' }];
    const earliest = (returns as string[]).sort()[0]!;
    const first = gate.phones.find((p) => p.allowedFrom === earliest)!;
    return [{ until: earliest, reason: first.reasons[0]?.rule ?? 'blocked' }];
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
