import type { TFunction } from 'i18next';
import { ApiError } from '../../shared/api/errors';

/** What went wrong, in the agent's language, with the core's own message as detail. */
export function errorText(t: TFunction, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return message ? `${t(`errors.${code}`)} ${t('errors.detail', { message })}` : t(`errors.${code}`);
}
