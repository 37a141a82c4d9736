import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { useApi } from '../../api/ApiContext';
import type { Api } from '../../api/client';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { CenteredCard } from '../../ui/CenteredCard';
import { FieldError } from '../../ui/FieldError';
import { type Field, SignInError, type SignInProblem } from './SignInError';
import './signin.css';

interface Props {
  sessionExpired: boolean;
  onSignedIn: (session: Session) => void;
}

export function SignInScreen({ sessionExpired, onSignedIn }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<SignInProblem | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const missing: Field[] = [];
    if (!username.trim()) missing.push('username');
    if (!password) missing.push('password');
    if (missing.length > 0) {
      setProblem({ kind: 'missing', fields: missing });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(await api.invoke('session.signIn', { username: username.trim(), password }));
    } catch (error) {
      setProblem(await describe(api, error));
      setBusy(false);
    }
  }

  function fieldMessage(field: Field): string | undefined {
    if (problem?.kind === 'missing') return problem.fields.includes(field) ? t('signIn.required') : undefined;
    if (problem?.kind === 'fields') return problem.issues.find((issue) => issue.path === field)?.message;
    return undefined;
  }

  return (
    <CenteredCard title={t('signIn.title')} testId="signin">
      <div className="signin-language">
        <LanguageSwitch />
      </div>
      {sessionExpired && <p className="notice notice-info" data-testid="signin-notice">{t('signIn.sessionExpired')}</p>}
      <form className="signin-form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="signin-username">{t('signIn.username')}</label>
        <input
          id="signin-username"
          data-testid="signin-username"
          autoComplete="username"
          autoFocus
          value={username}
          aria-invalid={fieldMessage('username') ? true : undefined}
          aria-describedby="signin-username-error"
          onChange={(e) => setUsername(e.target.value)}
        />
        <FieldError id="signin-username-error" message={fieldMessage('username')} />
        <label htmlFor="signin-password">{t('signIn.password')}</label>
        <input
          id="signin-password"
          data-testid="signin-password"
          type="password"
          autoComplete="current-password"
          value={password}
          aria-invalid={fieldMessage('password') ? true : undefined}
          aria-describedby="signin-password-error"
          onChange={(e) => setPassword(e.target.value)}
        />
        <FieldError id="signin-password-error" message={fieldMessage('password')} />
        {problem && <SignInError problem={problem} />}
        <button type="submit" className="button button-primary signin-submit" data-testid="signin-submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p className="signin-hint">{t('signIn.demoHint')}</p>
    </CenteredCard>
  );
}

/** Turns a failed sign-in into what the agent can act on; an unreachable server is named. */
async function describe(api: Api, error: unknown): Promise<SignInProblem> {
  if (!(error instanceof ApiError)) return { kind: 'other', error };
  switch (error.code) {
    case 'UNAUTHORIZED':
      return { kind: 'credentials' };
    case 'SERVER_UNREACHABLE': {
      const url = await api.invoke('settings.get', {}).then((s) => s.serverUrl, () => '');
      return { kind: 'unreachable', url };
    }
    case 'VALIDATION':
      return { kind: 'fields', issues: error.issues ?? [] };
    default:
      return { kind: 'other', error };
  }
}
