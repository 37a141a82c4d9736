// Logging a wrap-up: the form checked again here (the console checks as the agent types, but
// the core is the authority), the note checked for forbidden phrases, a callback checked
// against the gate at its time, and the outcome written as one event. A hold the outcome files
// (a cease request) is part of that event, so it applies to the next dial at once. The talk
// track's steps are logged only from the answer on (call-steps.ts): whatever the screen sent, a
// call never answered logs none.
import type { AccountDetail, WrapUpForm } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import type { CallOutcomeLog, EventBody } from '../../../shared/domain/events';
import type { Language } from '../../../shared/i18n/languages';
import {
  checkNote, DEFAULT_PHRASE_LISTS, DEFAULT_WRAPUP_LIMITS, formatWrapupError, validateWrapUp,
  type CallbackGate, type WrapUpLimits,
} from '../../../shared/wrapup';
import { gateAccount, packFor } from '../compliance/gate';
import type { PackResolver } from '../compliance/org-packs';
import { type CallAnswer, stepsFromAnswer } from './call-steps';

export interface WrapUpDeps {
  detail: AccountDetail;
  now: Date;
  language: Language;
  /** Phrases this wrap-up's note was refused for earlier (from the draft). */
  flaggedBefore: string[];
  log: (body: EventBody) => { id: string };
  limits?: WrapUpLimits;
  packs?: PackResolver;
  /** The answer of the softphone call behind the wrap-up, as logged here; without it a softphone call logs no step. */
  answerOf?: (callId: string) => CallAnswer | null;
  /** When the console's track clock started (the draft's startedAt), which the form's step offsets count from. */
  trackStartedAt?: string | null;
}

export function submitWrapUp(form: WrapUpForm, deps: WrapUpDeps): { eventId: string; hold: CallOutcomeLog['hold'] } {
  const { detail, now, language } = deps;
  const pack = packFor(detail, deps.packs);
  const phone = form.phoneId === null ? null : detail.phones.find((p) => p.id === form.phoneId);
  if (phone === undefined) throw new ApiError('VALIDATION', `Phone ${form.phoneId} is not on account ${detail.account.ref}`, [{ path: 'phoneId', message: 'Not a phone of this account' }]);

  const flags = checkNote(form.note, DEFAULT_PHRASE_LISTS).flags;
  if (flags.length > 0) {
    deps.log({ type: 'note.flagged', flags: flags.map((f) => ({ phrase: f.phrase, category: f.category })), text: form.note });
    const phrases = [...new Set(flags.map((f) => f.phrase))];
    throw new ApiError('VALIDATION', language === 'zh-CN' ? `备注含有不允许的说法：${phrases.join('、')}` : `The note has wording that is not allowed: ${phrases.join(', ')}`, [
      { path: 'note.phrases', message: phrases.join(', ') },
    ]);
  }

  const checked = validateWrapUp({
    outcome: form.outcome, phoneId: form.phoneId, note: form.note, promise: form.promise, plan: form.plan,
    callback: form.callback, extensionDate: form.extensionDate, attorney: form.attorney,
  }, {
    pack, limits: deps.limits ?? DEFAULT_WRAPUP_LIMITS, now: now.getTime(), zone: detail.account.timeZone,
    balanceMinor: detail.debts.reduce((sum, d) => sum + d.balanceMinor, 0),
    gate: callbackGate(detail, form.phoneId, deps.packs),
  });
  if (!checked.ok) {
    const issues = checked.errors.map((e) => ({ path: e.field, message: formatWrapupError(e, language, { currency: detail.account.currency, zone: detail.account.timeZone }) }));
    throw new ApiError('VALIDATION', issues.map((i) => i.message).join(' '), issues);
  }
  const w = checked.value;
  const body: CallOutcomeLog = {
    type: 'call.outcome',
    callId: form.callId,
    phoneId: form.phoneId,
    partyId: phone?.partyId ?? null,
    packId: pack.id,
    outcome: w.outcome,
    contact: w.contact,
    hold: w.hold,
    promise: w.promise ? { amountMinor: w.promise.amountMinor, dueDate: w.promise.dueDate } : null,
    plan: w.plan ? {
      totalMinor: w.plan.totalMinor, frequency: w.plan.frequency,
      instalments: w.plan.instalments.map((i) => ({ amountMinor: i.amountMinor, dueDate: i.dueDate })),
    } : null,
    callback: w.callback ? { id: `cb-${now.getTime().toString(36)}`, at: w.callback.iso, owner: form.callback?.owner ?? 'agent' } : null,
    note: w.note,
    extensionDate: w.extensionDate,
    attorney: w.attorney,
    flaggedPhrases: deps.flaggedBefore,
    steps: stepsFromAnswer(form.steps, form.callId, form.callId === null ? null : deps.answerOf?.(form.callId) ?? null, deps.trackStartedAt ?? null),
    trackId: form.trackId,
  };
  return { eventId: deps.log(body).id, hold: w.hold };
}

/** Whether the debtor may be called at a callback's time, on the phone of this call (any of theirs when none). */
function callbackGate(detail: AccountDetail, phoneId: string | null, packs?: PackResolver): CallbackGate {
  return (at) => {
    const gate = gateAccount(detail, new Date(at), packs);
    const phones = gate.phones.filter((p) => (phoneId ? p.phoneId === phoneId : true));
    const open = phones.find((p) => p.decision !== 'block');
    if (open) return { allowed: true };
    const first = phones[0];
    const reason = first?.reasons.find((r) => r.severity === 'block');
    const from = phones.map((p) => p.allowedFrom).filter((t): t is string => t !== null).sort()[0];
    return {
      allowed: false,
      ...(reason ? { reason: { messageKey: reason.messageKey, params: reason.params } } : {}),
      allowedFrom: from ? Date.parse(from) : null,
    };
  };
}
