// "Next account": the best account the agent may work now, opened straight away.
// The current account is skipped so pressing it again moves on.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext';
import { errorText } from './error-text';
import { useNotify } from './Toasts';

interface Props {
  currentAccountId: string | null;
  onOpen: (accountId: string) => void;
}

export function NextAccountButton({ currentAccountId, onOpen }: Props) {
  const api = useApi();
  const notify = useNotify();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  async function next(): Promise<void> {
    setBusy(true);
    try {
      const best = await api.invoke('queue.next', { skip: currentAccountId ? [currentAccountId] : [] });
      if (best) onOpen(best.accountId);
      else notify('error', t('queue.nothingWorkable'));
    } catch (error) {
      notify('error', errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <button type="button" className="button button-primary" data-testid="next-account" disabled={busy} onClick={() => void next()}>
      {t('queue.nextAccount')}
    </button>
  );
}
