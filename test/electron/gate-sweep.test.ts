// The gate sweep: every account checked in slices that let the event loop breathe, answers
// handed over in batches, a request during a sweep honoured by one more sweep, stop meaning stop.
import { describe, expect, it } from 'vitest';
import { GateSweep } from '../../electron/core/queue/gate-sweep';
import type { BlockInput } from '../../shared/queue';

function world(count: number) {
  const ids = Array.from({ length: count }, (_, i) => `acc-${i}`);
  const gated: string[][] = [];
  const applied: Map<string, BlockInput | null>[] = [];
  let blocked = new Set<string>();
  const sweep = new GateSweep({
    accountIds: () => ids,
    gate: (slice) => {
      gated.push(slice);
      return new Map(slice.map((id) => [id, blocked.has(id) ? { until: 'never', reason: 'test' } : null]));
    },
    apply: (answers) => applied.push(answers),
  }, 60_000);
  return { ids, gated, applied, sweep, block: (s: string[]) => { blocked = new Set(s); } };
}

describe('the gate sweep', () => {
  it('checks every account once, in slices, and hands every answer over', async () => {
    const w = world(5_300);
    w.block(['acc-7']);
    await w.sweep.start();
    w.sweep.stop();
    expect(w.gated.flat()).toEqual(w.ids);
    expect(Math.max(...w.gated.map((s) => s.length))).toBeLessThanOrEqual(250);
    const answers = new Map(w.applied.flatMap((m) => [...m]));
    expect(answers.size).toBe(5_300);
    expect(answers.get('acc-7')).toEqual({ until: 'never', reason: 'test' });
    expect(answers.get('acc-8')).toBeNull();
    expect(w.applied.length).toBeGreaterThan(1); // batches, not one answer at the very end
  });

  it('runs once more when asked during a sweep, and not at all after stop', async () => {
    const w = world(1_000);
    w.sweep.start();
    const first = w.sweep.request(); // joins the sweep start() began
    w.block(['acc-1']);
    await first;
    await new Promise((r) => setTimeout(r, 50));
    w.sweep.stop();
    const last = new Map(w.applied.flatMap((m) => [...m]));
    expect(last.get('acc-1')).toEqual({ until: 'never', reason: 'test' });
    const count = w.gated.length;
    await w.sweep.request();
    expect(w.gated.length).toBe(count);
  });
});
