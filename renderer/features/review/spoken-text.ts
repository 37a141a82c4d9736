// A track step's wording as the debtor heard it: the {{variables}} filled in from the account
// (the debtor's name, the lender, the agent), so the reviewer reads what was said rather than
// `salutation` or `lender`. Amounts are the account's now, not necessarily the call's: those
// stay named, and the recording has what was said.
import type { CallScript } from '../../../shared/api/contract';
import { isVariableName, variableValues, type CallContext, type TrackLocale, type VariableName, type VariableValues } from '../../../shared/talktrack';

/** Variables whose value may have changed since the call (a payment, a fee). */
const MAY_HAVE_CHANGED: ReadonlySet<VariableName> = new Set(['amountDue', 'balance']);

export type SpokenPiece = string | { variable: string; value: string | null };

/** The values the call's wording used, from the account's script context as of the call's start. */
export function spokenValues(script: Pick<CallScript, 'context' | 'track'>, agentName: string, callStartMs: number): VariableValues {
  const locale = (script.track as { locale?: TrackLocale } | null)?.locale ?? 'en';
  const context = { ...(script.context as unknown as CallContext), agentName };
  return variableValues(context, locale, callStartMs);
}

/** The wording in pieces: text, and each variable with its value (null: named, not filled in). */
export function spokenPieces(text: string, values: VariableValues | null): SpokenPiece[] {
  return text.split(/\{\{\s*([^{}]*?)\s*\}\}/).flatMap((part, i): SpokenPiece[] => {
    if (i % 2 === 0) return part ? [part] : [];
    const value = values && isVariableName(part) && !MAY_HAVE_CHANGED.has(part) ? values[part] ?? null : null;
    return [{ variable: part, value }];
  });
}

/** The wording as plain text (for a tooltip): values filled in, the rest as {{name}}. */
export function spokenText(text: string, values: VariableValues | null): string {
  return spokenPieces(text, values).map((p) => (typeof p === 'string' ? p : p.value ?? `{{${p.variable}}}`)).join('');
}
