import { describe, expect, it } from 'vitest';
import { PACKS } from '../../../shared/compliance';
import { summarise } from '../../../shared/queue';

const rules = [...PACKS.cn.windows, ...PACKS['us-regf'].windows];
const zones: Record<string, string> = { a: 'Asia/Shanghai', b: 'Asia/Shanghai', c: 'America/New_York' };
const zoneOf = (id: string) => zones[id] ?? null;

describe('the queue summarised', () => {
  it('says when the first account opens at night in Beijing, and which window holds it back, in the rule\'s zone', () => {
    const s = summarise({ total: 3, workable: 0 }, [
      { accountId: 'a', until: '2026-12-07T00:00:00.000Z', reason: 'cn.quiet_hours', score: 10 },
      { accountId: 'b', until: '2026-12-07T00:00:00.000Z', reason: 'cn.quiet_hours', score: 5 },
      { accountId: 'c', until: 'never', reason: 'cease', score: 1 },
    ], 1, zoneOf, rules);
    expect(s.onHold).toBe(1);
    expect(s.firstOpening).toEqual({ at: '2026-12-07T00:00:00.000Z', reason: 'cn.quiet_hours', timeZone: 'Asia/Shanghai', window: { from: '08:00', to: '22:00' }, accounts: 2 });
  });

  it('reads a US window in the debtor\'s zone', () => {
    const s = summarise({ total: 1, workable: 0 }, [{ accountId: 'c', until: '2026-12-07T13:00:00.000Z', reason: 'us.time_of_day', score: 1 }], 0, zoneOf, rules);
    expect(s.firstOpening?.timeZone).toBe('America/New_York');
    expect(s.firstOpening?.window).toEqual({ from: '08:00', to: '21:00' });
  });

  it('has no opening while something is workable, or when every blocked account is on hold', () => {
    expect(summarise({ total: 2, workable: 1 }, [{ accountId: 'a', until: '2026-12-07T00:00:00.000Z', reason: 'cn.quiet_hours', score: 1 }], 0, zoneOf, rules).firstOpening).toBeNull();
    expect(summarise({ total: 1, workable: 0 }, [{ accountId: 'c', until: 'never', reason: 'cease', score: 1 }], 1, zoneOf, rules).firstOpening).toBeNull();
  });

  it('gives no window for a reason that is not a window rule', () => {
    const s = summarise({ total: 1, workable: 0 }, [{ accountId: 'a', until: '2026-12-07T00:00:00.000Z', reason: 'cn.connected_calls_per_day', score: 1 }], 0, zoneOf, rules);
    expect(s.firstOpening?.window).toBeNull();
    expect(s.firstOpening?.timeZone).toBe('Asia/Shanghai');
  });
});
