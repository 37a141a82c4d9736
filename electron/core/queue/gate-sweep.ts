// Keeps the queue's eligibility in step with the law: walks every account through the
// compliance gate in small slices (so the console never stalls) and hands the answers to the
// ranking in batches. Calling windows open and close on the hour and caps reset at midnight, so
// it sweeps again every few minutes; accounts that change are re-gated at once by the core.
// Promises are checked for breaking on the same beat.
import type { BlockInput } from '../../../shared/queue';

export interface GateSweepDeps {
  /** Every account to check, best first (so the top of the queue is right soonest). */
  accountIds: () => string[];
  /** The gate's answer for each account: a block, or null when some phone may be called now. */
  gate: (accountIds: string[]) => Map<string, BlockInput | null>;
  apply: (answers: Map<string, BlockInput | null>) => void;
  /** Runs before each sweep (periodic upkeep that changes what the sweep sees). */
  beforeSweep?: () => void;
}

/** Accounts gated per slice: about 10 ms of work, then the event loop breathes. */
const SLICE = 250;
/** Answers handed to the ranking at a time (one batch costs at most one re-rank). */
const BATCH = 2_000;
const EVERY_MS = 5 * 60_000;

export class GateSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(private readonly deps: GateSweepDeps, private readonly everyMs = EVERY_MS) {}

  /** Starts sweeping (now, then every few minutes); resolves when the first sweep is done. */
  start(): Promise<void> {
    this.stopped = false;
    return this.request();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Sweep as soon as possible (after the one under way, if any). Resolves when it is done. */
  request(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.sweep().finally(() => {
      this.running = null;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        void this.request();
        return;
      }
      this.timer = setTimeout(() => void this.request(), this.everyMs);
      this.timer.unref?.();
    });
    return this.running;
  }

  private async sweep(): Promise<void> {
    this.deps.beforeSweep?.();
    const ids = this.deps.accountIds();
    let batch = new Map<string, BlockInput | null>();
    for (let i = 0; i < ids.length && !this.stopped; i += SLICE) {
      for (const [id, block] of this.deps.gate(ids.slice(i, i + SLICE))) batch.set(id, block);
      if (batch.size >= BATCH) {
        this.deps.apply(batch);
        batch = new Map();
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (batch.size > 0 && !this.stopped) this.deps.apply(batch);
  }
}
