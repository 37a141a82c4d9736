// At most a few password hashes run at once, server-wide. scrypt at today's parameters is
// 0.4 s of CPU and 128 MiB each; 200 sign-ins arriving together would otherwise take every core
// and gigabytes, and health checks, pushes and pulls would wait behind them. Waiting sign-ins
// queue here; past the queue's length they are turned away (429) rather than held.
export class HashSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots: number, private readonly maxWaiting: number) {}

  /** Runs `work` in a slot; undefined (without running it) when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.maxWaiting) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return { value: await work() };
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
