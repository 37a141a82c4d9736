// The logged talk-track steps of a wrap-up (CallOutcomeLog.steps, and the wrap-up form that
// carries them from the screen to the core): an identity check with nothing on file is logged as
// such, and logs written before that field existed still read.
import { describe, expect, it } from 'vitest';
import { WrapUpForm } from '../../shared/api/contract';
import { CallOutcomeLog, LoggedStep } from '../../shared/domain/events';

const outcome = (steps: unknown[]) => ({
  type: 'call.outcome', callId: 'c1', phoneId: 'p1', partyId: null, packId: 'cn', outcome: 'no_answer', contact: 'no_answer', hold: null,
  promise: null, plan: null, callback: null, note: '', trackId: null, steps,
});

describe('logged identity checks', () => {
  it('keeps a check recorded as not on file, with no pass or fail', () => {
    const parsed = CallOutcomeLog.parse(outcome([{ stepId: 'verify:idLast4', atMs: 2_000, result: 'not_on_file' }]));
    expect(parsed.steps).toEqual([{ stepId: 'verify:idLast4', atMs: 2_000, result: 'not_on_file' }]);
  });

  it('still reads the steps of logs from before the result was kept', () => {
    const old = outcome([{ stepId: 'verify:fullName', atMs: 1_000, passed: true }, { stepId: 'verify:idLast4', atMs: 2_000 }, { stepId: 'greet', atMs: 3_000, digit: 2 }]);
    expect(CallOutcomeLog.parse(old).steps).toEqual(old.steps);
  });

  it('refuses a result it does not know, rather than logging something review cannot show', () => {
    expect(LoggedStep.safeParse({ stepId: 'verify:idLast4', atMs: 2_000, result: 'maybe' }).success).toBe(false);
    expect(WrapUpForm.shape.steps.safeParse([{ stepId: 'verify:idLast4', atMs: 2_000, result: 'maybe' }]).success).toBe(false);
    expect(WrapUpForm.shape.steps.parse([{ stepId: 'verify:idLast4', atMs: 2_000, result: 'not_on_file' }])).toEqual([{ stepId: 'verify:idLast4', atMs: 2_000, result: 'not_on_file' }]);
  });
});
