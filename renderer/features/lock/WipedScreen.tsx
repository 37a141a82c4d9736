// A console the central server revoked: its data is gone, and it says why and when.
import { useTranslation } from 'react-i18next';
import type { SecurityStatus } from '../../../shared/api/security';
import { CenteredCard } from '../../ui/CenteredCard';

export function WipedScreen({ wiped }: { wiped: NonNullable<SecurityStatus['wiped']> }) {
  const { t, i18n } = useTranslation();
  return (
    <CenteredCard title={t('wiped.title')} tone="danger" testId="wiped">
      <p data-testid="wiped-reason">{t(`wiped.${wiped.reason}`)}</p>
      <p>{t('wiped.when', { when: new Date(wiped.at).toLocaleString(i18n.language) })}</p>
      <p>{t('wiped.next')}</p>
    </CenteredCard>
  );
}
