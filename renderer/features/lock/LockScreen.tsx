// The lock screen: who may unlock, why it locked, the password (checked by the core against its
// local verifier, so it works offline), and a way out (sign out). Nothing of the debtor's shows.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecurityStatus } from '../../../shared/api/security';
import { ApiError } from '../../../shared/api/errors';
import { useApi } from '../../api/ApiContext';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { errorText } from '../../app/error-text';
import { CenteredCard } from '../../ui/CenteredCard';
import { DataProtection } from './DataProtection';

interface Props {
  status: SecurityStatus;
  onUnlocked: (status: SecurityStatus) => void;
  onSignedOut: () => void;
}

export function LockScreen({ status, onUnlocked, onSignedOut }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!password) return;
    setBusy(true);
    setProblem(null);
    try {
      const next = await api.invoke('security.unlock', { password });
      setPassword('');
      onUnlocked(next);
    } catch (error) {
      const wrong = error instanceof ApiError && error.code === 'VALIDATION' && error.issues?.some((i) => i.path === 'password');
      const tooMany = error instanceof ApiError && error.code === 'FORBIDDEN';
      setProblem(wrong ? t('lock.wrong') : tooMany ? t('lock.tooMany') : errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  async function signOut(): Promise<void> {
    await api.invoke('session.signOut', {}).catch(() => undefined);
    onSignedOut();
  }

  const seconds = status.policy.idleLockSeconds;
  const why = status.locked === 'idle'
    ? (seconds % 60 === 0 ? t('lock.idle', { minutes: seconds / 60 }) : t('lock.idleSeconds', { seconds }))
    : t(`lock.${status.locked ?? 'manual'}`);
  return (
    <div className="lock-cover" data-testid="lock-screen">
      <CenteredCard title={t('lock.title')}>
        <div className="lock-language"><LanguageSwitch /></div>
        <p data-testid="lock-reason">{why}</p>
        <p className="lock-kept">{t('lock.kept')}</p>
        <form className="lock-form" onSubmit={(e) => void submit(e)} noValidate>
          {status.lockedFor && <p>{t('lock.who', { name: status.lockedFor.displayName, username: status.lockedFor.username })}</p>}
          <label htmlFor="lock-password">{t('lock.password')}</label>
          <input
            id="lock-password"
            data-testid="lock-password"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            aria-invalid={problem ? true : undefined}
            aria-describedby="lock-error"
            onChange={(e) => setPassword(e.target.value)}
          />
          <p id="lock-error" className="lock-error" role="alert" data-testid="lock-error">{problem ?? ''}</p>
          <button type="submit" className="button button-primary" data-testid="lock-unlock" disabled={busy || !password}>
            {busy ? t('lock.unlocking') : t('lock.unlock')}
          </button>
          <button type="button" className="button" data-testid="lock-signout" onClick={() => void signOut()}>{t('lock.signOut')}</button>
        </form>
        <DataProtection status={status} />
      </CenteredCard>
    </div>
  );
}
