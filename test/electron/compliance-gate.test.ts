// The pre-dial gate on accounts as the local store holds them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateAccount } from '../../electron/core/compliance/gate';
import { openDatabase } from '../../electron/core/store/database';
import { accountDetail, applyBundles } from '../../electron/core/store/portfolio';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { bundle } from '../support/bundles';

function gate(b: AccountBundle, at: string) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-gate-')), 'a.db'));
  applyBundles(db, [b], new Date(at));
  return gateAccount(accountDetail(db, b.account.id, at.slice(0, 10))!, new Date(at));
}

function usAccount(): AccountBundle {
  const b = bundle(7, { region: 'US' });
  b.account.province = 'NY';
  b.account.postalCode = '10001';
  b.phones = [{ id: 'p1', accountId: b.account.id, partyId: b.parties[0]!.id, number: '+12125550101', type: 'mobile', consent: 'none', timeZone: null }];
  return b;
}

describe('the pre-dial gate', () => {
  it('allows a New York debtor at 10:00 local under us-regf', () => {
    const g = gate(usAccount(), '2026-11-23T15:00:00Z');
    expect(g.packId).toBe('us-regf');
    expect(g.phones[0]).toMatchObject({ phoneId: 'p1', decision: 'allow', allowedFrom: null });
  });

  it('blocks at 06:00 New York time and says it is allowed from 08:00', () => {
    const g = gate(usAccount(), '2026-11-23T11:00:00Z');
    expect(g.phones[0]!.decision).toBe('block');
    expect(g.phones[0]!.allowedFrom).toBe('2026-11-23T13:00:00.000Z');
    expect(g.phones[0]!.reasons[0]).toMatchObject({ severity: 'block', source: expect.stringContaining('1006.6(b)(1)(i)') });
  });

  it('blocks every phone of an account under a cease hold, with no time it lifts', () => {
    const b = usAccount();
    b.holds = [{ id: 'h', accountId: b.account.id, partyId: null, phoneId: null, kind: 'cease', note: '', effectiveAt: '2026-11-01T00:00:00Z', liftedAt: null }];
    const g = gate(b, '2026-11-23T15:00:00Z');
    expect(g.phones[0]).toMatchObject({ decision: 'block', allowedFrom: null });
    expect(g.phones[0]!.reasons.map((r) => r.source)).toContain('12 CFR 1006.6(c)');
  });

  it('blocks a Chinese debtor during quiet hours (23:00 Beijing) until 08:00', () => {
    const g = gate(bundle(8), '2026-11-23T15:00:00Z');
    expect(g.packId).toBe('cn');
    expect(g.phones[0]).toMatchObject({ decision: 'block', allowedFrom: '2026-11-24T00:00:00.000Z' });
    expect(g.phones[0]!.reasons[0]!.source).toContain('GB/T 45251');
  });

  it('blocks every phone of the account alike when its numbers are in different zones (12 CFR 1006.6(b)(1)(i))', () => {
    const b = usAccount();
    b.phones.push({ id: 'p2', accountId: b.account.id, partyId: b.parties[0]!.id, number: '+14155550102', type: 'home', consent: 'none', timeZone: null });
    // 10:30 in New York is 07:30 for the 415 number: neither number may be called.
    const g = gate(b, '2026-11-23T15:30:00Z');
    expect(g.phones.map((p) => [p.phoneId, p.decision, p.allowedFrom])).toEqual([
      ['p1', 'block', '2026-11-23T16:00:00.000Z'],
      ['p2', 'block', '2026-11-23T16:00:00.000Z'],
    ]);
  });

  it('refuses an account whose data the gate cannot read, naming the field', () => {
    const b = usAccount();
    b.phones[0]!.number = '2125550101';
    expect(() => gate(b, '2026-11-23T15:00:00Z')).toThrow(/facts\.debtor\.phones\.0\.number: expected an E\.164 number/);
  });
});

