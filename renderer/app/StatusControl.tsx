// Available, or paused with a reason. One select, so it works from the keyboard.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AgentStatus, PauseReason } from '../../shared/domain/users';
import { useApi } from '../api/ApiContext';
import { errorText } from './error-text';
import { useNotify } from './Toasts';

const AVAILABLE = 'available';

function encode(status: AgentStatus): string {
  return status.state === 'available' ? AVAILABLE : `paused:${status.reason}`;
}

function decode(value: string): AgentStatus {
  return value === AVAILABLE ? { state: 'available' } : { state: 'paused', reason: PauseReason.parse(value.slice('paused:'.length)) };
}

export function StatusControl() {
  const api = useApi();
  const notify = useNotify();
  const { t } = useTranslation();
  const [status, setStatus] = useState<AgentStatus | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let current = true;
    api.invoke('agent.status', {}).then(
      (loaded) => current && setStatus(loaded),
      (error: unknown) => current && notify('error', t('status.loadFailed', { reason: errorText(t, error) })),
    );
    return () => {
      current = false;
    };
  }, [api, notify, t]);

  async function change(value: string): Promise<void> {
    setSaving(true);
    try {
      setStatus(await api.invoke('agent.setStatus', decode(value)));
    } catch (error) {
      notify('error', t('status.changeFailed', { reason: errorText(t, error) }));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="status-control" data-state={status?.state ?? 'unknown'}>
      <span className="status-dot" aria-hidden="true" />
      <select
        data-testid="status-control"
        aria-label={t('status.label')}
        value={status ? encode(status) : ''}
        disabled={saving}
        onChange={(e) => void change(e.target.value)}
      >
        {!status && <option value="">{t('app.loading')}</option>}
        <option value={AVAILABLE}>{t('status.available')}</option>
        {PauseReason.options.map((reason) => (
          <option key={reason} value={`paused:${reason}`}>{t('status.paused', { reason: t(`status.reason.${reason}`) })}</option>
        ))}
      </select>
    </div>
  );
}
