// The ranked queue: every account's score at the ranking's clock, the workable accounts in
// order and the blocked ones by the time they return.
//
// Layout, chosen for a full re-rank of 100k accounts well under the 300 ms budget and an
// update + next() in far less than 5 ms:
// - accounts live in slots; scores, states, return times and change times are typed arrays.
// - a full re-rank scores every account once and sorts natively: each account's integer score
//   (or return time) and its position in account-id order are packed into one float, so the
//   sort never calls back into JS. The id order comes from a radix sort (sort.ts) and doubles
//   as the id -> slot index (binary search), so there is no 100k-entry Map to build either.
// - the workable list and the blocked list are sorted Int32Arrays of slots. One update finds
//   the account by binary search on its old (score, id), moves the tail by one (a memmove of
//   at most 400 kB) and inserts it at its new place, so page(offset, limit) is a slice and
//   next() is the head. A heap would make next() cheap but the queue view pages through the
//   same order, and a sorted array serves both.
// - time: a score is constant between change times (see score.ts). Per-account change times
//   (a callback becoming due, a block lifting, the recency penalty stepping down) sit in a
//   min-heap; advance(now) re-scores just those accounts. Zone-wide changes (the debtor's
//   local hour moves the reach likelihood, local midnight moves days past due and promise
//   days) affect every account in the zone, so crossing one re-ranks everything: once an
//   hour for whole-hour zones.
// Order is deterministic: score descending, then account id (code-unit order) ascending; the
// blocked list is by return time, then id ("never" last).
import { z } from 'zod';
import type { AccountAggregate } from './aggregate';
import { blockAt, ScorePart, scoreAccount, scoreInto, zoneNow, type AccountScore, type ScoreOut, type ZoneNow } from './score';
import { sortSlotsById } from './sort';
import type { RankWeights } from './weights';

/** Parts that are a reason to call today rather than a standing weight. */
const CALL_TODAY: ReadonlySet<string> = new Set(['callbackDue', 'promiseDueToday', 'promiseBroken']);

const NONE = 0;
const WORKABLE = 1;
const BLOCKED = 2;

// Schemas for what crosses to the console (the API contract can embed them).
export const RankedAccount = z.object({
  accountId: z.string(),
  /** 0-based position in the workable list. */
  rank: z.number().int().nonnegative(),
  score: z.number().int(),
  /** What made the score, biggest effect first; the points add up to `score`. */
  parts: z.array(ScorePart),
});
export type RankedAccount = z.infer<typeof RankedAccount>;

export const BlockedAccount = z.object({
  accountId: z.string(),
  /** When it returns to the workable list (ISO time), or 'never' while a hold lasts. */
  until: z.union([z.iso.datetime({ offset: true }), z.literal('never')]),
  /** Why, as set by the core from the gate (a rule id or a hold kind). */
  reason: z.string(),
  /** What its score would be if it were workable. */
  score: z.number().int(),
});
export type BlockedAccount = z.infer<typeof BlockedAccount>;

/** One row of the queue list: workable (blockedUntil null) or blocked until a time or 'never'. */
export interface QueueEntry {
  accountId: string;
  score: number;
  /** The part that lifts the score most (null: none), e.g. "callback due 14:30". */
  top: ScorePart | null;
  blockedUntil: string | null;
  blockReason: string | null;
}

export interface QueueListPage {
  /** Rows passing the filter, workable and blocked. */
  total: number;
  /** How many of them are workable: rows [0, workable) are, the rest are blocked. */
  workable: number;
  entries: QueueEntry[];
}

export class Ranking {
  private readonly weights: RankWeights;
  private clock = 0;
  /** The earliest zone-wide change (a local hour boundary) among the zones ranked. */
  private boundary = Infinity;
  private zones = new Map<string, ZoneNow>();
  private readonly out: ScoreOut = { changeAt: Infinity, workableFrom: -Infinity, blockReason: '' };

