// Wrap-up outcomes: what happened on a call, in the terms the console logs (CallOutcomeLog in
// shared/domain/events.ts), the compliance engine counts (ContactResult in
// shared/compliance/facts.ts) and the pack turns into holds (PackData.outcomeHolds).
//
// The hold an outcome sets is read from the pack, never from this table: the pack (and an
// organisation's tightening of it) is the one place that says "a cease request places a cease
// hold". The console files that hold when the outcome is logged, at once, before sync.
import { z } from 'zod';
import type { ContactResult, HoldKind } from '../compliance/facts';
import type { PackData } from '../compliance/pack';

export const OutcomeCode = z.enum([
  'right_party_contact',
  'promise_to_pay',
  'payment_plan',
  'extension_request',
  'dispute',
  'refusal',
  'cease_request',
  'stop_calling_this_number',
  'wrong_number',
  'third_party_reached',
  'no_answer',
  'voicemail',
  'limited_content_message',
  'busy',
  'not_in_service',
  'callback_requested',
  'deceased',
  'bankruptcy',
  'attorney_representation',
]);
export type OutcomeCode = z.infer<typeof OutcomeCode>;

/** A wrap-up field an outcome cannot be logged without. */
export type OutcomeField = 'promise' | 'plan' | 'callback' | 'extensionDate' | 'attorney' | 'note';

/**
 * Who the contact reached, for the compliance history: `debtor` (right party), `third_party`
 * (someone else, including a wrong number: not a conversation with the consumer, so it does not
 * start Regulation F's 7-day pause), `none` (nobody was reached), `any` (whoever told us).
 */
export type ContactParty = 'debtor' | 'third_party' | 'none' | 'any';

export interface OutcomeRule {
  code: OutcomeCode;
  /** What compliance counts the contact as (ContactResult names). */
  contact: ContactResult;
  party: ContactParty;
  /** A conversation with the verified debtor (right-party contact). */
  rightParty: boolean;
  /** Where a hold set by this outcome applies: the whole account or only the number dialled. */
  holdScope: 'account' | 'phone';
  requires: readonly OutcomeField[];
  /** Keyboard shortcut in the wrap-up panel (one lower-case letter, unique). */
  key: string;
  /** Packs offering it (absent: every pack). */
  packs?: readonly string[];
}

const rule = (
  code: OutcomeCode,
  key: string,
  contact: ContactResult,
  party: ContactParty,
  requires: OutcomeField[] = [],
  extra: Partial<Pick<OutcomeRule, 'holdScope' | 'packs'>> = {},
): OutcomeRule => ({ code, key, contact, party, rightParty: party === 'debtor' && contact === 'conversation', holdScope: extra.holdScope ?? 'account', requires, ...(extra.packs ? { packs: extra.packs } : {}) });

/** Every outcome, in the order the wrap-up panel lists them. */
export const OUTCOME_RULES: readonly OutcomeRule[] = [
  rule('right_party_contact', 'r', 'conversation', 'debtor'),
  rule('promise_to_pay', 'p', 'conversation', 'debtor', ['promise']),
  rule('payment_plan', 'l', 'conversation', 'debtor', ['plan']),
  rule('extension_request', 'e', 'conversation', 'debtor', ['extensionDate']),
  rule('dispute', 'd', 'conversation', 'debtor', ['note']),
  rule('refusal', 'f', 'conversation', 'debtor', ['note']),
  // No fields required: a cease request must never be slowed down by a form.
  rule('cease_request', 'c', 'conversation', 'debtor'),
  // Regulation F 1006.14(h): "stop calling this number" is a medium/number opt-out.
  rule('stop_calling_this_number', 's', 'conversation', 'debtor', [], { holdScope: 'phone', packs: ['us-regf'] }),
  // A wrong number stops calls to that number only (the debtor's other numbers stay callable).
  rule('wrong_number', 'w', 'conversation', 'third_party', [], { holdScope: 'phone' }),
  rule('third_party_reached', 't', 'conversation', 'third_party', ['note']),
  rule('no_answer', 'n', 'no_answer', 'none'),
  rule('voicemail', 'v', 'voicemail', 'none'),
  // 12 CFR 1006.2(j): a US concept; the cn pack has no limited-content message.
  rule('limited_content_message', 'm', 'limited_content_message', 'none', [], { packs: ['us-regf'] }),
  rule('busy', 'b', 'busy', 'none'),
  rule('not_in_service', 'o', 'not_in_service', 'none'),
  rule('callback_requested', 'k', 'conversation', 'any', ['callback']),
  rule('deceased', 'x', 'conversation', 'any', ['note']),
  rule('bankruptcy', 'q', 'conversation', 'any', ['note']),
  rule('attorney_representation', 'a', 'conversation', 'any', ['attorney']),
];

const BY_CODE = new Map(OUTCOME_RULES.map((r) => [r.code, r]));

export function outcomeRule(code: OutcomeCode): OutcomeRule {
  return BY_CODE.get(code)!;
}

export function isOutcomeCode(code: string): code is OutcomeCode {
  return BY_CODE.has(code as OutcomeCode);
}

/** An outcome as one pack defines it: the rule plus the hold the pack files for it. */
export interface Outcome extends OutcomeRule {
  /** Hold the console files at once when this outcome is logged, or null. */
  hold: HoldKind | null;
  /** i18n key of the label (shared/wrapup/messages.ts). */
  labelKey: `wrapup.outcome.${OutcomeCode}`;
}

/** The outcomes a pack offers, in panel order, with their holds from `pack.outcomeHolds`. */
export function outcomesFor(pack: Pick<PackData, 'id' | 'outcomeHolds'>): Outcome[] {
  return OUTCOME_RULES.filter((r) => !r.packs || r.packs.includes(pack.id)).map((r) => ({
    ...r,
    hold: (Object.hasOwn(pack.outcomeHolds, r.code) ? pack.outcomeHolds[r.code] : null) ?? null,
    labelKey: `wrapup.outcome.${r.code}` as const,
  }));
}

/** The outcome a shortcut key selects in this pack, if any (case-insensitive). */
export function outcomeForKey(pack: Pick<PackData, 'id' | 'outcomeHolds'>, key: string): Outcome | undefined {
  const k = key.toLowerCase();
  return outcomesFor(pack).find((o) => o.key === k);
}

/**
 * The hold an outcome files under this pack, with where it applies (`phoneId` null: the whole
 * account); null when none. A phone-scoped hold needs the number: without one it would cover
 * every phone, so none is returned (validateWrapUp reports the missing phone).
 */
export function holdFor(
  pack: Pick<PackData, 'id' | 'outcomeHolds'>,
  code: OutcomeCode,
  phoneId: string | null,
): { kind: HoldKind; phoneId: string | null } | null {
  const kind = Object.hasOwn(pack.outcomeHolds, code) ? pack.outcomeHolds[code] : undefined;
  if (!kind) return null;
  if (outcomeRule(code).holdScope === 'account') return { kind, phoneId: null };
  return phoneId ? { kind, phoneId } : null;
}
