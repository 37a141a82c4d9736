// Available, or paused with a reason. One select, so it works from the keyboard.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AgentStatus, PauseReason } from '../../shared/domain/users';
import { useAgentStatus } from './agent-status';

const AVAILABLE = 'available';

function encode(status: AgentStatus): string {
  return status.state === 'available' ? AVAILABLE : `paused:${status.reason}`;
}

function decode(value: string): AgentStatus {
  return value === AVAILABLE ? { state: 'available' } : { state: 'paused', reason: PauseReason.parse(value.slice('paused:'.length)) };
}

export function StatusControl() {
  const { t } = useTranslation();
  const { status, change: save } = useAgentStatus();
  const [saving, setSaving] = useState(false);

  async function change(value: string): Promise<void> {
    setSaving(true);
    try {
      await save(decode(value));
    } catch {
      // the provider said why
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
