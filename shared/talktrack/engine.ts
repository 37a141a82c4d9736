// The talk-track engine: a pure state machine the console drives while a call is live.
//
//   start(track, context, pack, { now })  → state
//   advance(state, action)                → state (unchanged but for `rejected` when refused)
//   view(state)                           → what the agent sees now
//
// Every call is "party first": the pack's opening disclosures, then right-party verification
// with the pack's identity checks; only a verified debtor hears the debt disclosures and the
// track, and until then view() carries no debt detail (`masked: true`). A failed check offers a
// retry or the third-party track (location or message only, never the debt). Required steps —
// the pack's disclosures and the track's own `required` steps — cannot be skipped: the action is
// refused with a reason. Each confirmed step is recorded with its offset from the call start so
// the console can log it (CallOutcomeLog.steps). States are plain data (JSON-serialisable).
import type { PackData } from '../compliance/pack';
import type { OutcomeCode } from '../wrapup/outcomes';
import type { Params } from '../wrapup/catalogue';
import { requiredSteps, type DisclosureOptions, type SystemStep } from './disclosures';
import { answerDigits, successors } from './import';
import { formatTalktrackMessage, type TalktrackMessageKey } from './messages';
import type { Step, TalkTrack, TrackKind, TrackLocale } from './schema';
import { render, variableValues, type CallContext, type VariableName, type VariableValues } from './variables';
import { checksOf, compareAnswer, onFileKind, onFileText, verificationStatus, VERIFICATION, type IdentityCheck, type IdentityRecord, type OnFileKind, type VerificationPolicy, type VerificationStatus } from './verification';

export type Party = 'unverified' | 'debtor' | 'third_party';
export type Phase = 'opening' | 'verification' | 'disclosures' | 'track' | 'ended';

export type CallAction =
  | { type: 'confirm'; at: number }
  | { type: 'skip'; at: number }
  | { type: 'answer'; at: number; digit: number }
  /**
   * An identity check's result: `answer` (what the person said, compared by the engine),
   * `passed` (the agent's judgement, only for a record the agent can see; `false` for any record),
   * or `notOnFile` (nothing on file to compare: recorded, never counts as verified).
   */
  | { type: 'verify'; at: number; check: IdentityCheck; passed?: boolean; answer?: string; notOnFile?: boolean }
  | { type: 'retryVerification'; at: number }
  | { type: 'switchToThirdParty'; at: number }
  | { type: 'back'; at: number }
  | { type: 'end'; at: number; outcome?: OutcomeCode };

export type ActionType = CallAction['type'];

export interface StepRecord {
  /** `system:<id>` for the pack's steps, `verify:<check>`, `switch:third_party`, or the track step id (`<trackId>:<id>` in the third-party track). */
  stepId: string;
  /** Milliseconds from the call start. */
  atMs: number;
  action: 'confirmed' | 'skipped' | 'answered' | 'verified' | 'notOnFile' | 'switched' | 'ended';
  digit?: number;
  passed?: boolean;
}

export interface Rejection {
  action: ActionType;
  code: 'requiredStep' | 'answerRequired' | 'unknownAnswer' | 'verifyFirst' | 'checkNotAsked' | 'checkNeedsResult' | 'checkNotOnFile' | 'checkIsOnFile' | 'checkNeedsAnswer' | 'unreadableAnswer' | 'verificationNotFailed' | 'noRetriesLeft' | 'alreadyThirdParty' | 'noThirdPartyTrack' | 'nothingToGoBackTo' | 'ended' | 'notNow';
  messageKey: TalktrackMessageKey;
  params: Params;
}

