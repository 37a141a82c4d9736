// The contact history as the rules read it: the contacts known at the evaluation's cutoff in
// time order, their times parsed once, and their local calendar days per zone computed once.
// Every rule and every re-run of the rules while looking for the next allowed time share these,
// which is what keeps the gate's counting rules cheap.
import type { Contact } from './facts';
import { DAY, parseInstant, zoneOffsetsOf } from './time';

/**
 * The contacts known before `cutoff`, oldest first (equal times in the order given), with the
 * time of each (epoch ms, same order).
 */
export function knownHistory(all: Contact[], cutoff: number): { history: Contact[]; times: number[] } {
  const times: number[] = new Array(all.length);
  let allKnown = true;
  let rising = true;
  let falling = true;
  for (let i = 0; i < all.length; i++) {
    const t = (times[i] = parseInstant(all[i]!.at));
    if (!(t < cutoff)) allKnown = false;
    if (i > 0 && t < times[i - 1]!) rising = false;
    if (i > 0 && t >= times[i - 1]!) falling = false;
  }
  // The usual cases need no sort: a history given oldest first (the CLI's documents) or newest
  // first (the console's timeline), all of it known. Strictly newest first has no equal times
  // whose given order a reversal would upset.
  if (allKnown && rising) return { history: all, times };
  if (allKnown && falling) return { history: all.slice().reverse(), times: times.reverse() };
  const order: number[] = [];
  for (let i = 0; i < all.length; i++) if (times[i]! < cutoff) order.push(i);
  order.sort((a, b) => times[a]! - times[b]! || a - b);
  return { history: order.map((i) => all[i]!), times: order.map((i) => times[i]!) };
}

/**
 * What the rules derive from the known history, computed on first use and then shared: none of
 * it depends on `now`, so the re-runs of the rules while looking for the next allowed time reuse
 * it too.
 */
export class HistoryIndex {
  private readonly zones: string[] = [];
  private readonly days: number[][] = [];
  private calls: number[] | undefined;
  private debts: (string | null)[] | undefined;
  private readonly kept: unknown[] = [];

  constructor(
    private readonly history: Contact[],
    private readonly times: number[],
    /** Made once to be decided on again and again (prepareHistory): worth keeping answers with. */
    readonly durable = false,
  ) {}

  /** The local calendar day of each contact in `zone`. */
  daysIn(zone: string): number[] {
    // A person has one to a few possible zones: a list beats a Map here.
    const k = this.zones.indexOf(zone);
    if (k >= 0) return this.days[k]!;
    // localDay() for each contact, with the zone's offset table looked up once.
    const offsets = zoneOffsetsOf(zone);
    const days: number[] = new Array(this.times.length);
    for (let i = 0; i < this.times.length; i++) days[i] = Math.floor((this.times[i]! + offsets.at(this.times[i]!)) / DAY);
    this.zones.push(zone);
    this.days.push(days);
    return days;
  }

  /**
   * What a rule family keeps about this history, its own list (made empty on first use): a history
   * prepared once is decided on again and again (prepareHistory), and a family whose answer
   * depends on the clock only through the calendar day can keep its last answers here.
   */
  keptBy<T>(owner: object): T[] | undefined {
    if (!this.durable) return undefined;
    const kept = this.kept;
    for (let i = 0; i < kept.length; i += 2) if (kept[i] === owner) return kept[i + 1] as T[];
    const list: T[] = [];
    kept.push(owner, list);
    return list;
  }

  /** Positions of the calls to the debtor, the contacts the caps and warning signs count. */
  debtorCalls(): number[] {
    if (!this.calls) {
      this.calls = [];
      for (let k = 0; k < this.history.length; k++) if (this.history[k]!.channel === 'call' && this.history[k]!.party === 'debtor') this.calls.push(k);
    }
    return this.calls;
  }

  /** Every debt the history names, in order of first mention; [null] (all debts) if none. */
  debtsSeen(): (string | null)[] {
    if (!this.debts) {
      // Usually one to three debts: a list beats a Set here.
      const seen: string[] = [];
      for (const c of this.history) for (const id of c.debtIds) if (!seen.includes(id)) seen.push(id);
      this.debts = seen.length > 0 ? seen : [null];
    }
    return this.debts;
  }
}
