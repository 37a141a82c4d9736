// The local database would not open. The file stays where it is; the agent may start a fresh
// database beside it and carry on.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../shared/api/contract';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { CenteredCard } from '../../ui/CenteredCard';
import './recovery.css';

interface Props {
  storeError: NonNullable<AppInfo['storeError']>;
  onRecovered: () => void;
}

export function RecoveryScreen({ storeError, onRecovered }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function startFresh(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await api.invoke('app.startFresh', {});
      onRecovered();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <CenteredCard title={t('recovery.title')} tone="danger" testId="recovery">
      <dl className="recovery-facts">
        <dt>{t('recovery.file')}</dt>
        <dd><code data-testid="recovery-file">{storeError.file}</code></dd>
        <dt>{t('recovery.error')}</dt>
        <dd>{storeError.message}</dd>
      </dl>
      <p>{t('recovery.untouched')}</p>
      {error !== null && <p className="form-error" role="alert">{errorText(t, error)}</p>}
      <button type="button" className="button button-primary" data-testid="recovery-start-fresh" disabled={busy} onClick={() => void startFresh()}>
        {busy ? t('recovery.starting') : t('recovery.startFresh')}
      </button>
    </CenteredCard>
  );
}