export interface CallState {
  readonly startedAt: number;
  readonly packId: string;
  readonly locale: TrackLocale;
  readonly values: VariableValues;
  readonly identity: Readonly<IdentityRecord>;
  readonly policy: VerificationPolicy;
  readonly mainTrack: TalkTrack;
  readonly thirdPartyTrack: TalkTrack | null;
  /** The track followed now (the third-party track once switched). */
  readonly track: TalkTrack;
  readonly party: Party;
  readonly phase: Phase;
  /** Every required step of this call under the pack. */
  readonly system: readonly SystemStep[];
  /** System steps still to confirm before the next phase (the first is current). */
  readonly pending: readonly SystemStep[];
  /** The current track step (phase `track`). */
  readonly stepId: string | null;
  /** Track steps visited in the current track, for `back`. */
  readonly path: readonly string[];
  readonly verification: {
    readonly status: VerificationStatus;
    readonly attempts: number;
    readonly checks: Readonly<Partial<Record<IdentityCheck, boolean>>>;
    /** Checks recorded as nothing on file (kept across a retry: the record does not change). Absent from states before it. */
    readonly notOnFile?: readonly IdentityCheck[];
  };
  readonly records: readonly StepRecord[];
  readonly ended: { readonly atMs: number; readonly outcome: OutcomeCode | null; readonly stepId: string | null } | null;
  /** Why the last action was refused (cleared by the next accepted one). */
  readonly rejected: Rejection | null;
}

export interface StartOptions extends DisclosureOptions {
  /** The call start (epoch ms): step times are offsets from it, dates are the debtor's today then. */
  now: number;
  /** The track to follow when a third party answers (kind third-party). */
  thirdPartyTrack?: TalkTrack;
}

/**
 * Start a call on `track` under `pack`. A third-party track starts in third-party mode (no
 * verification, debt masked throughout). Throws RangeError when the track is written for
 * another pack, the pack has no call policy, or `thirdPartyTrack` is not a third-party track.
 */
export function start(track: TalkTrack, context: CallContext, pack: Pick<PackData, 'id' | 'disclosures'>, options: StartOptions): CallState {
  if (track.pack !== 'any' && track.pack !== pack.id) throw new RangeError(`track ${track.id} is written for pack ${track.pack}, not ${pack.id}`);
  if (pack.id !== 'us-regf' && pack.id !== 'cn') throw new RangeError(`no verification policy for pack ${pack.id}`);
  const thirdPartyTrack = options.thirdPartyTrack ?? null;
  if (thirdPartyTrack && thirdPartyTrack.kind !== 'third-party') throw new RangeError(`track ${thirdPartyTrack.id} is not a third-party track`);
  const system = requiredSteps(pack, track.kind, context.region, options);
  const base: CallState = {
    startedAt: options.now,
    packId: pack.id,
    locale: track.locale,
    values: variableValues(context, track.locale, options.now),
    identity: { ...context.identity, debtorName: context.debtorName },
    policy: VERIFICATION[pack.id],
    mainTrack: track,
    thirdPartyTrack,
    track,
    party: track.kind === 'third-party' ? 'third_party' : 'unverified',
    phase: 'opening',
    system,
    pending: system.filter((s) => s.phase === 'opening' || (track.kind === 'third-party' && s.phase === 'thirdParty')),
    stepId: null,
    path: [],
    verification: { status: 'pending', attempts: 0, checks: {}, notOnFile: [] },
    records: [],
    ended: null,
    rejected: null,
  };
  return base.pending.length > 0 ? base : afterSystemSteps(base);
}

/** Apply one action. A refused action returns the state unchanged but for `rejected`. */
export function advance(state: CallState, action: CallAction): CallState {
  if (state.phase === 'ended') return reject(state, action, 'ended', 'talktrack.reject.ended', {});
  const s: CallState = state.rejected ? { ...state, rejected: null } : state;
  switch (action.type) {
    case 'confirm':
      return confirm(s, action);
    case 'skip':
      return skip(s, action);
    case 'answer':
      return answer(s, action);
    case 'verify':
      return verify(s, action);
    case 'retryVerification':
      return retry(s, action);
    case 'switchToThirdParty':
      return switchToThirdParty(s, action);
    case 'back':
      return back(s, action);
    case 'end':
      return end(s, action, action.outcome ?? null);
  }
}

