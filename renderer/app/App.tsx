// Start-up and session flow: recovery when the database would not open, sign-in when nobody
// is signed in, the shell otherwise. A refused connection replaces everything.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Session } from '../../shared/api/contract';
import type { Language } from '../../shared/i18n/languages';
import { useApi, useConnectionState } from '../api/ApiContext';
import type { Api } from '../api/client';
import { RecoveryScreen } from '../features/recovery/RecoveryScreen';
import { SignInScreen } from '../features/signin/SignInScreen';
import { CenteredCard } from '../ui/CenteredCard';
import { AccessRefused, Reconnecting } from './ConnectionNotices';
import { setClockOffset } from './use-now';
import { errorText } from './error-text';
import { Shell } from './Shell';
import { LockGate } from '../features/lock/LockGate';
import { WipedScreen } from '../features/lock/WipedScreen';
import type { SecurityStatus } from '../../shared/api/security';
import { TrainingBanner } from './TrainingBanner';

type StoreError = NonNullable<AppInfo['storeError']>;
type Phase =
  | { name: 'starting' }
  | { name: 'startFailed'; error: unknown }
  | { name: 'recovery'; storeError: StoreError }
  | { name: 'signedOut'; sessionExpired: boolean }
  | { name: 'signedIn'; session: Session }
  | { name: 'wiped'; wiped: NonNullable<SecurityStatus['wiped']> };

async function startUp(api: Api, applyLanguage: (language: Language) => Promise<unknown>): Promise<Phase> {
  const info = await api.invoke('app.info', {});
  setClockOffset(info.clockOffsetMs);
  const settings = await api.invoke('settings.get', {}).catch(() => null); // the system language will do
  if (settings) await applyLanguage(settings.language);
  const security = await api.invoke('security.status', {}).catch(() => null);
  if (security?.wiped) return { name: 'wiped', wiped: security.wiped };
  if (info.storeError) return { name: 'recovery', storeError: info.storeError };
  const session = await api.invoke('session.current', {});
  return session ? { name: 'signedIn', session } : { name: 'signedOut', sessionExpired: false };
}

export function App() {
  const api = useApi();
  const connection = useConnectionState();
  const { t, i18n } = useTranslation();
  // react-i18next hands out a new `i18n` on every language change: start-up must not depend on
  // it, or switching the language signs the shell out and back in (and resets its view).
  const latestI18n = useRef(i18n);
  latestI18n.current = i18n;
  const [phase, setPhase] = useState<Phase>({ name: 'starting' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setPhase({ name: 'starting' });
    startUp(api, (language) => latestI18n.current.changeLanguage(language)).then(
      (next) => current && setPhase(next),
      (error: unknown) => current && setPhase({ name: 'startFailed', error }),
    );
    return () => {
      current = false;
    };
  }, [api, attempt]);

  useEffect(() => api.onSessionExpired(() => {
    setPhase((now) => (now.name === 'signedIn' ? { name: 'signedOut', sessionExpired: true } : now));
  }), [api]);

  if (connection === 'rejected') return <AccessRefused />;

  const restart = () => setAttempt((n) => n + 1);
  let screen;
  switch (phase.name) {
    case 'starting':
      screen = <CenteredCard title={t('app.starting')} />;
      break;
    case 'startFailed':
      screen = (
        <CenteredCard title={t('app.startFailed')} tone="danger">
          <p>{errorText(t, phase.error)}</p>
          <button type="button" className="button button-primary" onClick={restart}>{t('app.retry')}</button>
        </CenteredCard>
      );
      break;
    case 'recovery':
      screen = <RecoveryScreen storeError={phase.storeError} onRecovered={restart} />;
      break;
    case 'signedOut':
      screen = <SignInScreen sessionExpired={phase.sessionExpired} onSignedIn={(session) => setPhase({ name: 'signedIn', session })} />;
      break;
    case 'signedIn': {
      const signedOut = () => setPhase({ name: 'signedOut', sessionExpired: false });
      // The lock covers the shell without unmounting it: a call and the work in progress go on.
      screen = <LockGate onSignedOut={signedOut}><Shell session={phase.session} onSignedOut={signedOut} /></LockGate>;
      break;
    }
    case 'wiped':
      screen = <WipedScreen wiped={phase.wiped} />;
      break;
  }
  return (
    <>
      {connection === 'reconnecting' && <Reconnecting />}
      {phase.name !== 'starting' && <TrainingBanner />}
      {screen}
    </>
  );
}
