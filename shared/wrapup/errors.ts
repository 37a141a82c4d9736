// Field-level validation errors: which field, which message (a key of shared/wrapup/messages.ts)
// and its parameters. Money parameters are integer minor units and dates ISO; formatWrapupError
// renders them for the agent's language.
import type { Params } from './catalogue';
import type { WrapupMessageKey } from './messages';

export interface FieldError {
  /** Dotted path of the field in the wrap-up form: `promise.amountMinor`, `plan.count`, `callback.time`. */
  field: string;
  messageKey: WrapupMessageKey;
  params: Params;
  /** Where another engine said no (the compliance gate's reason, keyed in shared/compliance/messages.ts). */
  cause?: { messageKey: string; params: Params };
}

export type Validation<T> = { ok: true; value: T; errors: [] } | { ok: false; errors: FieldError[] };

export function fieldError(field: string, messageKey: WrapupMessageKey, params: Params = {}): FieldError {
  return { field, messageKey, params };
}

export function result<T>(value: T, errors: FieldError[]): Validation<T> {
  return errors.length === 0 ? { ok: true, value, errors: [] } : { ok: false, errors };
}