  // Accounts by slot. Finding a slot by id is a binary search over the id order the sort needs
  // anyway (a Map of 100k ids would cost a third of a full re-rank to build), plus a small map
  // of the accounts added since that order was made. A removed account's slot is reused only
  // once the order is remade, so the order stays valid for the search until then.
  private ids: string[] = [];
  private aggs: (AccountAggregate | undefined)[] = [];
  private added = new Map<string, number>();
  private free: number[] = [];
  private retired: number[] = [];
  private score = new Float64Array(0);
  private state = new Uint8Array(0);
  /** For blocked slots: when they return (Infinity for "never"). */
  private until = new Float64Array(0);
  /** The slot's next per-account change time (Infinity: none); heap entries that disagree are stale. */
  private changeAt = new Float64Array(0);

  private workable = new Int32Array(0);
  /** Scratch for sortPacked. */
  private keys = new Float64Array(0);
  /** Each ranked slot's position in account-id order, and the inverse; remade when accounts are added. */
  private idRank = new Int32Array(0);
  private rankSlot = new Int32Array(0);
  private rankCount = 0;
  private rankSpan = 1;
  private ranksValid = false;
  private workableLen = 0;
  private blockedList = new Int32Array(0);
  private blockedLen = 0;

  private heapT = new Float64Array(0);
  private heapI = new Int32Array(0);
  private heapLen = 0;