function offset(state: CallState, at: number): number {
  return Math.max(0, Math.round(at - state.startedAt));
}

function record(state: CallState, at: number, entry: Omit<StepRecord, 'atMs'>): CallState {
  return { ...state, records: [...state.records, { ...entry, atMs: offset(state, at) }] };
}

function reject(state: CallState, action: CallAction, code: Rejection['code'], messageKey: TalktrackMessageKey, params: Params): CallState {
  return { ...state, rejected: { action: action.type, code, messageKey, params } };
}

const notNow = (state: CallState, action: CallAction) => reject(state, action, 'notNow', 'talktrack.reject.notNow', { action: action.type });

function currentStep(state: CallState): Step | undefined {
  return state.stepId === null ? undefined : state.track.steps.find((s) => s.id === state.stepId);
}

/** How a track step is logged: its id, qualified by the track when it is not the main one. */
function trackStepId(state: CallState, stepId: string): string {
  return state.track === state.mainTrack ? stepId : `${state.track.id}:${stepId}`;
}

function enterTrack(state: CallState): CallState {
  const first = state.track.start ?? state.track.steps[0]!.id;
  return { ...state, phase: 'track', pending: [], stepId: first, path: [first] };
}

/** Where the call goes once the pending system steps are all confirmed. */
function afterSystemSteps(state: CallState): CallState {
  if (state.party === 'unverified') return { ...state, phase: 'verification', pending: [] };
  return enterTrack(state);
}

function moveTo(state: CallState, stepId: string): CallState {
  return { ...state, stepId, path: [...state.path, stepId] };
}

function nextOf(state: CallState, step: Step): string | undefined {
  const i = state.track.steps.indexOf(step);
  return successors(state.track, i)[0];
}

function confirm(state: CallState, action: Extract<CallAction, { type: 'confirm' }>): CallState {
  if (state.phase === 'opening' || state.phase === 'disclosures') {
    const [head, ...rest] = state.pending;
    const s = record({ ...state, pending: rest }, action.at, { stepId: `system:${head!.id}`, action: 'confirmed' });
    return rest.length > 0 ? s : afterSystemSteps(s);
  }
  if (state.phase === 'verification') return reject(state, action, 'verifyFirst', 'talktrack.reject.verifyFirst', {});
  const step = currentStep(state)!;
  if (step.type === 'question') return reject(state, action, 'answerRequired', 'talktrack.reject.answerRequired', { step: step.id });
  const s = record(state, action.at, { stepId: trackStepId(state, step.id), action: 'confirmed' });
  if (step.type === 'end') return end(s, action, step.outcome);
  return moveTo(s, nextOf(state, step)!);
}

function skip(state: CallState, action: Extract<CallAction, { type: 'skip' }>): CallState {
  if (state.phase === 'opening' || state.phase === 'disclosures') {
    const head = state.pending[0]!;
    return reject(state, action, 'requiredStep', 'talktrack.reject.requiredStep', { step: `system:${head.id}`, source: head.source });
  }
  if (state.phase === 'verification') return reject(state, action, 'verifyFirst', 'talktrack.reject.verifyFirst', {});
  const step = currentStep(state)!;
  if (step.type === 'question') return reject(state, action, 'answerRequired', 'talktrack.reject.answerRequired', { step: step.id });
  if (step.type === 'end') return notNow(state, action);
  if (step.required)
    return reject(state, action, 'requiredStep', 'talktrack.reject.requiredStep', { step: step.id, source: `${state.track.id} v${state.track.version}` });
  return moveTo(record(state, action.at, { stepId: trackStepId(state, step.id), action: 'skipped' }), nextOf(state, step)!);
}

