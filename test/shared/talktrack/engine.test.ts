// The talk-track engine: party first, required steps, branching, variables and the third-party
// switch. Every scenario drives the state machine the way the console does.
import { describe, expect, it } from 'vitest';
import { cn, usRegf } from '../../../shared/compliance/packs';
import {
  advance,
  demoTrack,
  importTalkTrack,
  loggedSteps,
  start,
  unconfirmedRequired,
  view,
  type CallAction,
  type CallState,
  type TalkTrack,
  type TalkTrackInput,
} from '../../../shared/talktrack';
import { cnContext, cnDebtTexts, T0, usContext, usDebtTexts } from './helpers';

const enThirdParty = demoTrack('third-party', 'en');
const zhThirdParty = demoTrack('third-party', 'zh-CN');

function imported(input: TalkTrackInput): TalkTrack {
  const r = importTalkTrack(input);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.track;
}

/** Apply actions in order, failing on the first refusal. */
function run(state: CallState, ...actions: CallAction[]): CallState {
  for (const a of actions) {
    state = advance(state, a);
    if (state.rejected) throw new Error(`${a.type} refused: ${state.rejected.code}`);
  }
  return state;
}

const at = (seconds: number) => T0 + seconds * 1000;
const confirm = (s: number): CallAction => ({ type: 'confirm', at: at(s) });

const usStart = (track = demoTrack('early-overdue', 'en'), ctx = usContext) => start(track, ctx, usRegf, { now: T0, thirdPartyTrack: enThirdParty });
const cnStart = (track = demoTrack('early-overdue', 'zh-CN'), ctx = cnContext) => start(track, ctx, cn, { now: T0, thirdPartyTrack: zhThirdParty });

/** A US call through the recording notice and a passed identity check. */
function usVerified(): CallState {
  return run(
    usStart(),
    confirm(2),
    { type: 'verify', at: at(5), check: 'fullName', passed: true },
    { type: 'verify', at: at(9), check: 'ssnLast4', answer: '6789' },
  );
}

