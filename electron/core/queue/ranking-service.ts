// The queue's ranking in the core: per-account aggregates folded from the local store (central
// history plus this device's attempts and wrap-ups), blocks from holds and from the compliance
// gate, and the pure Ranking from shared/queue on top.
//
// Built once from the whole store (a few queries), then kept current one account at a time:
// a local event or a pulled page re-reads just the accounts it touched and re-ranks them
// (Ranking.update), so the queue answers "next" in well under a millisecond after an event.
// Calling windows and caps come from the gate sweep (gate-sweep.ts), which hands its answers
// over in bulk.
import type Database from 'better-sqlite3';
import type { HistoryEntry } from '../../../shared/domain/portfolio';
import {
  applyCallback, applyHistory, createAggregate, DEFAULT_RANK_WEIGHTS, Ranking, setBlocks,
  type AccountAggregate, type AccountScore, type BlockedAccount, type BlockInput, type QueueListPage, type RankedAccount,
} from '../../../shared/queue';
import { all, qb } from '../store/sql';
import { localQueueFacts, type LocalQueueFacts } from './local-history';

/** Holds that stop all contact with the account until lifted. */
const ACCOUNT_HOLDS = new Set(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased']);
/** Above this many changed accounts one full re-rank beats updating them one by one. */
const BULK_UPDATE = 2_000;
/** Changed accounts read from the store at a time when updating them one by one. */
const REFRESH_SLICE = 100;

export class RankingService {
  private ranking: Ranking | null = null;
  /**
   * Keyed by the aggregate's own id string, which the ranking's id list, the gate's blocks and
   * the gate's kept answers (gate-verdicts.ts, through accountDetails) share too: a row read or
   * a pulled page brings a fresh copy of an id each time (56 bytes), and kept by each of them,
   * 100k accounts held three or four copies of every id. A re-read aggregate takes the string
   * already kept; a new one the caller's (the pulled page's, which the gate is asked with next).
   */
  private aggregatesById = new Map<string, AccountAggregate>();
  /** The gate's latest answer per blocked account (calling windows, caps, missing phones). */
  private readonly gateBlocks = new Map<string, BlockInput>();
  private holdBlocksById = new Map<string, BlockInput[]>();
  /**
   * Zone and currency names the aggregates share: each row read brings a fresh string, and the
   * ranking keeps 100k aggregates (a few hundred names among them).
   */
  private names = new Map<string, string>();
  /** Bumped whenever the order or eligibility may have changed (the console refetches then). */
  version = 0;
  /** Bumped when accounts' data changed (not merely their eligibility). */
  dataVersion = 0;

  constructor(
    private readonly db: () => Database.Database,
    private readonly now: () => Date,
  ) {}

  /** Everything may have changed (another agent signed in): rebuild on the next question. */
  invalidate(): void {
    this.ranking = null;
    this.gateBlocks.clear();
    this.version++;
    this.dataVersion++;
  }

  /** These accounts changed in the store (an event here, a pulled page): re-read and re-rank them. */
  refresh(accountIds: Iterable<string>): void {
    this.version++;
    this.dataVersion++;
    if (!this.ranking) return; // built fresh on the next question
    const ids = [...new Set(accountIds)];
    if (ids.length > BULK_UPDATE) {
      this.ranking = null;
      return;
    }
    // A slice at a time: its rows are dropped before the next slice is read, so they die young
    // instead of swelling the old generation (a pulled page brings 500 accounts).
    for (let i = 0; i < ids.length; i += REFRESH_SLICE) {
      const slice = ids.length <= REFRESH_SLICE ? ids : ids.slice(i, i + REFRESH_SLICE);
      const fresh = new Map(this.aggregates(slice).map((a) => [a.accountId, a]));
      for (const id of slice) {
        const agg = fresh.get(id);
        if (agg) {
          this.aggregatesById.set(agg.accountId, agg); // its id string, not the caller's copy (kept as the key of a new entry)
          this.ranking.update(agg, this.now());
        } else {
          this.aggregatesById.delete(id);
          this.gateBlocks.delete(id);
          this.ranking.remove(id);
        }
      }
    }
  }

  /**
   * The gate's answers from a sweep: a block per account that cannot be called now (with when it
   * can), null for one that can. Applied in one go so a sweep costs one re-rank at most.
   */
  setGateBlocks(answers: Map<string, BlockInput | null>): void {
    const changed: string[] = [];
    for (const [id, block] of answers) {
      const before = this.gateBlocks.get(id);
      if (sameBlock(before, block)) continue;
      if (block) this.gateBlocks.set(this.aggregatesById.get(id)?.accountId ?? id, block);
      else this.gateBlocks.delete(id);
      changed.push(id);
    }
    if (changed.length === 0 || !this.ranking) return;
    this.version++;
    const now = this.now();
    for (const id of changed) {
      const agg = this.aggregatesById.get(id);
      if (!agg) continue;
      setBlocks(agg, this.blocksFor(id));
      if (changed.length <= BULK_UPDATE) this.ranking.update(agg, now);
    }
    if (changed.length > BULK_UPDATE) this.ranking.rerank(now);
  }

  /** Every account in the ranking (what a gate sweep walks), best first. */
  accountIds(): string[] {
    const r = this.current();
    const ids = r.order();
    // The blocked a slice at a time: each comes with its return time and reason, 100k of them at
    // once were tens of MB for a list of ids (read at the end of every pull and by every sweep).
    for (let k = 0; k < r.blockedCount; k += REFRESH_SLICE) {
      for (const b of r.blocked(k, REFRESH_SLICE)) ids.push(b.accountId);
    }
    return ids;
  }

  next(exclude: ReadonlySet<string>): RankedAccount | null {
    return this.current().next(this.now(), exclude);
  }

  /** A page of the queue: workable in rank order, then blocked by return time. */
  list(where: ((accountId: string) => boolean) | null, offset: number, limit: number): QueueListPage {
    const r = this.current();
    r.advance(this.now());
    return r.list(where, offset, limit);
  }

  /** Counts and the head of the blocked list (soonest return first): what queue-summary.ts reads. */
  overview(head = 20): { total: number; workable: number; onHold: number; openingFirst: number; blocked: BlockedAccount[] } {
    const r = this.current();
    r.advance(this.now());
    return { total: r.workableCount + r.blockedCount, workable: r.workableCount, onHold: r.onHoldCount, openingFirst: r.openingFirstCount, blocked: r.blocked(0, head) };
  }

  explain(accountId: string): AccountScore | null {
    const r = this.current();
    r.advance(this.now());
    return r.explain(accountId);
  }

  private current(): Ranking {
    if (!this.ranking) {
      this.names = new Map();
      this.holdBlocksById = this.holdBlocks();
      const aggregates = this.aggregates(null);
      this.aggregatesById = new Map(aggregates.map((a) => [a.accountId, a]));
      this.ranking = Ranking.build(aggregates, DEFAULT_RANK_WEIGHTS, this.now());
    }
    return this.ranking;
  }

  private blocksFor(accountId: string): BlockInput[] {
    const gate = this.gateBlocks.get(accountId);
    return [...(this.holdBlocksById.get(accountId) ?? []), ...(gate ? [gate] : [])];
  }

  /** Aggregates of these accounts (all when null), central history and local events folded in. */
  private aggregates(ids: string[] | null): AccountAggregate[] {
    const db = this.db();
    const accounts = all(db, qb.selectFrom('accounts').select(['id', 'time_zone', 'currency']).$if(ids !== null, (q) => q.where('id', 'in', ids!)));
    const debts = groupBy(all(db, qb.selectFrom('debts').select(['account_id', 'balance_minor', 'due_date', 'stage'])
      .$if(ids !== null, (q) => q.where('account_id', 'in', ids!))), (d) => d.account_id);
    const history = groupBy(all(db, qb.selectFrom('history').select(['account_id', 'at', 'kind', 'result', 'amount_minor', 'due_date'])
      .$if(ids !== null, (q) => q.where('account_id', 'in', ids!))), (h) => h.account_id);
    const local = localQueueFacts(db, ids ?? undefined);
    if (ids) {
      const holds = this.holdBlocks(ids, local);
      for (const id of ids) {
        const blocks = holds.get(id);
        if (blocks) this.holdBlocksById.set(id, blocks);
        else this.holdBlocksById.delete(id);
      }
    }
    const given = ids && new Map(ids.map((id) => [id, id]));
    return accounts.map((a) => {
      const agg = createAggregate(
        { id: this.aggregatesById.get(a.id)?.accountId ?? given?.get(a.id) ?? a.id, timeZone: this.name(a.time_zone), currency: this.name(a.currency) as AccountAggregate['currency'] },
        (debts.get(a.id) ?? []).map((d) => ({ balanceMinor: d.balance_minor, dueDate: d.due_date, stage: d.stage as AccountAggregate['stage'] })),
      );
      for (const h of history.get(a.id) ?? []) {
        applyHistory(agg, { at: h.at, kind: h.kind as HistoryEntry['kind'], result: h.result, amountMinor: h.amount_minor, dueDate: h.due_date });
      }
      const mine = local.get(a.id);
      for (const h of mine?.history ?? []) applyHistory(agg, h);
      for (const c of mine?.callbacks ?? []) applyCallback(agg, c);
      setBlocks(agg, this.blocksFor(a.id));
      return agg;
    });
  }

  private name(s: string): string {
    const known = this.names.get(s);
    if (known !== undefined) return known;
    this.names.set(s, s);
    return s;
  }

  /** Account-level holds (from the server, or set here by a wrap-up) keep an account out until lifted. */
  private holdBlocks(ids?: string[], local?: Map<string, LocalQueueFacts>): Map<string, BlockInput[]> {
    const nowIso = this.now().toISOString();
    let q = qb.selectFrom('holds').select(['account_id', 'kind']).where('lifted_at', 'is', null).where('effective_at', '<=', nowIso).where('phone_id', 'is', null);
    if (ids) q = q.where('account_id', 'in', ids);
    const blocks = new Map<string, BlockInput[]>();
    const add = (accountId: string, kind: string) => {
      if (ACCOUNT_HOLDS.has(kind) && !blocks.has(accountId)) blocks.set(accountId, [{ until: 'never', reason: kind }]);
    };
    for (const h of all(this.db(), q)) add(h.account_id, h.kind);
    for (const [accountId, facts] of local ?? localQueueFacts(this.db())) {
      for (const h of facts.holds) add(accountId, h.kind);
    }
    return blocks;
  }
}

function sameBlock(a: BlockInput | undefined, b: BlockInput | null): boolean {
  if (!a || !b) return !a && !b;
  return a.until === b.until && a.reason === b.reason && (a.from ?? null) === (b.from ?? null);
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