function answer(state: CallState, action: Extract<CallAction, { type: 'answer' }>): CallState {
  if (state.phase === 'verification') return reject(state, action, 'verifyFirst', 'talktrack.reject.verifyFirst', {});
  const step = currentStep(state);
  if (state.phase !== 'track' || step?.type !== 'question') return notNow(state, action);
  const k = answerDigits(step).indexOf(action.digit);
  if (k === -1) return reject(state, action, 'unknownAnswer', 'talktrack.reject.unknownAnswer', { step: step.id, digit: action.digit });
  const s = record(state, action.at, { stepId: trackStepId(state, step.id), action: 'answered', digit: action.digit });
  return moveTo(s, step.answers[k]!.next);
}

function verify(state: CallState, action: Extract<CallAction, { type: 'verify' }>): CallState {
  if (state.phase !== 'verification' || state.verification.status !== 'pending') return notNow(state, action);
  const { check } = action;
  if (!checksOf(state.policy).includes(check)) return reject(state, action, 'checkNotAsked', 'talktrack.reject.checkNotAsked', { check });
  // A check is confirmed only against a record; without one it is recorded as such and never verifies.
  const kind = onFileKind(check, state.identity);
  const notOnFile = state.verification.notOnFile ?? [];
  if (action.notOnFile) {
    if (kind !== 'none') return reject(state, action, 'checkIsOnFile', 'talktrack.reject.checkIsOnFile', { check });
    if (notOnFile.includes(check)) return notNow(state, action);
    return record({ ...state, verification: { ...state.verification, notOnFile: [...notOnFile, check] } }, action.at, { stepId: `verify:${check}`, action: 'notOnFile' });
  }
  if (kind === 'none') return reject(state, action, 'checkNotOnFile', 'talktrack.reject.checkNotOnFile', { check });
  let passed = action.passed;
  if (passed === true && kind === 'hidden') return reject(state, action, 'checkNeedsAnswer', 'talktrack.reject.checkNeedsAnswer', { check });
  if (passed === undefined && action.answer !== undefined) {
    const compared = compareAnswer(check, action.answer, state.identity, state.locale);
    if (compared === 'unreadable') {
      return reject(state, action, 'unreadableAnswer', check === 'dateOfBirth' ? 'talktrack.reject.unreadableDate' : 'talktrack.reject.unreadableLast4', { check });
    }
    passed = compared === 'match';
  }
  if (passed === undefined) return reject(state, action, 'checkNeedsResult', 'talktrack.reject.checkNeedsResult', { check });
  const checks = { ...state.verification.checks, [check]: passed };
  const status = verificationStatus(state.policy, checks);
  const attempts = state.verification.attempts + (status === 'failed' ? 1 : 0);
  const s = record({ ...state, verification: { status, attempts, checks, notOnFile } }, action.at, { stepId: `verify:${check}`, action: 'verified', passed });
  if (status !== 'passed') return s;
  const pending = state.system.filter((x) => x.phase === 'afterVerification');
  const verified: CallState = { ...s, party: 'debtor', phase: 'disclosures', pending };
  return pending.length > 0 ? verified : enterTrack(verified);
}

function retry(state: CallState, action: Extract<CallAction, { type: 'retryVerification' }>): CallState {
  if (state.phase !== 'verification') return notNow(state, action);
  if (state.verification.status !== 'failed') return reject(state, action, 'verificationNotFailed', 'talktrack.reject.verificationNotFailed', {});
  if (state.verification.attempts >= state.policy.maxAttempts) return reject(state, action, 'noRetriesLeft', 'talktrack.reject.noRetriesLeft', {});
  return { ...state, verification: { status: 'pending', attempts: state.verification.attempts, checks: {}, notOnFile: state.verification.notOnFile ?? [] } };
}

