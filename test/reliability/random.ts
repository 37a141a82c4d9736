// A seeded random generator, so that a failing run can be replayed: every decision the harness
// takes (when to kill, where to cut, what to change on the server) comes from here. One seed per
// run (vitest.config.ts picks it unless FAIRLINE_RELIABILITY_SEED is set); each test derives its
// own stream from it and its name, so tests do not shift each other's decisions. Timing still
// varies between runs (a kill lands where the process happens to be), so a replay repeats the
// same plan, not necessarily the same interleaving.

export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A child stream for one purpose, independent of how much this one is used later. */
  fork(label: string): Rng {
    return new Rng(hash(`${this.seed}:${label}`));
  }
}

export function hash(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16_777_619);
  }
  return h >>> 0;
}

/** The run's seed: FAIRLINE_RELIABILITY_SEED (set by vitest.config.ts when not given). */
export function runSeed(): number {
  const given = process.env.FAIRLINE_RELIABILITY_SEED;
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0) throw new Error(`FAIRLINE_RELIABILITY_SEED must be a non-negative integer, got "${given}"`);
    return n;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/** The stream for one test, with the line that says how to replay it. */
export function seeded(testName: string): Rng {
  const seed = runSeed();
  console.log(`[reliability] ${testName}: seed ${seed} (replay with FAIRLINE_RELIABILITY_SEED=${seed})`);
  return new Rng(hash(`${seed}:${testName}`));
}