  private readonly byScore = (a: number, b: number): number => {
    const d = this.score[b]! - this.score[a]!;
    if (d !== 0) return d;
    const x = this.ids[a]!;
    const y = this.ids[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  };

  private readonly byReturn = (a: number, b: number): number => {
    const ua = this.until[a]!;
    const ub = this.until[b]!;
    if (ua !== ub) return ua < ub ? -1 : 1;
    const x = this.ids[a]!;
    const y = this.ids[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  };

  private constructor(weights: RankWeights) {
    this.weights = weights;
  }

  /** Ranks every account at `now` (epoch ms or Date). Account ids must be unique. */
  static build(aggregates: Iterable<AccountAggregate>, weights: RankWeights, now: number | Date): Ranking {
    const r = new Ranking(weights);
    const list = Array.isArray(aggregates) ? (aggregates as AccountAggregate[]) : [...aggregates];
    r.grow(list.length);
    r.aggs = list.slice();
    r.ids = list.map((agg) => agg.accountId);
    r.rankIds(); // throws on a duplicate id
    r.rerank(typeof now === 'number' ? now : now.getTime());
    return r;
  }

  /** The instant the ranking reflects. */
  get now(): number {
    return this.clock;
  }

  get workableCount(): number {
    return this.workableLen;
  }

  get blockedCount(): number {
    return this.blockedLen;
  }

  /** How many blocked accounts return at the same time as the first to return (none: 0). */
  get openingFirstCount(): number {
    if (this.blockedLen === 0) return 0;
    const first = this.until[this.blockedList[0]!]!;
    if (first === Infinity) return 0;
    let n = 0;
    while (n < this.blockedLen && this.until[this.blockedList[n]!] === first) n++;
    return n;
  }

  /** Blocked accounts kept out until a hold is lifted (no return time). */
  get onHoldCount(): number {
    let n = 0;
    for (let k = 0; k < this.blockedLen; k++) if (this.until[this.blockedList[k]!] === Infinity) n++;
    return n;
  }

  /** The next instant at which advance() would change something (the core can set a timer). */
  get validUntil(): number {
    return Math.min(this.boundary, this.heapLen > 0 ? this.heapT[0]! : Infinity);
  }

  /** Re-scores every account at `now` (what advance() does when a zone's hour changes). */
  rerank(at: number | Date): void {
    const now = typeof at === 'number' ? at : at.getTime();
    if (!this.ranksValid) this.rankIds();
    this.clock = now;
    this.zones.clear();
    this.boundary = Infinity;
    this.workableLen = 0;
    this.blockedLen = 0;
    this.heapLen = 0;
    const { aggs, score, state, until, changeAt, weights, out } = this;
    for (let i = 0; i < aggs.length; i++) {
      const agg = aggs[i];
      if (agg === undefined) {
        state[i] = NONE;
        continue;
      }
      score[i] = scoreInto(agg, weights, this.zoneFor(agg.timeZone), now, null, out);
      changeAt[i] = out.changeAt;
      const from = out.workableFrom;
      if (from === -Infinity) {
        state[i] = WORKABLE;
        this.workable[this.workableLen++] = i;
      } else {
        state[i] = BLOCKED;
        until[i] = from;
        this.blockedList[this.blockedLen++] = i;
      }
      if (out.changeAt !== Infinity) {
        this.heapT[this.heapLen] = out.changeAt;
        this.heapI[this.heapLen++] = i;
      }
    }
    // Workable: score descending (scores are integers). Blocked: return time ascending, "never"
    // last (returns are whole milliseconds; "never" becomes one past the latest).
    const { score: sc, until: un } = this;
    this.sortPacked(this.workable, this.workableLen, (slot) => -sc[slot]!, this.byScore);
    let latest = -Infinity;
    for (let k = 0; k < this.blockedLen; k++) {
      const u = un[this.blockedList[k]!]!;
      if (u !== Infinity && u > latest) latest = u;
    }
    const never = latest === -Infinity ? 0 : latest + 1;
    this.sortPacked(this.blockedList, this.blockedLen, (slot) => (un[slot] === Infinity ? never : un[slot]!), this.byReturn);
    for (let k = (this.heapLen >> 1) - 1; k >= 0; k--) this.siftDown(k);
  }

  /**
   * Moves the clock to `now`: re-scores the accounts whose score or eligibility changed since
   * (callbacks coming due, blocks lifting, recency fading), or everything when a debtor's local
   * hour has turned or the clock went backwards.
   */
  advance(now: number | Date): void {
    const t = typeof now === 'number' ? now : now.getTime();
    if (t < this.clock || t >= this.boundary) {
      this.rerank(t);
      return;
    }
    this.clock = t;
    while (this.heapLen > 0 && this.heapT[0]! <= t) {
      const at = this.heapT[0]!;
      const slot = this.heapI[0]!;
      this.heapPop();
      if (this.state[slot] !== NONE && this.changeAt[slot] === at) this.rescore(slot);
    }
  }

  /**
   * The account changed (an event was folded into its aggregate, its debts or block changed,
   * or it is new to this agent): re-score it alone. Advances the clock to `now` first.
   */
  update(aggregate: AccountAggregate, now: number | Date): void {
    this.advance(now);
    let slot = this.slotOf(aggregate.accountId);
    if (slot < 0) {
      slot = this.free.pop() ?? this.aggs.length;
      if (slot >= this.score.length) this.grow(Math.max(16, slot * 2));
      this.added.set(aggregate.accountId, slot);
      this.ids[slot] = aggregate.accountId;
      this.state[slot] = NONE;
      this.ranksValid = false;
    }
    this.aggs[slot] = aggregate;
    this.rescore(slot);
  }

  /** The account left this agent's queue (reassigned, closed). */
  remove(accountId: string): void {
    const slot = this.slotOf(accountId);
    if (slot < 0) return;
    this.detach(slot);
    this.state[slot] = NONE;
    this.aggs[slot] = undefined;
    this.changeAt[slot] = Infinity;
    if (this.added.delete(accountId)) this.free.push(slot); // not in the id order: reusable now
    else this.retired.push(slot);
  }

  /** The best workable account at `now`, skipping `exclude` (e.g. opened by someone else). */
  next(now: number | Date, exclude?: ReadonlySet<string>): RankedAccount | null {
    this.advance(now);
    for (let k = 0; k < this.workableLen; k++) {
      const slot = this.workable[k]!;
      if (exclude?.has(this.ids[slot]!)) continue;
      return this.ranked(slot, k);
    }
    return null;
  }

  /** Workable accounts in order, with their parts (call advance(now) first to be current). */
  page(offset: number, limit: number): RankedAccount[] {
    const end = Math.min(this.workableLen, offset + limit);
    const rows: RankedAccount[] = [];
    for (let k = Math.max(0, offset); k < end; k++) rows.push(this.ranked(this.workable[k]!, k));
    return rows;
  }

  /**
   * A page of the workable accounts that pass `where` (the queue view's filters), in order, with
   * how many pass in all. Walks the whole list: a few ms for 100k with a cheap predicate.
   */
  filtered(where: (accountId: string) => boolean, offset: number, limit: number): { total: number; rows: RankedAccount[] } {
    const rows: RankedAccount[] = [];
    let total = 0;
    for (let k = 0; k < this.workableLen; k++) {
      const slot = this.workable[k]!;
      if (!where(this.ids[slot]!)) continue;
      if (total >= offset && rows.length < limit) rows.push(this.ranked(slot, k));
      total++;
    }
    return { total, rows };
  }

  /**
   * The whole queue as the agent sees it: the workable accounts in order, then the blocked ones
   * by return time, each passing `where` (null: all). One page of it with the totals; rows carry
   * only the score's biggest part (the account view explains the rest).
   */
  list(where: ((accountId: string) => boolean) | null, offset: number, limit: number): QueueListPage {
    const entries: QueueEntry[] = [];
    let total = 0;
    let workable = 0;
    const take = (slot: number, isWorkable: boolean): void => {
      if (where && !where(this.ids[slot]!)) return;
      if (total >= offset && entries.length < limit) entries.push(this.entry(slot, isWorkable));
      total++;
      if (isWorkable) workable++;
    };
    if (!where) {
      // Unfiltered: the page is a slice of the two lists, no walk needed.
      const end = Math.min(offset + limit, this.workableLen + this.blockedLen);
      for (let k = offset; k < end; k++) {
        entries.push(k < this.workableLen ? this.entry(this.workable[k]!, true) : this.entry(this.blockedList[k - this.workableLen]!, false));
      }
      return { total: this.workableLen + this.blockedLen, workable: this.workableLen, entries };
    }
    for (let k = 0; k < this.workableLen; k++) take(this.workable[k]!, true);
    for (let k = 0; k < this.blockedLen; k++) take(this.blockedList[k]!, false);
    return { total, workable, entries };
  }

  /** Account ids in workable order (cheap: no parts). */
  order(offset = 0, limit = Infinity): string[] {
    const end = Math.min(this.workableLen, offset + limit);
    const ids: string[] = [];
    for (let k = Math.max(0, offset); k < end; k++) ids.push(this.ids[this.workable[k]!]!);
    return ids;
  }

  /** Blocked accounts, soonest return first. */
  blocked(offset = 0, limit = Infinity): BlockedAccount[] {
    const end = Math.min(this.blockedLen, offset + limit);
    const rows: BlockedAccount[] = [];
    for (let k = Math.max(0, offset); k < end; k++) {
      const slot = this.blockedList[k]!;
      const u = this.until[slot]!;
      rows.push({ accountId: this.ids[slot]!, until: u === Infinity ? 'never' : new Date(u).toISOString(), reason: blockAt(this.aggs[slot]!, this.clock)?.reason ?? '', score: this.score[slot]! });
    }
    return rows;
  }

  /** Where the account stands: its rank if workable, its return if blocked, null if unknown. */
  position(accountId: string): { workable: true; rank: number } | { workable: false; until: string } | null {
    const slot = this.slotOf(accountId);
    if (slot < 0 || this.state[slot] === NONE) return null;
    if (this.state[slot] === WORKABLE) return { workable: true, rank: this.find(this.workable, this.workableLen, slot, this.byScore) };
    const u = this.until[slot]!;
    return { workable: false, until: u === Infinity ? 'never' : new Date(u).toISOString() };
  }

  /** The account's score and parts at the ranking's clock (the account view's "why"). */
  explain(accountId: string): AccountScore | null {
    const slot = this.slotOf(accountId);
    const agg = slot < 0 ? undefined : this.aggs[slot];
    if (agg === undefined) return null;
    return scoreAccount(agg, this.weights, this.clock, this.zoneFor(agg.timeZone));
  }

  // --- internals ---

  /** The account's slot, or -1. */
  private slotOf(accountId: string): number {
    const added = this.added.get(accountId);
    if (added !== undefined) return added;
    const { ids, rankSlot } = this;
    let lo = 0;
    let hi = this.rankCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[rankSlot[mid]!]! < accountId) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.rankCount) return -1;
    const slot = rankSlot[lo]!;
    return ids[slot] === accountId && this.aggs[slot] !== undefined ? slot : -1;
  }