function switchToThirdParty(state: CallState, action: Extract<CallAction, { type: 'switchToThirdParty' }>): CallState {
  if (state.party === 'third_party') return reject(state, action, 'alreadyThirdParty', 'talktrack.reject.alreadyThirdParty', {});
  if (!state.thirdPartyTrack) return reject(state, action, 'noThirdPartyTrack', 'talktrack.reject.noThirdPartyTrack', {});
  // Opening disclosures not yet given are owed to whoever is on the line; then the third-party reminders.
  const openingLeft = state.phase === 'opening' ? state.pending : [];
  const pending = [...openingLeft, ...state.system.filter((x) => x.phase === 'thirdParty')];
  const s = record(
    { ...state, party: 'third_party', track: state.thirdPartyTrack, phase: 'disclosures', pending, stepId: null, path: [] },
    action.at,
    { stepId: 'switch:third_party', action: 'switched' },
  );
  return pending.length > 0 ? s : enterTrack(s);
}

function back(state: CallState, action: Extract<CallAction, { type: 'back' }>): CallState {
  if (state.phase !== 'track' || state.path.length < 2) return reject(state, action, 'nothingToGoBackTo', 'talktrack.reject.nothingToGoBackTo', {});
  const path = state.path.slice(0, -1);
  return { ...state, path, stepId: path[path.length - 1]! };
}

function end(state: CallState, action: CallAction, outcome: OutcomeCode | null): CallState {
  const step = currentStep(state);
  const suggested = outcome ?? (step?.type === 'end' ? step.outcome : null);
  const s = record(state, action.at, { stepId: step ? trackStepId(state, step.id) : `phase:${state.phase}`, action: 'ended' });
  return { ...s, phase: 'ended', pending: [], ended: { atMs: offset(state, action.at), outcome: suggested, stepId: step?.id ?? null } };
}

// ---------------------------------------------------------------------------------------------
// The view

export interface ViewStep {
  id: string;
  kind: 'say' | 'question' | 'end' | 'disclosure' | 'reminder';
  /** The words to say (or the reminder), variables filled in the call's language. */
  text: string;
  hint: string | null;
  required: boolean;
  /** Where a required system step comes from. */
  source: string | null;
  answers: { digit: number; label: string }[];
  /** The outcome an end step suggests. */
  outcome: OutcomeCode | null;
  /** Variables the text needs that the account does not have. */
  missing: VariableName[];
}

export interface VerificationCheckView {
  check: IdentityCheck;
  labelKey: TalktrackMessageKey;
  /** What to ask, in the call's language. */
  prompt: string;
  /** `shown`: the agent compares with `expected`; `hidden`: the agent types the answer and the engine compares; `none`: nothing on file. */
  onFile: OnFileKind;
  /** What the agent sees of the record (identity data only, never the debt): the value when shown, a masked hint when hidden, null when none. */
  expected: string | null;
  required: boolean;
  /** `notOnFile`: recorded as nothing on file to compare (never counts as verified). */
  result: 'pending' | 'passed' | 'failed' | 'notOnFile';
}

export interface VerificationView {
  status: VerificationStatus;
  attempts: number;
  attemptsLeft: number;
  /** Every required check, plus at least one of the others. */
  rule: { required: IdentityCheck[]; oneOf: IdentityCheck[] };
  checks: VerificationCheckView[];
  /** Nothing left on file that could verify the person (a required check, or every one of `oneOf`, is not on file). */
  cannotVerify: boolean;
  source: string;
}

/** Account details for a verified debtor, formatted for the call's language. */
export type DebtDetails = Partial<Record<'lender' | 'product' | 'accountRef' | 'amountDue' | 'balance' | 'dueDate' | 'daysPastDue' | 'daysUntilDue' | 'dueToday', string>>;

export interface CallView {
  track: { id: string; version: number; title: string; kind: TrackKind; locale: TrackLocale };
  phase: Phase;
  party: Party;
  /** True until the right party is verified, and for good once a third party is on the line: no debt detail in this view. */
  masked: boolean;
  step: ViewStep | null;
  verification: VerificationView | null;
  /** The actions the engine would accept now. */
  actions: ActionType[];
  /** Only for a verified debtor. */
  details: DebtDetails | null;
  records: readonly StepRecord[];
  rejected: (Rejection & { message: string }) | null;
  ended: CallState['ended'];
  suggestedOutcome: OutcomeCode | null;
}

