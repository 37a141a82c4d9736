// Dial authorisation: the gate is asked at the moment of dialling, every dial and refusal is logged, and only a team lead can let a warned call through.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authorizeDial } from '../../electron/core/compliance/dial';
import { openDatabase } from '../../electron/core/store/database';
import { accountDetail, applyBundles } from '../../electron/core/store/portfolio';
import { ApiError } from '../../shared/api/errors';
import type { EventBody } from '../../shared/domain/events';
import type { User } from '../../shared/domain/users';
import { bundle } from '../support/bundles';

const lead: User = { id: 'lead', username: 'lead', displayName: '王强', role: 'team_lead', teamId: 't1' };
const collector: User = { id: 'c2', username: 'collector2', displayName: 'Maria', role: 'collector', teamId: 't1' };

function setup(at: string, history: { at: string; result: string }[] = []) {
  const b = bundle(1, { region: 'US' });
  b.account.province = 'NY';
  b.account.postalCode = '10001';
  b.phones = [{ id: 'p1', accountId: b.account.id, partyId: b.parties[0]!.id, number: '+12125550101', type: 'mobile', consent: 'none', timeZone: null }];
  b.history = history.map((h, i) => ({ id: `h${i}`, accountId: b.account.id, at: h.at, kind: 'call', actor: 'x', result: h.result, amountMinor: null, dueDate: null, note: '' }));
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-dial-')), 'a.db'));
  applyBundles(db, [b], new Date(at));
  const logged: EventBody[] = [];
  const deps = (approver: User | null = lead) => ({
    detail: accountDetail(db, b.account.id, at.slice(0, 10))!,
    now: new Date(at),
    log: (e: EventBody) => logged.push(e),
    verifyApprover: async () => {
      if (!approver) throw new ApiError('UNAUTHORIZED', 'Wrong username or password');
      return approver;
    },
  });
  return { deps, logged, accountId: b.account.id };
}

const approval = { username: 'lead', password: 'demo1234', reason: 'Debtor asked for a call back right now' };
// Two unanswered calls to the same number within five minutes: a warning sign under Reg F.
const twoQuickMisses = [{ at: '2026-11-23T14:55:00Z', result: 'no_answer' }, { at: '2026-11-23T14:57:00Z', result: 'no_answer' }];

describe('dial authorisation', () => {
  it('allows and logs a dial when the gate allows', async () => {
    const { deps, logged, accountId } = setup('2026-11-23T15:00:00Z');
    expect((await authorizeDial({ accountId, phoneId: 'p1' }, deps())).outcome).toBe('allowed');
    expect(logged).toMatchObject([{ type: 'compliance.decision', action: 'dial', decision: 'allow', packId: 'us-regf' }]);
  });

  it('refuses outside the calling window and logs the refusal with its rule and source', async () => {
    const { deps, logged, accountId } = setup('2026-11-23T11:00:00Z');
    const answer = await authorizeDial({ accountId, phoneId: 'p1' }, deps());
    expect(answer.outcome).toBe('blocked');
    expect(logged).toMatchObject([{ type: 'compliance.decision', action: 'refused', decision: 'block', reasons: [{ severity: 'block', source: expect.stringContaining('1006.6') }] }]);
  });

  it('holds a warned call for a team lead, and logs the approval and the dial', async () => {
    const { deps, logged, accountId } = setup('2026-11-23T14:58:00Z', twoQuickMisses);
    const first = await authorizeDial({ accountId, phoneId: 'p1' }, deps());
    expect(first).toMatchObject({ outcome: 'needs_approval', gate: { decision: 'warn' } });
    expect(logged).toEqual([]);
    const approved = await authorizeDial({ accountId, phoneId: 'p1', approval }, deps());
    expect(approved.outcome).toBe('allowed');
    expect(logged.map((e) => e.type)).toEqual(['compliance.override', 'compliance.decision']);
    expect(logged[0]).toMatchObject({ approvedBy: 'lead', reason: approval.reason });
  });

  it('does not accept a collector or wrong credentials as approval', async () => {
    const { deps, logged, accountId } = setup('2026-11-23T14:58:00Z', twoQuickMisses);
    await expect(authorizeDial({ accountId, phoneId: 'p1', approval }, deps(collector))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(authorizeDial({ accountId, phoneId: 'p1', approval }, deps(null))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(logged).toEqual([]);
  });

  it('never lets an approval override a block', async () => {
    const { deps, logged, accountId } = setup('2026-11-23T11:00:00Z');
    expect((await authorizeDial({ accountId, phoneId: 'p1', approval }, deps())).outcome).toBe('blocked');
    expect(logged.map((e) => e.type)).toEqual(['compliance.decision']);
  });
});
