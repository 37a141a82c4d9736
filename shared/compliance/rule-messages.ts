// A compliance reason in words, for those who see it after the fact (the team lead's board):
// the engine's own messages (messages.ts), from the message key and parameters the console
// logged with the decision, or, when only a rule id was kept (an override, a violation found on
// arrival, a decision logged before keys were), from the rule's message with its details left
// out.
import { MESSAGES, type MessageKey, type MessageLanguage, formatMessage } from './messages';
import { PACKS } from './packs';

/** Reasons the rule families give under ids the packs do not list as data. */
const FIXED: Record<string, MessageKey> = {
  'cn.connected_calls_per_day': 'connectedPerDay',
  'cn.unanswered_attempts_per_number_per_day': 'unansweredPerNumber',
  'cn.third_party.purpose': 'thirdPartyPurpose',
  'cn.third_party.declined': 'thirdPartyDeclined',
  'cn.third_party.debtor_reachable': 'thirdPartyDebtorReachable',
  'cn.visit.collectors': 'visitCollectors',
  'us.frequency.calls_per_7_days': 'sevenInSeven',
  'us.frequency.days_after_conversation': 'afterConversation',
  'us.third_party.purpose': 'thirdPartyPurpose',
  'us.third_party.declined': 'thirdPartyDeclined',
  'us.third_party.once': 'thirdPartyOnce',
  'us.warn.unanswered_same_number': 'warnUnansweredSameNumber',
  'us.warn.calls_per_day': 'warnCallsPerDay',
  'us.warn.voicemails_per_day': 'warnVoicemailsPerDay',
  'us.inconvenient_time': 'namedInconvenientTime',
  'us.workplace': 'workplaceProhibited',
  'org.blocked_date': 'blockedDate',
  'console.compliance_stale': 'complianceStale',
};

const BY_RULE: ReadonlyMap<string, MessageKey> = new Map<string, MessageKey>([
  ...Object.values(PACKS).flatMap((pack) => [
    ...pack.windows.map((w) => [w.id, w.messageKey] as const),
    ...pack.holds.map((h) => [h.rule, `hold.${h.kind}` as MessageKey] as const),
  ]),
  ...Object.entries(FIXED),
]);

export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(MESSAGES, key);

/** The message a rule's reasons are worded with; a violation's rule (`hold.cease`) is its own key. */
export function ruleMessageKey(rule: string): MessageKey | undefined {
  return BY_RULE.get(rule) ?? (isMessageKey(rule) ? rule : undefined);
}

/**
 * A message without its details: bracketed parts that hold a detail are dropped, any other
 * detail becomes "…". "The person asked the collector to cease communication (since {{since}})"
 * reads "The person asked the collector to cease communication"; a trailing ": {{detail}}" goes.
 */
export function messageWithoutDetails(key: MessageKey, language: MessageLanguage): string {
  return MESSAGES[key][language]
    .replace(/\[\[.*?\]\]/g, '')
    .replace(/\s*[(（][^()（）]*\{\{\w+\}\}[^()（）]*[)）]/g, '')
    .replace(/\{\{\w+\}\}/g, '…')
    .replace(/…(\s*…)+/g, '…')
    .replace(/\s*[:：]\s*…$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface ReasonLike { rule: string; messageKey?: string | undefined; params?: Record<string, string | number> | undefined }

/**
 * A reason in words, in `language`: its message with its parameters when they were logged
 * (`readable` turns instants and dates into the reader's format), its rule's message without
 * details otherwise, and the rule id itself only when no message is known for it.
 */
export function reasonInWords(
  reason: ReasonLike, language: MessageLanguage, readable: (params: Record<string, string | number>) => Record<string, string | number> = (p) => p,
): string {
  if (reason.messageKey !== undefined && isMessageKey(reason.messageKey) && reason.params) {
    return formatMessage(reason.messageKey, readable(reason.params), language);
  }
  const key = reason.messageKey !== undefined && isMessageKey(reason.messageKey) ? reason.messageKey : ruleMessageKey(reason.rule);
  return key ? messageWithoutDetails(key, language) : reason.rule;
}
