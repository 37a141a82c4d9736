// The queue's answers, kept per account in a few bytes instead of the account's facts.
//
// The sweep asks the gate about every account every few minutes, on data that has almost always
// not changed, at an instant at which the answer has almost always not changed either. So each
// account keeps only: a 64-bit fingerprint of what its facts are built from and of the pack it
// was decided under (account-hash.ts), the answer, and the instants over which the engine says
// that answer holds on the same data (untilOpen with `stable`: a calling window's next edge, a
// hold's date, a block's lift…). The next sweep reads the account's detail, fingerprints it, and
// reuses the answer when both match; otherwise it decides afresh, from facts built for that one
// question and dropped. About 60 bytes per account plus its id, against kilobytes for its facts.
//
// Only what the queue shows depends on this: a dial is decided again in full at the moment of
// dialling (dial.ts).
import type { AccountDetail } from '../../../shared/api/contract';
import type { Pack } from '../../../shared/compliance';
import type { BlockInput } from '../../../shared/queue';
import { fingerprint } from './account-hash';
import { freshEligibility } from './eligibility';

/** Distinct packs kept apart (an organisation's policy changes rarely); past that every answer goes. */
const MAX_PACKS = 64;
/** Distinct answers shared between accounts (many are blocked until the same opening, by the same rule). */
const MAX_SHARED_ANSWERS = 4_096;

export class GateVerdicts {
  private readonly slots = new Map<string, number>();
  private hashes = new Int32Array(0);
  /** Per slot: the answer holds over [from, until) (epoch ms). */
  private spans = new Float64Array(0);
  private answers: (BlockInput | null)[] = [];
  private readonly packs: Pack[] = [];
  private readonly shared = new Map<string, BlockInput>();
  private readonly print = new Int32Array(2);
  private readonly stable = { until: Infinity };

  /** `maxAccounts`: more than any console's portfolio; past that every answer goes and is worked out again. */
  constructor(private readonly maxAccounts = 400_000) {}

  /** The queue's answer for the account now under `pack`: kept when it still holds, else decided afresh (throws UnreadableFacts). */
  eligibility(detail: AccountDetail, pack: Pack, now: Date): BlockInput | null {
    const at = now.getTime();
    const print = this.print;
    fingerprint(detail, this.packSlot(pack), print);
    const id = detail.account.id;
    let slot = this.slots.get(id);
    if (slot !== undefined && this.hashes[2 * slot] === print[0] && this.hashes[2 * slot + 1] === print[1]
      && this.spans[2 * slot]! <= at && at < this.spans[2 * slot + 1]!) {
      return this.answers[slot]!;
    }
    const stable = this.stable;
    stable.until = -Infinity;
    const answer = this.share(freshEligibility(detail, pack, now, stable));
    if (slot === undefined) {
      if (this.slots.size >= this.maxAccounts) this.clear();
      slot = this.slots.size;
      this.grow(slot + 1);
      this.slots.set(id, slot);
    }
    this.hashes[2 * slot] = print[0]!;
    this.hashes[2 * slot + 1] = print[1]!;
    this.spans[2 * slot] = at;
    this.spans[2 * slot + 1] = stable.until;
    this.answers[slot] = answer;
    return answer;
  }

  /** Accounts whose answers are kept. */
  get size(): number {
    return this.slots.size;
  }

  clear(): void {
    this.slots.clear();
    this.hashes = new Int32Array(0);
    this.spans = new Float64Array(0);
    this.answers = [];
    this.packs.length = 0;
    this.shared.clear();
  }

  /** The pack's number among those seen (a tightened policy is a new pack object: its answers are apart). */
  private packSlot(pack: Pack): number {
    let k = this.packs.indexOf(pack);
    if (k < 0) {
      if (this.packs.length >= MAX_PACKS) this.clear();
      k = this.packs.push(pack) - 1;
    }
    return k;
  }

  private grow(slots: number): void {
    if (slots * 2 <= this.hashes.length) return;
    const capacity = Math.max(1_024, slots * 2);
    const hashes = new Int32Array(capacity * 2);
    hashes.set(this.hashes);
    const spans = new Float64Array(capacity * 2);
    spans.set(this.spans);
    this.hashes = hashes;
    this.spans = spans;
  }

  private share(answer: BlockInput | null): BlockInput | null {
    if (answer === null) return null;
    const key = `${answer.until}|${answer.reason}`;
    const known = this.shared.get(key);
    if (known) return known;
    if (this.shared.size >= MAX_SHARED_ANSWERS) this.shared.clear();
    const frozen = Object.freeze(answer);
    this.shared.set(key, frozen);
    return frozen;
  }
}

/** The console's one set of answers (the core gates from one store). */
export const gateVerdicts = new GateVerdicts();
