// Public surface of the compliance engine. Pure: no I/O, the clock is an argument.
export { evaluate, evaluateEach, untilOpen, type Closed, type Decision, type DecisionKind } from './evaluate';
export { audit, attemptOf, factsKnownAt, type AuditFinding } from './audit';
export { tighten, PackOverrides, LooseningOverrideError } from './tighten';
export { PACKS, isPackId, packIdForCountry, usRegf, cn, type PackId } from './packs';
export { MESSAGES, formatMessage, readParam, sourceText, type MessageKey, type MessageLanguage } from './messages';
export { addressLocations, phoneLocations, type Location } from './locations';
export type { Pack, PackData, OrganisationRole, StateOverlay, ContactCap, Reason, Severity, WindowRule, CapSetting, HoldPolicy, Disclosure, BlockedDate } from './pack';
export {
  Attempt,
  Channel,
  Contact,
  ContactResult,
  Debtor,
  ThirdParty,
  referenceIssues,
  Facts,
  FactsDocument,
  HoldKind,
  PartyRole,
  describeIssues,
  type FactsInput,
  type FactsDocumentInput,
} from './facts';