describe('party first: right-party verification gates every debt detail', () => {
  it('starts a US call with the recording notice in an all-party-consent state, then the identity check', () => {
    let s = usStart();
    let v = view(s);
    expect(v.phase).toBe('opening');
    expect(v.step).toMatchObject({ id: 'system:recording_notice', kind: 'disclosure', required: true });
    expect(v.step?.source).toContain('CA');
    s = run(s, confirm(2));
    v = view(s);
    expect(v.phase).toBe('verification');
    expect(v.verification?.checks.map((c) => c.check)).toEqual(['fullName', 'dateOfBirth', 'ssnLast4', 'address']);
    expect(v.actions).toEqual(['verify', 'switchToThirdParty', 'end']);
  });

  it('gives no recording notice in a one-party-consent state, and gives it when the state is unknown', () => {
    expect(view(start(demoTrack('early-overdue', 'en'), { ...usContext, region: 'US-TX' }, usRegf, { now: T0 })).phase).toBe('verification');
    expect(view(start(demoTrack('early-overdue', 'en'), { ...usContext, region: undefined }, usRegf, { now: T0 })).step?.id).toBe('system:recording_notice');
    expect(view(start(demoTrack('early-overdue', 'en'), { ...usContext, region: 'TX' }, usRegf, { now: T0, alwaysRecordingNotice: true })).step?.id).toBe('system:recording_notice');
  });

  it('hides every debt detail before verification and shows it after', () => {
    let s = usStart();
    const leaks = (state: CallState) => usDebtTexts.filter((t) => JSON.stringify(view(state)).includes(t));
    for (const action of [confirm(2), { type: 'verify', at: at(5), check: 'fullName', passed: true } as CallAction]) {
      expect(view(s).masked).toBe(true);
      expect(view(s).details).toBeNull();
      expect(leaks(s)).toEqual([]);
      s = run(s, action);
    }
    expect(view(s).masked).toBe(true);
    expect(leaks(s)).toEqual([]);
    s = run(s, { type: 'verify', at: at(9), check: 'dateOfBirth', answer: '4/12/1985' });
    const v = view(s);
    expect(v.masked).toBe(false);
    expect(v.party).toBe('debtor');
    expect(v.details).toMatchObject({ amountDue: '$1,240.50', balance: '$5,120.00', lender: 'Summit Bank', dueDate: 'February 20, 2026', daysPastDue: '17' });
  });

  it('needs the full name and one more identifier under us-regf', () => {
    let s = run(usStart(), confirm(2), { type: 'verify', at: at(5), check: 'fullName', passed: true });
    expect(view(s).verification?.status).toBe('pending');
    s = run(s, { type: 'verify', at: at(7), check: 'address', passed: true });
    expect(view(s).verification?.status).toBe('passed');
  });

  it('compares answers with the record: name ignoring case and spacing, last 4 ignoring separators', () => {
    let s = run(usStart(), confirm(2), { type: 'verify', at: at(5), check: 'fullName', answer: '  maria   RIVERA ' });
    expect(view(s).verification?.checks[0]?.result).toBe('passed');
    s = run(s, { type: 'verify', at: at(7), check: 'ssnLast4', answer: 'xxx-xx-6789' });
    expect(view(s).party).toBe('debtor');
  });

  it('confirms nothing without a record: a check with nothing on file is only recorded as not on file, which never verifies', () => {
    const s = run(start(demoTrack('early-overdue', 'en'), { ...usContext, identity: {} }, usRegf, { now: T0 }), confirm(1), { type: 'verify', at: at(2), check: 'fullName', passed: true });
    expect(advance(s, { type: 'verify', at: at(3), check: 'dateOfBirth', answer: '1985-04-12' }).rejected?.code).toBe('checkNotOnFile');
    expect(advance(s, { type: 'verify', at: at(3), check: 'dateOfBirth', passed: true }).rejected?.code).toBe('checkNotOnFile');
    expect(advance(s, { type: 'verify', at: at(3), check: 'fullName', notOnFile: true }).rejected?.code).toBe('checkIsOnFile');
    let t = s;
    for (const check of ['dateOfBirth', 'ssnLast4', 'address'] as const) t = run(t, { type: 'verify', at: at(4), check, notOnFile: true });
    const v = view(t);
    expect(v.verification?.checks.map((c) => [c.check, c.onFile, c.result])).toEqual([
      ['fullName', 'shown', 'passed'], ['dateOfBirth', 'none', 'notOnFile'], ['ssnLast4', 'none', 'notOnFile'], ['address', 'none', 'notOnFile'],
    ]);
    expect(v.verification?.status).toBe('pending');
    expect(v.verification?.cannotVerify).toBe(true);
    expect(v.masked).toBe(true);
    // Logged as not on file, not as a check the log is silent about (call review shows it so).
    expect(loggedSteps(t).slice(-3)).toEqual(['dateOfBirth', 'ssnLast4', 'address'].map((c) => ({ stepId: `verify:${c}`, atMs: 4000, result: 'not_on_file' })));
  });

  it('offers a retry or the third-party track after a failed check, and stops offering the retry when attempts run out', () => {
    let s = run(usStart(), confirm(2), { type: 'verify', at: at(5), check: 'fullName', passed: true }, { type: 'verify', at: at(8), check: 'dateOfBirth', answer: '1986-01-01' });
    let v = view(s);
    expect(v.verification).toMatchObject({ status: 'failed', attempts: 1, attemptsLeft: 1 });
    expect(v.masked).toBe(true);
    expect(v.actions).toEqual(['retryVerification', 'switchToThirdParty', 'end']);
    expect(advance(s, confirm(9)).rejected?.code).toBe('verifyFirst');
    s = run(s, { type: 'retryVerification', at: at(10) }, { type: 'verify', at: at(12), check: 'fullName', passed: false });
    v = view(s);
    expect(v.verification).toMatchObject({ status: 'failed', attempts: 2, attemptsLeft: 0 });
    expect(v.actions).toEqual(['switchToThirdParty', 'end']);
    expect(advance(s, { type: 'retryVerification', at: at(13) }).rejected?.code).toBe('noRetriesLeft');
  });

  it('opens a cn call with the institution and agent, then checks name and the last 4 of the ID number', () => {
    let s = cnStart();
    let v = view(s);
    expect(v.step).toMatchObject({ id: 'system:institution_name', required: true, source: 'NIFA convention (2018) art. 15' });
    expect(v.step?.text).toBe('您好，我是星河消费金融客服中心的工作人员李娜，工号 A0371。本次通话将会录音。');
    s = run(s, confirm(3));
    v = view(s);
    // The name shows; the ID number's last four and the date of birth only as masked hints.
    expect(v.verification?.checks.map((c) => [c.check, c.onFile, c.expected])).toEqual([['fullName', 'shown', '张伟'], ['idLast4', 'hidden', '••••'], ['dateOfBirth', 'hidden', '19**-**-**']]);
    expect(JSON.stringify(v)).not.toMatch(/123X|1990-07-01|1990年7月1日/);
    expect(JSON.stringify(v).includes('¥')).toBe(false);
    s = run(s, { type: 'verify', at: at(6), check: 'fullName', answer: '张 伟' }, { type: 'verify', at: at(9), check: 'idLast4', answer: '1234 5678 123x' });
    v = view(s);
    expect(v.phase).toBe('track');
    expect(v.details?.amountDue).toBe('¥12,400.00');
  });

  it('hides the debt in a cn call until verified', () => {
    const s = run(cnStart(), confirm(3), { type: 'verify', at: at(6), check: 'fullName', passed: true });
    const text = JSON.stringify(view(s));
    expect(cnDebtTexts.filter((t) => text.includes(t))).toEqual([]);
  });
});

