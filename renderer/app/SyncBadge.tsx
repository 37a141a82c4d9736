// Connection to the central server, how fresh the local data is and what is waiting to go up.
// A click syncs now.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text';
import { useFormat } from './format';
import { useSyncStatus } from './SyncStatus';
import { useNotify } from './Toasts';
import { consoleNow } from './use-now';

export function SyncBadge() {
  const notify = useNotify();
  const format = useFormat();
  const { t } = useTranslation();
  const { status, syncNow } = useSyncStatus();
  const [syncing, setSyncing] = useState(false);

  async function onClick(): Promise<void> {
    setSyncing(true);
    try {
      await syncNow();
    } catch (error) {
      notify('error', t('sync.failed', { reason: errorText(t, error) }));
    } finally {
      setSyncing(false);
    }
  }

  if (!status) {
    return <button type="button" className="sync-badge" data-testid="sync-badge" disabled>{t('app.loading')}</button>;
  }
  const freshness = syncing || status.syncing
    ? t('sync.syncing')
    : status.lastSyncedAt ? t('sync.lastSynced', { when: format.ago(status.lastSyncedAt, consoleNow().getTime()) }) : t('sync.never');
  const recovery = status.recovery && t(`sync.recoveredDetail_${status.recovery.reason}`, {
    lost: format.number(Math.max(0, status.recovery.confirmedSeq - status.recovery.serverHadSeq)),
    resent: format.number(status.recovery.resentEvents),
    when: format.dateTime(status.recovery.at),
  });
  const title = [recovery, status.lastError && t('sync.lastError', { error: status.lastError }), t('sync.hint')].filter(Boolean).join('\n');

  return (
    <button
      type="button"
      className="sync-badge"
      data-testid="sync-badge"
      data-connected={status.connected}
      title={title}
      disabled={syncing}
      onClick={() => void onClick()}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span>{status.connected ? t('sync.online') : status.lastError || status.lastSyncedAt ? t('sync.offline') : t('sync.connecting')}</span>
      <span className="sync-freshness">{freshness}</span>
      {status.pendingEvents > 0 && <span className="sync-pending">{t('sync.pending', { n: format.number(status.pendingEvents) })}</span>}
      {status.pendingRecordings > 0 && (
        <span className="sync-pending" data-testid="sync-recordings">{t('sync.recordingsPending', { n: format.number(status.pendingRecordings) })}</span>
      )}
      {recovery && <span className="sync-pending" data-testid="sync-recovered">{t('sync.recovered')}</span>}
      {status.lastError && <span className="sync-error-mark" aria-label={t('sync.lastError', { error: status.lastError })}>!</span>}
    </button>
  );
}
