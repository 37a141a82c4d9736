// The talk track starts at the answer, held by the core: a wrap-up for a softphone call logs
// only the steps confirmed after the answer the core logged for that call, with offsets from
// the answer; a call never answered (or with no attempt logged) logs no step, whatever the
// screen sent. A desk-phone call (no call id) keeps its steps.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WrapUpForm } from '../../shared/api/contract';
import type { CallAttemptLog, CallOutcomeLog, EventBody } from '../../shared/domain/events';
import { openDatabase } from '../../electron/core/store/database';
import { accountEvents, appendEvent } from '../../electron/core/store/events';
import { localAccountEvents } from '../../electron/core/store/local-account';
import { accountDetail, applyBundles } from '../../electron/core/store/portfolio';
import { loggedAnswer, stepsFromAnswer } from '../../electron/core/wrapup/call-steps';
import { submitWrapUp } from '../../electron/core/wrapup/wrapup-service';
import { bundle } from '../support/bundles';

const NOW = new Date('2026-11-24T02:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const STEPS = [{ stepId: 'system:institution_name', atMs: 1_000 }, { stepId: 'verify:name', atMs: 6_000 }, { stepId: 'track:greet', atMs: 9_000 }];

function world() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-steps-')), 'a.db'));
  applyBundles(db, [bundle(1, { balance: 5_000_00, stage: 'early', dueDate: '2026-11-01' })], NOW);
  const detail = () => accountDetail(db, 'acc-1', NOW.toISOString().slice(0, 10), localAccountEvents(db, ['acc-1'], () => 'Agent').get('acc-1'))!;
  const log = (body: EventBody, accountId: string | null = 'acc-1') => appendEvent(db, { deviceId: 'd1', userId: 'u1', accountId, body, now: NOW });
  const attempt = (callId: string, answeredAt: string | null, accountId: string | null = 'acc-1') => log({
    type: 'call.attempt', callId, direction: 'outbound', phoneId: 'phone-1', partyId: 'party-1', number: '+8613800000001',
    result: answeredAt ? 'answered' : 'no_answer', startedAt: at(0), answeredAt, endedAt: at(60_000), sipStatus: answeredAt ? 200 : 487, recording: null,
  } satisfies CallAttemptLog, accountId);
  const submit = (form: Partial<WrapUpForm>, trackStartedAt: string | null = null) => {
    submitWrapUp({ outcome: 'right_party_contact', phoneId: 'phone-1', callId: null, note: '', steps: [], trackId: 'cn-early@1', ...form }, {
      detail: detail(), now: NOW, language: 'en', flaggedBefore: [], log: (body) => log(body),
      answerOf: (callId) => loggedAnswer(db, 'acc-1', callId), trackStartedAt,
    });
    return accountEvents(db, 'acc-1').map((e) => e.body).filter((b): b is CallOutcomeLog => b.type === 'call.outcome').at(-1)!;
  };
  return { db, attempt, submit };
}

describe('talk-track steps in the core', () => {
  it('logs no step for a softphone call that was never answered, whatever the screen sent', () => {
    const w = world();
    w.attempt('call-ringing', null);
    const outcome = w.submit({ outcome: 'no_answer', callId: 'call-ringing', steps: STEPS }, at(0));
    expect(outcome.steps).toEqual([]);
    expect(outcome.callId).toBe('call-ringing');
  });

  it('logs no step for a softphone call the core has no attempt for', () => {
    const w = world();
    expect(w.submit({ callId: 'call-unknown', steps: STEPS }, at(0)).steps).toEqual([]);
  });

  it('counts step offsets from the answer, dropping steps confirmed while the line still rang', () => {
    const w = world();
    // Answered 5 s after the dial; the screen's track clock ran from the dial.
    w.attempt('call-1', at(5_000));
    expect(w.submit({ callId: 'call-1', steps: STEPS }, at(0)).steps).toEqual([{ stepId: 'verify:name', atMs: 1_000 }, { stepId: 'track:greet', atMs: 4_000 }]);
  });

  it('keeps offsets that already count from the answer', () => {
    const w = world();
    w.attempt('call-2', at(5_000));
    expect(w.submit({ callId: 'call-2', steps: STEPS }, at(5_000)).steps).toEqual(STEPS);
    // No track start known: the offsets are taken as from the answer, and the call was answered.
    w.attempt('call-3', at(5_000));
    expect(w.submit({ callId: 'call-3', steps: STEPS }).steps).toEqual(STEPS);
  });

  it('finds the attempt of a call whose account was taken away during it', () => {
    const w = world();
    w.attempt('call-4', at(2_000), null);
    expect(loggedAnswer(w.db, 'acc-1', 'call-4')).toEqual({ answeredAt: at(2_000) });
    expect(loggedAnswer(w.db, 'acc-1', 'call-none')).toBeNull();
  });

  it('keeps the steps of a desk-phone call (no call id): answered when the track opened', () => {
    const w = world();
    expect(w.submit({ callId: null, steps: STEPS }).steps).toEqual(STEPS);
    expect(stepsFromAnswer(STEPS, null, null, null)).toEqual(STEPS);
  });
});