describe('required steps cannot be skipped', () => {
  it('refuses to skip the recording notice, naming the step and its source', () => {
    const s = advance(usStart(), { type: 'skip', at: at(1) });
    expect(s.rejected).toMatchObject({ code: 'requiredStep', params: { step: 'system:recording_notice' } });
    expect(view(s).rejected?.message).toContain('cannot be skipped');
    expect(view(s).step?.id).toBe('system:recording_notice');
  });

  it('puts the mini-Miranda after verification, and refuses to skip it', () => {
    const s = usVerified();
    const v = view(s);
    expect(v.phase).toBe('disclosures');
    expect(v.step).toMatchObject({ id: 'system:mini_miranda', required: true });
    expect(v.step?.text).toContain('This is an attempt to collect a debt and any information obtained will be used for that purpose.');
    expect(v.step?.source).toContain('15 U.S.C. 1692e(11)');
    expect(v.step?.source).toContain('12 CFR 1006.18(e)(1)');
    const refused = advance(s, { type: 'skip', at: at(11) });
    expect(refused.rejected).toMatchObject({ code: 'requiredStep', params: { step: 'system:mini_miranda' } });
    expect(view(refused).phase).toBe('disclosures');
    expect(advance(s, { type: 'answer', at: at(11), digit: 1 }).rejected?.code).toBe('notNow');
  });

  it('refuses to skip a track step marked required, and skips an optional one', () => {
    const t = imported({
      id: 'req', version: 1, locale: 'en', pack: 'any', kind: 'early-overdue', title: 'Req',
      steps: [
        { id: 'optional', type: 'say', text: 'Small talk' },
        { id: 'must', type: 'say', text: 'Read this', required: true },
        { id: 'bye', type: 'end', outcome: 'right_party_contact' },
      ],
    });
    let s = run(start(t, usContext, usRegf, { now: T0 }), confirm(1), { type: 'verify', at: at(2), check: 'fullName', passed: true }, { type: 'verify', at: at(3), check: 'address', passed: true }, confirm(4));
    expect(view(s).step?.id).toBe('optional');
    expect(view(s).actions).toContain('skip');
    s = run(s, { type: 'skip', at: at(5) });
    expect(view(s).step?.id).toBe('must');
    expect(view(s).actions).not.toContain('skip');
    const refused = advance(s, { type: 'skip', at: at(6) });
    expect(refused.rejected).toMatchObject({ code: 'requiredStep', params: { step: 'must' } });
    s = run(s, confirm(7));
    expect(view(s).step?.id).toBe('bye');
  });

  it('records each confirmed step with its offset from the call start', () => {
    const s = run(usVerified(), confirm(12), confirm(20));
    expect(loggedSteps(s)).toEqual([
      { stepId: 'system:recording_notice', atMs: 2000 },
      { stepId: 'verify:fullName', atMs: 5000, passed: true },
      { stepId: 'verify:ssnLast4', atMs: 9000, passed: true },
      { stepId: 'system:mini_miranda', atMs: 12000 },
      { stepId: 'purpose', atMs: 20000 },
    ]);
    expect(s.records.find((r) => r.stepId === 'verify:ssnLast4')).toMatchObject({ action: 'verified', passed: true });
  });

  it('lists required steps that were never confirmed when a call ends early', () => {
    const s = run(usStart(), { type: 'end', at: at(3), outcome: 'no_answer' });
    expect(unconfirmedRequired(s).map((x) => x.id)).toEqual(['recording_notice']);
    expect(view(s).actions).toEqual([]);
    expect(advance(s, confirm(4)).rejected?.code).toBe('ended');
  });
});

