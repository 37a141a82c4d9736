// importTalkTrack: a typed result, and every error names the step it is about.
import { describe, expect, it } from 'vitest';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { importTalkTrack, replaceTalkTrack, selectTalkTrack, type ImportResult, type TalkTrack, type TalkTrackInput } from '../../../shared/talktrack';

function track(steps: unknown[], extra: Partial<TalkTrackInput> = {}): unknown {
  return { id: 'test-track', version: 1, locale: 'en', pack: 'any', kind: 'early-overdue', title: 'Test', steps, ...extra };
}

const ok = (steps: unknown[] = [{ id: 'hello', type: 'say', text: 'Hello {{salutation}}' }, { id: 'bye', type: 'end', outcome: 'right_party_contact' }]) => track(steps);

function errorsOf(result: ImportResult) {
  if (result.ok) throw new Error('expected the import to fail');
  return result.errors;
}

describe('importTalkTrack', () => {
  it('accepts a valid track and applies defaults', () => {
    const result = importTalkTrack(ok());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.track.steps[0]).toMatchObject({ id: 'hello', required: false });
  });

  it('accepts a JSON string and reports bad JSON', () => {
    expect(importTalkTrack(JSON.stringify(ok())).ok).toBe(true);
    expect(errorsOf(importTalkTrack('{ "id": '))[0]).toMatchObject({ code: 'notJson', stepId: null });
  });

  it('reports schema errors with the id of the step they are in', () => {
    const errors = errorsOf(importTalkTrack(track([
      { id: 'greet', type: 'say', text: '' },
      { id: 'ask', type: 'question', text: 'Pay?', answers: [] },
      { id: 'close', type: 'end', outcome: 'not_an_outcome' },
    ])));
    expect(errors.map((e) => [e.code, e.stepId, e.path])).toEqual([
      ['schema', 'greet', 'steps.0.text'],
      ['schema', 'ask', 'steps.1.answers'],
      ['schema', 'close', 'steps.2.outcome'],
    ]);
    for (const e of errors) expect(e.message).toContain(`Step ${e.stepId}`);
  });

  it('reports track-level schema errors without a step', () => {
    const errors = errorsOf(importTalkTrack({ ...(ok() as object), locale: 'fr', version: 0 }));
    expect(errors.map((e) => [e.stepId, e.path]).sort()).toEqual([[null, 'locale'], [null, 'version']]);
  });

  it('rejects a variable not in the known list, naming the step and the variable', () => {
    const errors = errorsOf(importTalkTrack(ok([
      { id: 'hello', type: 'say', text: 'Hello {{debtorNmae}}, you owe {{amountDue}}' },
      { id: 'ask', type: 'question', text: 'OK?', answers: [{ label: 'Pays {{amountOwed}}', next: 'bye' }] },
      { id: 'bye', type: 'end', outcome: 'right_party_contact' },
    ])));
    expect(errors.map((e) => [e.code, e.stepId, e.params.variable, e.path])).toEqual([
      ['unknownVariable', 'hello', 'debtorNmae', 'steps.0.text'],
      ['unknownVariable', 'ask', 'amountOwed', 'steps.1.answers.0.label'],
    ]);
    expect(errors[0]!.message).toBe('Step hello uses unknown variable debtorNmae');
  });

  it('rejects unbalanced braces', () => {
    const errors = errorsOf(importTalkTrack(ok([{ id: 'hello', type: 'say', text: 'Hello {{salutation}, hi' }, { id: 'bye', type: 'end', outcome: 'busy' }])));
    expect(errors[0]).toMatchObject({ code: 'strayBraces', stepId: 'hello' });
  });

  it('rejects a branch to a missing step, naming both', () => {
    const errors = errorsOf(importTalkTrack(ok([
      { id: 'ask', type: 'question', text: 'Pay?', answers: [{ label: 'Yes', next: 'bye' }, { label: 'No', next: 'hardshp' }] },
      { id: 'bye', type: 'end', outcome: 'promise_to_pay' },
    ])));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'missingStep', stepId: 'ask', path: 'steps.0.answers.1.next', params: { target: 'hardshp' } });
    expect(errors[0]!.message).toBe('Step ask branches to hardshp, which does not exist');
  });

  it('rejects unreachable steps', () => {
    const errors = errorsOf(importTalkTrack(ok([
      { id: 'hello', type: 'say', text: 'Hello', next: 'bye' },
      { id: 'orphan', type: 'say', text: 'Nobody comes here' },
      { id: 'bye', type: 'end', outcome: 'right_party_contact' },
    ])));
    expect(errors.map((e) => [e.code, e.stepId])).toEqual([['unreachable', 'orphan']]);
    expect(errors[0]!.message).toBe('Step orphan cannot be reached from the start');
  });

  it('rejects a loop with no exit, naming each step in it', () => {
    const errors = errorsOf(importTalkTrack(ok([
      { id: 'ask', type: 'question', text: 'Pay?', answers: [{ label: 'Yes', next: 'bye' }, { label: 'Maybe', next: 'sure' }] },
      { id: 'sure', type: 'say', text: 'Are you sure?', next: 'really' },
      { id: 'really', type: 'say', text: 'Really?', next: 'sure' },
      { id: 'bye', type: 'end', outcome: 'promise_to_pay' },
    ])));
    expect(errors.map((e) => [e.code, e.stepId])).toEqual([['noExit', 'sure'], ['noExit', 'really']]);
    expect(errors[0]!.message).toBe('Step sure is in a loop with no way to an end step');
  });

  it('accepts a loop that has an exit', () => {
    const result = importTalkTrack(ok([
      { id: 'ask', type: 'question', text: 'Pay?', answers: [{ label: 'Yes', next: 'bye' }, { label: 'Repeat', next: 'ask' }] },
      { id: 'bye', type: 'end', outcome: 'promise_to_pay' },
    ]));
    expect(result.ok).toBe(true);
  });

  it('rejects a last step that falls off the list', () => {
    const errors = errorsOf(importTalkTrack(ok([{ id: 'hello', type: 'say', text: 'Hello' }])));
    expect(errors.map((e) => [e.code, e.stepId])).toEqual([['noNext', 'hello']]);
  });

  it('rejects duplicate step ids and duplicate answer digits', () => {
    const errors = errorsOf(importTalkTrack(ok([
      { id: 'ask', type: 'question', text: 'Pay?', answers: [{ label: 'Yes', next: 'bye' }, { label: 'No', next: 'bye', digit: 1 }] },
      { id: 'bye', type: 'end', outcome: 'promise_to_pay' },
      { id: 'bye', type: 'end', outcome: 'refusal' },
    ])));
    expect(errors.map((e) => [e.code, e.stepId]).sort()).toEqual([['duplicateDigit', 'ask'], ['duplicateStep', 'bye']]);
  });

  it('rejects a missing start step', () => {
    const errors = errorsOf(importTalkTrack(track([{ id: 'bye', type: 'end', outcome: 'busy' }], { start: 'nowhere' })));
    expect(errors).toEqual([expect.objectContaining({ code: 'startMissing', stepId: null, params: { target: 'nowhere' } })]);
  });

  it('forbids debt variables in a third-party track', () => {
    const errors = errorsOf(importTalkTrack(track([
      { id: 'ask', type: 'say', text: 'Please tell {{debtorName}} to call about {{amountDue}} owed to {{lender}}' },
      { id: 'bye', type: 'end', outcome: 'third_party_reached' },
    ], { kind: 'third-party' })));
    expect(errors.map((e) => [e.code, e.stepId, e.params.variable])).toEqual([
      ['debtVariableInThirdPartyTrack', 'ask', 'amountDue'],
      ['debtVariableInThirdPartyTrack', 'ask', 'lender'],
    ]);
  });

  it('checks end outcomes against the pack when one is given', () => {
    const input = ok([{ id: 'hello', type: 'say', text: 'Hi' }, { id: 'bye', type: 'end', outcome: 'limited_content_message' }]);
    expect(importTalkTrack(input, { pack: usRegf }).ok).toBe(true);
    expect(errorsOf(importTalkTrack(input, { pack: cn }))[0]).toMatchObject({ code: 'outcomeNotInPack', stepId: 'bye' });
  });

  it('reports in both languages through the message key', async () => {
    const { formatTalktrackMessage } = await import('../../../shared/talktrack');
    const [e] = errorsOf(importTalkTrack(ok([{ id: 'hello', type: 'say', text: 'Hi', next: 'gone' }, { id: 'bye', type: 'end', outcome: 'busy' }])));
    expect(formatTalktrackMessage(e!.messageKey, e!.params, 'zh-CN')).toBe('步骤 hello 跳转到不存在的步骤 gone');
  });
});

