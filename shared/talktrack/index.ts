// Public surface of the talk-track engine. Pure: no I/O, the clock is an argument.
export {
  TalkTrack,
  Step,
  SayStep,
  QuestionStep,
  EndStep,
  Answer,
  TrackKind,
  TrackLocale,
  TrackPack,
  StepId,
  talkTrackJsonSchema,
  talkTrackJsonSchemaText,
  type TalkTrackInput,
  type StepInput,
} from './schema';
export { importTalkTrack, replaceTalkTrack, selectTalkTrack, type ImportResult, type ImportError, type ImportErrorCode } from './import';
export {
  start,
  advance,
  view,
  loggedSteps,
  unconfirmedRequired,
  type CallState,
  type CallAction,
  type ActionType,
  type CallView,
  type ViewStep,
  type VerificationView,
  type VerificationCheckView,
  type DebtDetails,
  type StepRecord,
  type Rejection,
  type Party,
  type Phase,
  type StartOptions,
} from './engine';
export { VARIABLES, VARIABLE_NAMES, isVariableName, isDebtVariable, variableValues, render, MASK, type CallContext, type VariableName, type VariableValues } from './variables';
export { VERIFICATION, verificationStatus, matchesIdentity, compareAnswer, onFileKind, checksOf, type IdentityCheck, type IdentityRecord, type OnFileKind, type Comparison, type VerificationPolicy, type VerificationStatus } from './verification';
export { requiredSteps, ALL_PARTY_CONSENT_STATES, type SystemStep, type SystemPhase, type DisclosureOptions } from './disclosures';
export { talktrackMessages, formatTalktrackMessage, type TalktrackMessageKey } from './messages';
export { DEMO_TRACKS, demoTrack } from './demo';