const DEBT_DETAILS = ['lender', 'product', 'accountRef', 'amountDue', 'balance', 'dueDate', 'daysPastDue', 'daysUntilDue'] as const;

/**
 * The debt's facts for a verified debtor. Of the two day counts only the one that applies shows
 * (no "Days until due 0" on a debt long overdue); on the due day the due date reads "Due today".
 */
function debtDetails(state: CallState): DebtDetails {
  const zero = new Intl.NumberFormat(state.locale).format(0);
  const { daysPastDue, daysUntilDue, dueDate } = state.values;
  const dueToday = dueDate !== undefined && daysPastDue === zero && daysUntilDue === zero;
  const details: DebtDetails = {};
  for (const k of DEBT_DETAILS) {
    const value = state.values[k];
    if (value === undefined) continue;
    if ((k === 'daysPastDue' || k === 'daysUntilDue') && value === zero) continue;
    if (k === 'dueDate' && dueToday) details.dueToday = value;
    else details[k] = value;
  }
  return details;
}

/** What the agent sees now. Pure; call it after every advance. */
export function view(state: CallState): CallView {
  const masked = state.party !== 'debtor';
  const msg = (key: TalktrackMessageKey) => render(formatTalktrackMessage(key, {}, state.locale), state.values, masked);
  let step: ViewStep | null = null;
  const head = state.pending[0];
  if ((state.phase === 'opening' || state.phase === 'disclosures') && head) {
    const r = msg(head.textKey);
    step = { id: `system:${head.id}`, kind: head.kind, text: r.text, hint: null, required: true, source: head.source, answers: [], outcome: null, missing: r.missing };
  } else if (state.phase === 'track' || (state.phase === 'ended' && state.stepId !== null)) {
    const s = currentStep(state);
    if (s) step = trackStepView(state, s, masked);
  }
  const suggestedOutcome = state.ended?.outcome ?? (step?.kind === 'end' ? step.outcome : null);
  const details = masked ? null : debtDetails(state);
  return {
    track: { id: state.track.id, version: state.track.version, title: state.track.title, kind: state.track.kind, locale: state.track.locale },
    phase: state.phase,
    party: state.party,
    masked,
    step,
    verification: state.party === 'third_party' ? null : verificationView(state),
    actions: allowedActions(state),
    details,
    records: state.records,
    rejected: state.rejected ? { ...state.rejected, message: formatTalktrackMessage(state.rejected.messageKey, state.rejected.params, state.locale) } : null,
    ended: state.ended,
    suggestedOutcome,
  };
}

function trackStepView(state: CallState, step: Step, masked: boolean): ViewStep {
  const missing: VariableName[] = [];
  const fill = (text: string) => {
    const r = render(text, state.values, masked);
    missing.push(...r.missing);
    return r.text;
  };
  return {
    id: step.id,
    kind: step.type,
    text: step.text === undefined ? '' : fill(step.text),
    hint: step.hint === undefined ? null : fill(step.hint),
    required: step.type === 'say' ? step.required : step.type === 'question',
    source: null,
    answers: step.type === 'question' ? answerDigits(step).map((digit, k) => ({ digit, label: fill(step.answers[k]!.label) })) : [],
    outcome: step.type === 'end' ? step.outcome : null,
    missing: [...new Set(missing)],
  };
}