describe('branching and variables', () => {
  it('follows answers by digit to an end step that suggests the outcome', () => {
    let s = run(usVerified(), confirm(12), confirm(14));
    let v = view(s);
    expect(v.step).toMatchObject({ id: 'check_in', kind: 'question' });
    expect(v.step?.answers.map((a) => a.digit)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(advance(s, confirm(15)).rejected?.code).toBe('answerRequired');
    expect(advance(s, { type: 'answer', at: at(15), digit: 9 }).rejected).toMatchObject({ code: 'unknownAnswer', params: { step: 'check_in', digit: 9 } });
    s = run(s, { type: 'answer', at: at(16), digit: 3 }); // hardship
    expect(view(s).step?.id).toBe('hardship');
    s = run(s, confirm(30), { type: 'answer', at: at(40), digit: 2 }); // a plan
    expect(view(s).step).toMatchObject({ id: 'plan' });
    s = run(s, confirm(50));
    expect(view(s).step).toMatchObject({ id: 'plan_confirm', required: true });
    s = run(s, confirm(60));
    v = view(s);
    expect(v.step).toMatchObject({ id: 'end_plan', kind: 'end', outcome: 'payment_plan' });
    expect(v.suggestedOutcome).toBe('payment_plan');
    s = run(s, confirm(65));
    expect(view(s)).toMatchObject({ phase: 'ended', suggestedOutcome: 'payment_plan', ended: { outcome: 'payment_plan', atMs: 65000, stepId: 'end_plan' } });
  });

  it('goes back to the previous step', () => {
    let s = run(usVerified(), confirm(12), confirm(14), { type: 'answer', at: at(16), digit: 4 });
    expect(view(s).step?.id).toBe('dispute');
    s = run(s, { type: 'back', at: at(17) });
    expect(view(s).step?.id).toBe('check_in');
    expect(advance(run(usVerified(), confirm(12)), { type: 'back', at: at(13) }).rejected?.code).toBe('nothingToGoBackTo');
  });

  it('reaches the cease request branch and ends with cease_request', () => {
    const s = run(usVerified(), confirm(12), confirm(14), { type: 'answer', at: at(16), digit: 5 }, { type: 'answer', at: at(18), digit: 1 }, confirm(20), confirm(22));
    expect(view(s).ended?.outcome).toBe('cease_request');
  });

  it('fills variables formatted for the locale: dollars and US dates in en', () => {
    const s = run(usVerified(), confirm(12));
    expect(view(s).step?.text).toBe(
      'Thank you, Ms. Rivera. I’m calling about your Summit Bank Visa card account ending in 4821. Our records show that the payment of $1,240.50 due on February 20, 2026 hasn’t been received, so the account is now 17 days past due.',
    );
  });

  it('fills variables formatted for the locale: yuan and Chinese dates in zh-CN', () => {
    // T0 is already 2026-03-10 in Shanghai: 11 days after 27 February.
    const s = run(cnStart(), confirm(3), { type: 'verify', at: at(6), check: 'fullName', passed: true }, { type: 'verify', at: at(9), check: 'idLast4', answer: '123x' });
    expect(view(s).step?.text).toBe('张先生，感谢您的配合。您在星河消费金融的星河贷（尾号0921）本期¥12,400.00已于2026年2月27日到期，目前还没有收到还款，已经逾期11天了。');
  });

  it('counts days past due in the debtor’s zone', () => {
    // 2026-03-09T17:00Z is still 03-09 in Los Angeles but already 03-10 01:00 in Shanghai.
    const la = run(start(demoTrack('early-overdue', 'en'), { ...usContext, region: 'TX' }, usRegf, { now: T0 }), { type: 'verify', at: at(1), check: 'fullName', passed: true }, { type: 'verify', at: at(2), check: 'address', passed: true });
    const sh = run(start(demoTrack('early-overdue', 'en'), { ...usContext, region: 'TX', timeZone: 'Asia/Shanghai' }, usRegf, { now: T0 }), { type: 'verify', at: at(1), check: 'fullName', passed: true }, { type: 'verify', at: at(2), check: 'address', passed: true });
    expect(view(la).details?.daysPastDue).toBe('17');
    expect(view(sh).details?.daysPastDue).toBe('18');
  });

  it('shows a variable the account lacks as [name] and lists it as missing', () => {
    const s = run(start(demoTrack('early-overdue', 'en'), { ...usContext, region: 'TX', accountRef: undefined }, usRegf, { now: T0 }), { type: 'verify', at: at(1), check: 'fullName', passed: true }, { type: 'verify', at: at(2), check: 'address', passed: true }, confirm(3));
    expect(view(s).step?.text).toContain('account ending in [accountRef]');
    expect(view(s).step?.missing).toEqual(['accountRef']);
  });
});

describe('third parties', () => {
  it('switches to the third-party track when someone else answers: reminder first, debt never shown', () => {
    let s = run(usStart(), confirm(2), { type: 'switchToThirdParty', at: at(6) });
    let v = view(s);
    expect(v.party).toBe('third_party');
    expect(v.masked).toBe(true);
    expect(v.track.kind).toBe('third-party');
    expect(v.step).toMatchObject({ id: 'system:third_party_identity', kind: 'reminder', required: true, source: '12 CFR 1006.10(b)(1)–(2)' });
    expect(advance(s, { type: 'skip', at: at(7) }).rejected?.code).toBe('requiredStep');
    s = run(s, confirm(8));
    v = view(s);
    expect(v.step?.text).toBe('Hi, my name is Sam Lee. I’m trying to reach Maria Rivera. Would you know how I could get in touch with them?');
    expect(v.actions).not.toContain('switchToThirdParty');
    s = run(s, { type: 'answer', at: at(10), digit: 1 }, confirm(12), confirm(13));
    v = view(s);
    expect(v.ended?.outcome).toBe('third_party_reached');
    const text = JSON.stringify(v);
    expect(usDebtTexts.filter((t) => text.includes(t))).toEqual([]);
    expect(loggedSteps(s).map((x) => x.stepId)).toEqual([
      'system:recording_notice', 'switch:third_party', 'system:third_party_identity',
      'demo-en-third-party:ask_for', 'demo-en-third-party:message', 'demo-en-third-party:end_reached',
    ]);
  });

  it('gives the opening disclosures still owed before the third-party reminder', () => {
    const s = run(usStart(), { type: 'switchToThirdParty', at: at(1) });
    expect(view(s).step?.id).toBe('system:recording_notice');
  });

  it('masks the debt again when a verified debtor hands the phone to someone else', () => {
    const s = run(usVerified(), confirm(12), { type: 'switchToThirdParty', at: at(14) });
    const v = view(s);
    expect(v.masked).toBe(true);
    expect(v.details).toBeNull();
    expect(usDebtTexts.filter((t) => JSON.stringify(v).includes(t))).toEqual([]);
  });

  it('switches a cn call to the Chinese third-party track with the no-debt reminder', () => {
    const s = run(cnStart(), confirm(3), { type: 'verify', at: at(6), check: 'fullName', passed: false }, { type: 'switchToThirdParty', at: at(8) });
    const v = view(s);
    expect(v.step).toMatchObject({ id: 'system:third_party_no_debt', source: 'NIFA convention (2018) arts. 13, 14, 18' });
    expect(v.step?.text).toContain('不得透露债务');
  });

  it('starts a third-party track directly without verification, masked throughout', () => {
    let s = start(enThirdParty, usContext, usRegf, { now: T0 });
    expect(view(s)).toMatchObject({ party: 'third_party', masked: true, verification: null });
    s = run(s, confirm(1), confirm(2));
    expect(view(s).step?.id).toBe('ask_for');
  });

  it('refuses the switch when no third-party track was given', () => {
    const s = start(demoTrack('early-overdue', 'en'), usContext, usRegf, { now: T0 });
    expect(advance(s, { type: 'switchToThirdParty', at: at(1) }).rejected?.code).toBe('noThirdPartyTrack');
    expect(view(s).actions).not.toContain('switchToThirdParty');
  });
});

describe('start', () => {
  it('refuses a track written for another pack', () => {
    expect(() => start(demoTrack('early-overdue', 'zh-CN'), cnContext, usRegf, { now: T0 })).toThrow(RangeError);
  });

  it('shows field credentials first on a cn field visit', () => {
    const s = start(demoTrack('field-visit', 'zh-CN'), cnContext, cn, { now: T0 });
    expect(view(s).step).toMatchObject({ id: 'system:field_credentials', source: 'NIFA convention (2018) art. 15; CBA guideline (2026) art. 22' });
  });

  it('gives no recording notice on a US field visit, but still the mini-Miranda', () => {
    let s = start(demoTrack('field-visit', 'en'), usContext, usRegf, { now: T0 });
    expect(view(s).phase).toBe('verification');
    s = run(s, { type: 'verify', at: at(1), check: 'fullName', passed: true }, { type: 'verify', at: at(2), check: 'dateOfBirth', answer: '1985-04-12' });
    expect(view(s).step?.id).toBe('system:mini_miranda');
  });

  it('keeps states as plain data', () => {
    const s = run(usVerified(), confirm(12));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
