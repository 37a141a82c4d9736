// The queue list in the core: rank order with blocked accounts after the workable ones, the
// store's filters, and the order following events logged on this device.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueueFilter } from '../../shared/api/contract';
import type { EventBody } from '../../shared/domain/events';
import { QueuePages } from '../../electron/core/queue/queue-page';
import { RankingService } from '../../electron/core/queue/ranking-service';
import { openDatabase } from '../../electron/core/store/database';
import { appendEvent } from '../../electron/core/store/events';
import { applyBundles } from '../../electron/core/store/portfolio';
import { bundle } from '../support/bundles';

const NOW = new Date('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';

function seeded(extra: Parameters<typeof applyBundles>[1] = []) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-queue-')), 'a.db'));
  applyBundles(db, [
    bundle(1, { dueDate: '2026-11-20', stage: 'early', balance: 500_00, name: '王芳' }),
    bundle(2, { dueDate: '2026-06-01', stage: 'agency', balance: 9_000_00, region: 'US', name: 'John Smith' }),
    bundle(3, { dueDate: '2026-11-26', stage: 'reminder', balance: 50_00, name: 'Ann Lee',
      holds: [{ id: 'h1', accountId: 'acc-3', partyId: null, phoneId: null, kind: 'cease', note: 'letter', effectiveAt: '2026-11-01T00:00:00Z', liftedAt: null }] }),
    ...extra,
  ], NOW);
  const queue = new RankingService(() => db, () => NOW);
  const pages = new QueuePages(() => db, queue);
  const page = (filter: QueueFilter = {}, offset = 0, limit = 50) => pages.page(filter, offset, limit, TODAY);
  return { db, queue, page };
}

function log(db: ReturnType<typeof openDatabase>, accountId: string, body: EventBody, at = NOW) {
  appendEvent(db, { deviceId: 'd1', userId: 'u1', accountId, body, now: at });
}

const outcome = (o: Partial<Extract<EventBody, { type: 'call.outcome' }>>): EventBody => ({
  type: 'call.outcome', callId: null, phoneId: 'phone-1', partyId: 'party-1', packId: 'cn', outcome: 'right_party_contact',
  contact: 'conversation', hold: null, promise: null, plan: null, callback: null, note: '', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null, ...o,
});

describe('the queue list', () => {
  it('lists workable accounts by score, then blocked ones with their reason and return', () => {
    const { page } = seeded();
    const p = page();
    expect(p.total).toBe(3);
    expect(p.workable).toBe(2);
    const [first, second, blocked] = p.rows;
    expect(first!.score).toBeGreaterThanOrEqual(second!.score);
    expect([first!.blockedUntil, second!.blockedUntil]).toEqual([null, null]);
    expect(blocked).toMatchObject({ ref: 'REF000003', blockedUntil: 'never', blockReason: 'cease', activeHolds: ['cease'] });
    // The row shows what weighs most in its score, as the account view explains it.
    const top = first!.topPart!;
    expect(Math.abs(top.points)).toBeGreaterThan(0);
  });

  it('puts an account the gate blocks until later among the blocked, soonest return first', () => {
    const { queue, page } = seeded();
    page();
    queue.setGateBlocks(new Map([['acc-2', { until: '2026-11-23T13:00:00Z', reason: 'us.calling_window' }], ['acc-1', null]]));
    const p = page();
    expect(p.workable).toBe(1);
    expect(p.rows.map((r) => [r.ref, r.blockedUntil, r.blockReason])).toEqual([
      ['REF000001', null, null],
      ['REF000002', '2026-11-23T13:00:00.000Z', 'us.calling_window'],
      ['REF000003', 'never', 'cease'],
    ]);
  });

  it('filters by search (name, ref, phone digits), stage, region, dpd and balance', () => {
    const { page } = seeded();
    const refs = (f: QueueFilter) => page(f).rows.map((r) => r.ref).sort();
    expect(refs({ search: '王' })).toEqual(['REF000001']);
    expect(refs({ search: 'ref000003' })).toEqual(['REF000003']);
    expect(refs({ search: '138 0000 0002' })).toEqual(['REF000002']);
    expect(refs({ search: '%' })).toEqual([]);
    expect(refs({ stage: 'agency' })).toEqual(['REF000002']);
    expect(refs({ region: 'CN' })).toEqual(['REF000001', 'REF000003']);
    expect(refs({ dpdMin: 0, dpdMax: 30 })).toEqual(['REF000001']);
    expect(refs({ dpdMax: 0 })).toEqual(['REF000003']);
    expect(refs({ balanceMin: 100_00, balanceMax: 1_000_00 })).toEqual(['REF000001']);
    const filtered = page({ region: 'CN' });
    expect([filtered.total, filtered.workable]).toEqual([2, 1]);
  });

  it('pages without gaps or repeats', () => {
    const { page } = seeded(Array.from({ length: 250 }, (_, i) => bundle(100 + i, { dueDate: `2026-0${1 + (i % 9)}-15` })));
    const seen = [0, 100, 200].flatMap((offset) => page({}, offset, 100).rows.map((r) => r.accountId));
    expect(seen).toHaveLength(253);
    expect(new Set(seen).size).toBe(253);
  });

  it('moves an account up when a promise due today was logged here, and out when a cease request is', () => {
    const { db, queue, page } = seeded(Array.from({ length: 20 }, (_, i) => bundle(100 + i, { dueDate: '2026-09-15', stage: 'late', balance: 2_000_00 })));
    const rankOf = (id: string) => page({}, 0, 100).rows.findIndex((r) => r.accountId === id);
    const before = rankOf('acc-1');
    expect(before).toBeGreaterThan(0);

    // Yesterday's call: the debtor promised to pay today.
    log(db, 'acc-1', outcome({ outcome: 'promise_to_pay', promise: { amountMinor: 200_00, dueDate: TODAY } }), new Date('2026-11-22T02:00:00Z'));
    queue.refresh(['acc-1']);
    const after = rankOf('acc-1');
    expect(after).toBeLessThan(before);
    expect(page({}, 0, 100).rows[after]!.topPart?.key).toBe('promiseDueToday');

    log(db, 'acc-1', outcome({ outcome: 'cease_request', hold: { kind: 'cease', phoneId: null } }));
    queue.refresh(['acc-1']);
    const row = page({}, 0, 100).rows.find((r) => r.accountId === 'acc-1')!;
    expect([row.blockedUntil, row.blockReason]).toEqual(['never', 'cease']);
  });

  it('bumps its version whenever the order may have changed, so the console refetches', () => {
    const { queue, page } = seeded();
    page();
    const v = queue.version;
    queue.setGateBlocks(new Map([['acc-1', null]]));
    expect(queue.version).toBe(v); // nothing changed
    queue.setGateBlocks(new Map([['acc-1', { until: 'never', reason: 'no_phone' }]]));
    expect(queue.version).toBeGreaterThan(v);
  });
});