const CHECK_KEYS: Record<IdentityCheck, { label: TalktrackMessageKey; prompt: TalktrackMessageKey }> = {
  fullName: { label: 'talktrack.verify.check.fullName.label', prompt: 'talktrack.verify.check.fullName.prompt' },
  dateOfBirth: { label: 'talktrack.verify.check.dateOfBirth.label', prompt: 'talktrack.verify.check.dateOfBirth.prompt' },
  ssnLast4: { label: 'talktrack.verify.check.ssnLast4.label', prompt: 'talktrack.verify.check.ssnLast4.prompt' },
  address: { label: 'talktrack.verify.check.address.label', prompt: 'talktrack.verify.check.address.prompt' },
  idLast4: { label: 'talktrack.verify.check.idLast4.label', prompt: 'talktrack.verify.check.idLast4.prompt' },
};

function verificationView(state: CallState): VerificationView {
  const { policy, verification } = state;
  const notOnFile = verification.notOnFile ?? [];
  const unavailable = (c: IdentityCheck) => notOnFile.includes(c) || onFileKind(c, state.identity) === 'none';
  return {
    status: verification.status,
    attempts: verification.attempts,
    attemptsLeft: Math.max(0, policy.maxAttempts - verification.attempts),
    rule: { required: [...policy.required], oneOf: [...policy.oneOf] },
    checks: checksOf(policy).map((check) => {
      const r = verification.checks[check];
      return {
        check,
        labelKey: CHECK_KEYS[check].label,
        prompt: render(formatTalktrackMessage(CHECK_KEYS[check].prompt, {}, state.locale), state.values, true).text,
        onFile: onFileKind(check, state.identity),
        expected: onFileText(check, state.identity, state.locale),
        required: policy.required.includes(check),
        result: notOnFile.includes(check) ? 'notOnFile' : r === undefined ? 'pending' : r ? 'passed' : 'failed',
      };
    }),
    cannotVerify: policy.required.some(unavailable) || (policy.oneOf.length > 0 && policy.oneOf.every(unavailable)),
    source: policy.source,
  };
}

function allowedActions(state: CallState): ActionType[] {
  if (state.phase === 'ended') return [];
  const actions: ActionType[] = [];
  const canSwitch = state.party !== 'third_party' && state.thirdPartyTrack !== null;
  if (state.phase === 'opening' || state.phase === 'disclosures') actions.push('confirm');
  else if (state.phase === 'verification') {
    if (state.verification.status === 'pending') actions.push('verify');
    else if (state.verification.status === 'failed' && state.verification.attempts < state.policy.maxAttempts) actions.push('retryVerification');
  } else {
    const step = currentStep(state);
    if (step?.type === 'question') actions.push('answer');
    else actions.push('confirm');
    if (step?.type === 'say' && !step.required) actions.push('skip');
    if (state.path.length > 1) actions.push('back');
  }
  if (canSwitch) actions.push('switchToThirdParty');
  actions.push('end');
  return actions;
}

/**
 * The confirmed steps in CallOutcomeLog's shape, in order: an identity check with whether it
 * passed (or that nothing was on file to compare), a question with its answer's digit.
 */
export function loggedSteps(state: CallState): { stepId: string; atMs: number; passed?: boolean; digit?: number; result?: 'not_on_file' }[] {
  return state.records.filter((r) => r.action !== 'ended').map((r) => ({
    stepId: r.stepId, atMs: r.atMs,
    ...(r.action === 'verified' && r.passed !== undefined ? { passed: r.passed } : {}),
    ...(r.action === 'notOnFile' ? { result: 'not_on_file' as const } : {}),
    ...(r.action === 'answered' && r.digit !== undefined ? { digit: r.digit } : {}),
  }));
}

/** The pack's required steps that applied to this call and were never confirmed (for review). */
export function unconfirmedRequired(state: CallState): SystemStep[] {
  const confirmed = new Set(state.records.filter((r) => r.action === 'confirmed').map((r) => r.stepId));
  return state.system.filter((s) => {
    if (confirmed.has(`system:${s.id}`)) return false;
    if (s.phase === 'opening') return true;
    if (s.phase === 'afterVerification') return state.party === 'debtor' || state.verification.status === 'passed';
    return state.party === 'third_party';
  });
}
