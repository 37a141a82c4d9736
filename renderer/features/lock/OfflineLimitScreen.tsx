// Shown when the console has not reached the central server for longer than the organisation
// allows: debtor details stay hidden until a sync gets through; what was logged goes up then.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecurityStatus } from '../../../shared/api/security';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { CenteredCard } from '../../ui/CenteredCard';

interface Props {
  status: SecurityStatus;
  onSynced: (status: SecurityStatus) => void;
}

export function OfflineLimitScreen({ status, onSynced }: Props) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function syncNow(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      const result = await api.invoke('sync.now', {});
      if (!result.connected || result.lastError) setProblem(t('offline.failed', { message: result.lastError ?? '' }));
      onSynced(await api.invoke('security.status', {}));
    } catch (error) {
      setProblem(t('offline.failed', { message: errorText(t, error) }));
    } finally {
      setBusy(false);
    }
  }

  const when = status.lastContactAt ? new Date(status.lastContactAt).toLocaleString(i18n.language) : t('offline.never');
  return (
    <div className="lock-cover" data-testid="offline-limit">
      <CenteredCard title={t('offline.title')}>
        <p>{t('offline.body', { when, days: status.policy.maxOfflineDays })}</p>
        <p className="lock-kept">{t('offline.kept')}</p>
        {problem && <p className="lock-error" role="alert" data-testid="offline-error">{problem}</p>}
        <button type="button" className="button button-primary" data-testid="offline-sync" disabled={busy} onClick={() => void syncNow()}>
          {busy ? t('offline.syncing') : t('offline.syncNow')}
        </button>
      </CenteredCard>
    </div>
  );
}
