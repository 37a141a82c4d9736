// Mounted around the signed-in shell: while the core says the console is locked (idle, by hand,
// the OS) or offline for too long, the shell stays mounted (a live call, the wrap-up being typed
// and every form keep their state) but is hidden and inert, and the lock screen covers the
// window. Ctrl+Shift+L locks at once.
import { type ReactNode, useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import { LockScreen } from './LockScreen';
import { OfflineLimitScreen } from './OfflineLimitScreen';
import { WipedScreen } from './WipedScreen';
import { useSecurity } from './use-security';
import './lock.css';

interface Props {
  children: ReactNode;
  onSignedOut: () => void;
}

export function LockGate({ children, onSignedOut }: Props) {
  const api = useApi();
  const { status, refresh } = useSecurity();

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (!event.ctrlKey || !event.shiftKey || event.altKey || event.key.toLowerCase() !== 'l') return;
      event.preventDefault();
      api.invoke('security.lock', {}).then(refresh, () => undefined);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [api, refresh]);

  // Revoked and wiped while it ran: the data is gone, and the console says why.
  if (status?.wiped) return <WipedScreen wiped={status.wiped} />;
  const covered = status !== null && (status.locked !== null || status.offlineTooLong);
  return (
    <>
      <div className="lock-guarded" hidden={covered} inert={covered} data-testid="lock-guarded">
        {children}
      </div>
      {status?.locked && <LockScreen status={status} onUnlocked={refresh} onSignedOut={onSignedOut} />}
      {status && !status.locked && status.offlineTooLong && <OfflineLimitScreen status={status} onSynced={refresh} />}
    </>
  );
}
