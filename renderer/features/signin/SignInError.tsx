import { useTranslation } from 'react-i18next';
import { errorText } from '../../app/error-text';

export type Field = 'username' | 'password';

export type SignInProblem =
  | { kind: 'missing'; fields: Field[] }
  | { kind: 'credentials' }
  | { kind: 'unreachable'; url: string }
  | { kind: 'fields'; issues: { path: string; message: string }[] }
  | { kind: 'other'; error: unknown };

/** Rendered, not stored as text, so it follows a language switch. */
export function SignInError({ problem }: { problem: SignInProblem }) {
  const { t } = useTranslation();
  let text: string;
  switch (problem.kind) {
    case 'missing':
      return null; // each empty field says so itself
    case 'credentials':
      text = t('signIn.wrongCredentials');
      break;
    case 'unreachable':
      text = problem.url ? t('signIn.unreachable', { url: problem.url }) : t('signIn.unreachableNoUrl');
      break;
    case 'fields':
      text = t('errors.VALIDATION');
      break;
    case 'other':
      text = errorText(t, problem.error);
      break;
  }
  return <p className="form-error" role="alert" data-testid="signin-error">{text}</p>;
}
