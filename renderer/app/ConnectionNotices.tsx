import { useTranslation } from 'react-i18next';
import { CenteredCard } from '../ui/CenteredCard';

/** The browser shell refused this page's token: only the URL from the start command will work. */
export function AccessRefused() {
  const { t } = useTranslation();
  return (
    <CenteredCard title={t('connection.rejectedTitle')} tone="danger" testId="access-refused">
      <p>{t('connection.rejectedBody')}</p>
    </CenteredCard>
  );
}

export function Reconnecting() {
  const { t } = useTranslation();
  return <div className="connection-banner" role="status" data-testid="reconnecting">{t('connection.reconnecting')}</div>;
}