  /** Puts every live account in id order (a radix sort, see sort.ts): for lookups and packed sort keys. */
  private rankIds(): void {
    const live = new Int32Array(this.aggs.length);
    let n = 0;
    for (let slot = 0; slot < this.aggs.length; slot++) if (this.aggs[slot] !== undefined) live[n++] = slot;
    const order = live.subarray(0, n);
    sortSlotsById(order, this.ids);
    const { ids, idRank, rankSlot } = this;
    for (let r = 0; r < n; r++) {
      const slot = order[r]!;
      if (r > 0 && ids[slot] === ids[order[r - 1]!]) throw new Error(`Duplicate account ${ids[slot]}`);
      idRank[slot] = r;
      rankSlot[r] = slot;
    }
    this.rankCount = n;
    this.rankSpan = 1;
    while (this.rankSpan < n) this.rankSpan *= 2;
    this.added.clear();
    for (const slot of this.retired) this.free.push(slot);
    this.retired = [];
    this.ranksValid = true;
  }

  /**
   * Sorts `list` by `key(slot)` ascending, then account id. A comparator sort of 100k calls back
   * into JS ~1.7M times (more than scoring every account costs), so each account's integer key
   * and its id rank are packed into one float and sorted natively; falls back to the comparator
   * if the keys span too much to pack.
   */
  private sortPacked(list: Int32Array, len: number, key: (slot: number) => number, cmp: (a: number, b: number) => number): void {
    if (len < 2) return;
    let max = -Infinity;
    let min = Infinity;
    for (let k = 0; k < len; k++) {
      const v = key(list[k]!);
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const span = this.rankSpan;
    if (!((max - min + 1) * span < Number.MAX_SAFE_INTEGER)) {
      list.subarray(0, len).sort(cmp);
      return;
    }
    if (this.keys.length < len) this.keys = new Float64Array(this.workable.length);
    const keys = this.keys;
    const idRank = this.idRank;
    for (let k = 0; k < len; k++) {
      const slot = list[k]!;
      keys[k] = (key(slot) - min) * span + idRank[slot]!;
    }
    keys.subarray(0, len).sort();
    const rankSlot = this.rankSlot;
    for (let k = 0; k < len; k++) list[k] = rankSlot[keys[k]! % span]!;
  }

  private entry(slot: number, workable: boolean): QueueEntry {
    const agg = this.aggs[slot]!;
    // The headline is the reason to call today when there is one (a callback due, a promise due
    // or just broken), else what lifts the account most; a penalty is context, not a reason.
    const parts = scoreAccount(agg, this.weights, this.clock, this.zoneFor(agg.timeZone)).parts;
    const top = parts.find((p) => p.points > 0 && CALL_TODAY.has(p.key)) ?? parts.find((p) => p.points > 0) ?? parts[0] ?? null;
    if (workable) return { accountId: agg.accountId, score: this.score[slot]!, top, blockedUntil: null, blockReason: null };
    const u = this.until[slot]!;
    return {
      accountId: agg.accountId, score: this.score[slot]!, top,
      blockedUntil: u === Infinity ? 'never' : new Date(u).toISOString(),
      blockReason: blockAt(agg, this.clock)?.reason ?? '',
    };
  }

  private ranked(slot: number, rank: number): RankedAccount {
    const agg = this.aggs[slot]!;
    const s = scoreAccount(agg, this.weights, this.clock, this.zoneFor(agg.timeZone));
    // The stored score (what ordered the list) with freshly computed parts: equal by
    // construction, and the tests hold them to it.
    return { accountId: agg.accountId, rank, score: this.score[slot]!, parts: s.parts };
  }

  private zoneFor(zone: string): ZoneNow {
    let zn = this.zones.get(zone);
    if (zn === undefined) {
      zn = zoneNow(this.clock, zone);
      this.zones.set(zone, zn);
      if (zn.nextHourAt < this.boundary) this.boundary = zn.nextHourAt;
    }
    return zn;
  }

  private rescore(slot: number): void {
    this.detach(slot);
    const agg = this.aggs[slot]!;
    this.score[slot] = scoreInto(agg, this.weights, this.zoneFor(agg.timeZone), this.clock, null, this.out);
    const changeAt = this.out.changeAt;
    this.changeAt[slot] = changeAt;
    if (changeAt !== Infinity) this.heapPush(changeAt, slot);
    const from = this.out.workableFrom;
    if (from === -Infinity) {
      this.state[slot] = WORKABLE;
      this.workableLen = this.insert(this.workable, this.workableLen, slot, this.byScore);
    } else {
      this.state[slot] = BLOCKED;
      this.until[slot] = from;
      this.blockedLen = this.insert(this.blockedList, this.blockedLen, slot, this.byReturn);
    }
  }

  /** Takes the slot out of whichever list holds it (its sort keys must be the ones it was inserted with). */
  private detach(slot: number): void {
    if (this.state[slot] === WORKABLE) this.workableLen = this.cut(this.workable, this.workableLen, slot, this.byScore);
    else if (this.state[slot] === BLOCKED) this.blockedLen = this.cut(this.blockedList, this.blockedLen, slot, this.byReturn);
    this.state[slot] = NONE;
  }

  /** First position whose slot does not sort before `slot`. */
  private lowerBound(list: Int32Array, len: number, slot: number, cmp: (a: number, b: number) => number): number {
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(list[mid]!, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private find(list: Int32Array, len: number, slot: number, cmp: (a: number, b: number) => number): number {
    const pos = this.lowerBound(list, len, slot, cmp);
    if (list[pos] !== slot || pos >= len) throw new Error(`Ranking out of order at account ${this.ids[slot]}`);
    return pos;
  }

  private cut(list: Int32Array, len: number, slot: number, cmp: (a: number, b: number) => number): number {
    const pos = this.find(list, len, slot, cmp);
    list.copyWithin(pos, pos + 1, len);
    return len - 1;
  }

  private insert(list: Int32Array, len: number, slot: number, cmp: (a: number, b: number) => number): number {
    const pos = this.lowerBound(list, len, slot, cmp);
    list.copyWithin(pos + 1, pos, len);
    list[pos] = slot;
    return len + 1;
  }

  private grow(capacity: number): void {
    const n = Math.max(capacity, this.score.length);
    const f64 = (old: Float64Array) => {
      const a = new Float64Array(n);
      a.set(old);
      return a;
    };
    const i32 = (old: Int32Array) => {
      const a = new Int32Array(n);
      a.set(old);
      return a;
    };
    this.score = f64(this.score);
    this.until = f64(this.until);
    this.changeAt = f64(this.changeAt);
    const state = new Uint8Array(n);
    state.set(this.state);
    this.state = state;
    this.workable = i32(this.workable);
    this.idRank = i32(this.idRank);
    this.rankSlot = i32(this.rankSlot);
    this.blockedList = i32(this.blockedList);
    // Stale heap entries are dropped lazily; room for two per slot before compaction.
    const heapT = new Float64Array(2 * n + 16);
    heapT.set(this.heapT.subarray(0, this.heapLen));
    const heapI = new Int32Array(2 * n + 16);
    heapI.set(this.heapI.subarray(0, this.heapLen));
    this.heapT = heapT;
    this.heapI = heapI;
  }

  private heapPush(t: number, slot: number): void {
    if (this.heapLen === this.heapT.length) this.compactHeap();
    let k = this.heapLen++;
    const { heapT, heapI } = this;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (heapT[parent]! <= t) break;
      heapT[k] = heapT[parent]!;
      heapI[k] = heapI[parent]!;
      k = parent;
    }
    heapT[k] = t;
    heapI[k] = slot;
  }

  private heapPop(): void {
    const last = --this.heapLen;
    if (last === 0) return;
    this.heapT[0] = this.heapT[last]!;
    this.heapI[0] = this.heapI[last]!;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const { heapT, heapI } = this;
    const len = this.heapLen;
    const t = heapT[start]!;
    const slot = heapI[start]!;
    let k = start;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= len) break;
      if (child + 1 < len && heapT[child + 1]! < heapT[child]!) child++;
      if (heapT[child]! >= t) break;
      heapT[k] = heapT[child]!;
      heapI[k] = heapI[child]!;
      k = child;
    }
    heapT[k] = t;
    heapI[k] = slot;
  }

  /** Rebuilds the heap from the live change times (drops stale entries). */
  private compactHeap(): void {
    this.heapLen = 0;
    for (let slot = 0; slot < this.aggs.length; slot++) {
      if (this.state[slot] === NONE || this.changeAt[slot] === Infinity) continue;
      this.heapT[this.heapLen] = this.changeAt[slot]!;
      this.heapI[this.heapLen++] = slot;
    }
    for (let k = (this.heapLen >> 1) - 1; k >= 0; k--) this.siftDown(k);
  }
}
