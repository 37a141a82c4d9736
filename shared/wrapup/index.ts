// Public surface of the wrap-up engine. Pure: no I/O, the clock and the debtor's zone are arguments.
export {
  OutcomeCode,
  OUTCOME_RULES,
  outcomeRule,
  outcomesFor,
  outcomeForKey,
  holdFor,
  isOutcomeCode,
  type Outcome,
  type OutcomeRule,
  type OutcomeField,
  type ContactParty,
} from './outcomes';
export {
  validatePromise,
  promiseStatus,
  promiseDeadline,
  DEFAULT_PROMISE_LIMITS,
  type PromiseToPay,
  type PromiseLimits,
  type PromiseCheck,
  type PromiseStatus,
  type Payment,
} from './promise';
export {
  planInstalments,
  instalmentDates,
  validatePlan,
  PlanFrequency,
  DEFAULT_PLAN_LIMITS,
  type PlanInput,
  type PlanLimits,
  type PlanCheck,
  type PlanResult,
  type Instalment,
} from './plan';
export {
  validateCallback,
  DEFAULT_CALLBACK_LIMITS,
  type CallbackInput,
  type CallbackLimits,
  type CallbackCheck,
  type CallbackGate,
  type CallbackGateAnswer,
  type ScheduledCallback,
} from './callback';
export { validateWrapUp, DEFAULT_WRAPUP_LIMITS, type WrapUpInput, type WrapUpLimits, type WrapUpCheck, type WrapUp } from './wrapup';
export { type FieldError, type Validation } from './errors';
export {
  checkNote,
  mergePhraseLists,
  DEFAULT_PHRASE_LISTS,
  PhraseCategory,
  PhraseEntry,
  PhraseList,
  type PhraseFlag,
} from './phrases';
export { wrapupMessages, formatWrapupMessage, formatWrapupError, type WrapupMessageKey } from './messages';
export { formatMoney, formatIsoDate, formatInstant, minorDigits } from './format';
