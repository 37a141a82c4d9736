// What protects the data this console keeps, and the organisation's lock policy, in words.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { SecurityStatus } from '../../../shared/api/security';

function idleText(t: TFunction, seconds: number): string {
  return seconds % 60 === 0 ? t('dataProtection.minutes', { count: seconds / 60 }) : t('dataProtection.seconds', { count: seconds });
}

export function DataProtection({ status }: { status: SecurityStatus }) {
  const { t } = useTranslation();
  return (
    <section className="data-protection" data-testid="data-protection" aria-labelledby="data-protection-title">
      <h2 id="data-protection-title">{t('dataProtection.title')}</h2>
      <p data-testid="data-protection-key">{t(`dataProtection.${status.protection}`)}</p>
      <p>{t('dataProtection.policy', { idle: idleText(t, status.policy.idleLockSeconds), days: status.policy.maxOfflineDays })}</p>
    </section>
  );
}