describe('replaceTalkTrack keeps the active version on failure', () => {
  const v1 = (importTalkTrack(ok()) as { track: TalkTrack }).track;

  it('replaces with a newer valid version', () => {
    const r = replaceTalkTrack(v1, { ...(ok() as object), version: 2 });
    expect(r.replaced).toBe(true);
    expect(r.active?.version).toBe(2);
  });

  it('keeps the active track when the new one is invalid', () => {
    const r = replaceTalkTrack(v1, { ...(ok() as object), version: 2, steps: [{ id: 'x', type: 'say', text: 'Hi', next: 'nope' }] });
    expect(r.replaced).toBe(false);
    expect(r.active).toBe(v1);
    expect(r.result.ok).toBe(false);
  });

  it('keeps the active track when the version is not newer, or the id differs', () => {
    expect(replaceTalkTrack(v1, ok()).result).toMatchObject({ ok: false, errors: [{ code: 'notNewer' }] });
    expect(replaceTalkTrack(v1, { ...(ok() as object), id: 'other', version: 5 }).result).toMatchObject({ ok: false, errors: [{ code: 'otherTrack' }] });
  });

  it('selects the newest track for the pack, preferring one written for it over a generic one', () => {
    const make = (version: number, pack: 'any' | 'us-regf' | 'cn') => ({ ...v1, version, pack });
    const tracks = [make(3, 'any'), make(1, 'us-regf'), make(2, 'us-regf'), make(9, 'cn')];
    expect(selectTalkTrack(tracks, { kind: 'early-overdue', locale: 'en', packId: 'us-regf' })).toMatchObject({ version: 2, pack: 'us-regf' });
    expect(selectTalkTrack([make(3, 'any')], { kind: 'early-overdue', locale: 'en', packId: 'us-regf' })).toMatchObject({ version: 3 });
    expect(selectTalkTrack(tracks, { kind: 'agency', locale: 'en', packId: 'us-regf' })).toBeUndefined();
  });
});

describe('strict keys', () => {
  it('rejects a misspelt key instead of silently dropping it', () => {
    const errors = errorsOf(importTalkTrack(ok([{ id: 'must', type: 'say', text: 'Read this', requird: true }, { id: 'bye', type: 'end', outcome: 'busy' }])));
    expect(errors[0]).toMatchObject({ code: 'schema', stepId: 'must' });
    expect(errors[0]!.message).toContain('requird');
  });
});
