// Logging a wrap-up in the core: checked again at the authority, flagged notes refused and
// logged, a cease request blocking the next dial at once, callbacks only when calls are allowed,
// and promises watched until they are kept or broken.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WrapUpForm } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { EventBody } from '../../shared/domain/events';
import { gateAccount } from '../../electron/core/compliance/gate';
import { openDatabase } from '../../electron/core/store/database';
import { accountEvents, appendEvent } from '../../electron/core/store/events';
import { localAccountEvents } from '../../electron/core/store/local-account';
import { accountDetail, applyBundles } from '../../electron/core/store/portfolio';
import { brokenPromises } from '../../electron/core/wrapup/promise-watch';
import { submitWrapUp } from '../../electron/core/wrapup/wrapup-service';
import { bundle } from '../support/bundles';

// Tuesday 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');

function world() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-wrapup-')), 'a.db'));
  applyBundles(db, [bundle(1, { balance: 5_000_00, stage: 'early', dueDate: '2026-11-01' })], NOW);
  const detail = (at = NOW) => accountDetail(db, 'acc-1', at.toISOString().slice(0, 10), localAccountEvents(db, ['acc-1'], () => 'Agent').get('acc-1'))!;
  const log = (body: EventBody, at = NOW) => appendEvent(db, { deviceId: 'd1', userId: 'u1', accountId: 'acc-1', body, now: at });
  const submit = (form: Partial<WrapUpForm>, at = NOW) => submitWrapUp({ outcome: 'right_party_contact', phoneId: 'phone-1', callId: null, note: '', steps: [], trackId: null, ...form }, {
    detail: detail(at), now: at, language: 'en', flaggedBefore: [], log: (body) => log(body, at),
  });
  const events = () => accountEvents(db, 'acc-1').map((e) => e.body);
  return { db, detail, submit, events, log };
}

function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('submitting a wrap-up', () => {
  it('logs a promise to pay as one outcome event with what compliance counts', () => {
    const w = world();
    const { eventId } = w.submit({ outcome: 'promise_to_pay', promise: { amountMinor: 1_000_00, dueDate: '2026-11-28' }, note: 'Will pay Saturday' });
    const [outcome] = w.events();
    expect(outcome).toMatchObject({ type: 'call.outcome', outcome: 'promise_to_pay', contact: 'conversation', packId: 'cn', promise: { amountMinor: 1_000_00, dueDate: '2026-11-28' }, hold: null });
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses impossible values with a message per field and logs nothing', () => {
    const w = world();
    const err = refusal(() => w.submit({ outcome: 'promise_to_pay', promise: { amountMinor: -5, dueDate: '2026-02-30' } }));
    expect(err.code).toBe('VALIDATION');
    expect(err.issues!.map((i) => i.path).sort()).toEqual(['promise.amountMinor', 'promise.dueDate']);
    expect(w.events()).toEqual([]);
  });

  it('refuses a threatening note, naming the phrase, and logs the flag for the team lead', () => {
    const w = world();
    const err = refusal(() => w.submit({ note: '再不还钱你会坐牢的' }));
    expect(err.issues).toEqual([{ path: 'note.phrases', message: expect.stringContaining('坐牢') }]);
    expect(w.events()).toEqual([expect.objectContaining({ type: 'note.flagged', text: '再不还钱你会坐牢的' })]);
    w.submit({ note: '提醒对方逾期的后果，约定周五回电' });
    expect(w.events().at(-1)).toMatchObject({ type: 'call.outcome', note: '提醒对方逾期的后果，约定周五回电' });
  });

  it('files a cease hold with a cease request: the next dial is blocked at once', () => {
    const w = world();
    expect(gateAccount(w.detail(), NOW).phones[0]!.decision).not.toBe('block');
    const { hold } = w.submit({ outcome: 'cease_request' });
    expect(hold).toEqual({ kind: 'cease', phoneId: null });
    const gate = gateAccount(w.detail(), NOW).phones[0]!;
    expect(gate.decision).toBe('block');
    expect(gate.reasons.map((r) => r.rule)).toContain('cn.hold.cease');
  });

  it('refuses a callback at a time the debtor may not be called, saying from when it may', () => {
    const w = world();
    const err = refusal(() => w.submit({ outcome: 'callback_requested', callback: { date: '2026-11-24', time: '22:30', owner: 'agent' } }));
    expect(err.issues!.map((i) => i.path)).toEqual(['callback.time']);
    w.submit({ outcome: 'callback_requested', callback: { date: '2026-11-24', time: '15:00', owner: 'agent' } });
    expect(w.events().at(-1)).toMatchObject({ callback: { at: '2026-11-24T07:00:00.000Z', owner: 'agent' } });
  });
});

describe('watching promises', () => {
  it('logs a promise broken once its day has ended unpaid in the debtor’s zone, and only once', () => {
    const w = world();
    w.submit({ outcome: 'promise_to_pay', promise: { amountMinor: 1_000_00, dueDate: '2026-11-25' } });
    // 23:59 on the 25th in Shanghai: not yet broken; a minute later it is.
    expect(brokenPromises(w.db, new Date('2026-11-25T15:59:00Z'))).toEqual([]);
    const broken = brokenPromises(w.db, new Date('2026-11-25T16:00:00Z'));
    expect(broken).toEqual([{ accountId: 'acc-1', body: expect.objectContaining({ type: 'promise.broken', amountMinor: 1_000_00, dueDate: '2026-11-25' }) }]);
    w.log(broken[0]!.body);
    expect(brokenPromises(w.db, new Date('2026-11-26T16:00:00Z'))).toEqual([]);
  });

  it('leaves a promise that was paid in time alone', () => {
    const w = world();
    w.submit({ outcome: 'promise_to_pay', promise: { amountMinor: 1_000_00, dueDate: '2026-11-25' } });
    w.db.prepare("INSERT INTO history (id, account_id, at, kind, actor, result, amount_minor, due_date, note) VALUES ('pay1', 'acc-1', '2026-11-25T03:00:00Z', 'payment', 'bank', 'received', 100000, NULL, '')").run();
    expect(brokenPromises(w.db, new Date('2026-11-27T00:00:00Z'))).toEqual([]);
  });
});
