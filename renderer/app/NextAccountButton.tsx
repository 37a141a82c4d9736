// "Next account": the best account the agent may work now, opened straight away.
// The current account is skipped so pressing it again moves on. Beside it, the switch for
// progressive dialling, which opens (and dials) the next account by itself; while it runs it
// chooses the next account, so this button waits.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext';
import { useCall } from '../features/call/CallProvider';
import { useProgressive } from '../features/progressive/ProgressiveProvider';
import { ProgressiveToggle } from '../features/progressive/ProgressiveToggle';
import { isRunning } from '../features/progressive/progressive-rules';
import { errorText } from './error-text';
import { useNotify } from './Toasts';
import { useShortcut } from './use-shortcut';
import { nothingWorkableText } from '../features/queue/summary-text';

interface Props {
  currentAccountId: string | null;
  onOpen: (accountId: string) => void;
}

export function NextAccountButton({ currentAccountId, onOpen }: Props) {
  const api = useApi();
  const notify = useNotify();
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const { call, wrapUp } = useCall();
  const progressive = useProgressive();
  const { bindOpener } = progressive;
  useEffect(() => {
    bindOpener(onOpen);
    return () => bindOpener(null);
  }, [bindOpener, onOpen]);
  // No next call before the last one is wrapped up.
  const held = call ? t('call.onCallAlready') : wrapUp ? t('call.finishWrapUp') : isRunning(progressive.mode) ? t('progressive.nextHeld') : null;

  useShortcut('n', () => void next(), !busy && held === null);

  async function next(): Promise<void> {
    setBusy(true);
    try {
      const best = await api.invoke('queue.next', { skip: currentAccountId ? [currentAccountId] : [] });
      if (best) onOpen(best.accountId);
      else notify('error', await nothingWorkableText(api, t, i18n.language));
    } catch (error) {
      notify('error', errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button button-primary" data-testid="next-account" aria-keyshortcuts="Alt+N" disabled={busy || held !== null} title={held ?? undefined} onClick={() => void next()}>
        {t('queue.nextAccount')} <kbd>Alt+N</kbd>
      </button>
      <ProgressiveToggle />
    </>
  );
}
