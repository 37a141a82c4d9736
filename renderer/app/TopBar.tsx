import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../shared/domain/users';
import { useApi } from '../api/ApiContext';
import { errorText } from './error-text';
import { LanguageSwitch } from './LanguageSwitch';
import { StatusControl } from './StatusControl';
import { SyncBadge } from './SyncBadge';
import { useNotify } from './Toasts';

interface Props {
  user: User;
  onSignedOut: () => void;
  /** Work actions placed after the status controls (the next-account button). */
  children?: ReactNode;
}

export function TopBar({ user, onSignedOut, children }: Props) {
  const api = useApi();
  const notify = useNotify();
  const { t } = useTranslation();
  const [signingOut, setSigningOut] = useState(false);

  async function signOut(): Promise<void> {
    setSigningOut(true);
    try {
      await api.invoke('session.signOut', {});
      onSignedOut();
    } catch (error) {
      notify('error', errorText(t, error));
      setSigningOut(false);
    }
  }

  return (
    <header className="top-bar">
      <StatusControl />
      <SyncBadge />
      {children}
      <div className="top-bar-end">
        <LanguageSwitch />
        <div className="top-bar-user" data-testid="current-user">
          <span className="top-bar-user-name">{user.displayName}</span>
          <span className="top-bar-user-role">{t(`role.${user.role}`)}</span>
        </div>
        <button type="button" className="button button-quiet" data-testid="signout" disabled={signingOut} onClick={() => void signOut()}>
          {t('topBar.signOut')}
        </button>
      </div>
    </header>
  );
}
