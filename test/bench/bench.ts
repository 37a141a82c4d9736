// A benchmark measures one figure and, in the same run, the baseline it is compared with.
export interface Figure {
  bench: string;
  value: number;
  unit: string;
  baseline: number;
  baselineName: string;
  ratio: number;
}

export interface Bench {
  name: string;
  run(): Promise<Omit<Figure, 'bench' | 'ratio'>>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Median wall time of `fn` in milliseconds over `times` runs. */
export function timeMs(fn: () => void, times: number): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}
