// The identity checks of a call (the verification phase of the talk track). Each check says what
// there is to compare: the record itself (name, address: the agent judges, Y/N), a record the
// agent cannot see (date of birth, ID or SSN last-4: only a masked hint shows, the agent types
// what the person says and the engine compares it with the central store's digest), or nothing
// on file (it can only be recorded as "not on file", which never verifies the person).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sourceText } from '../../../shared/compliance/messages';
import type { CallAction, CallView, VerificationCheckView } from '../../../shared/talktrack';
import { consoleNow } from '../../app/use-now';
import './identity-checks.css';
import { ThirdPartyButton } from './ThirdPartyButton';

type Act = (a: CallAction) => void;

export function IdentityChecks({ v, act }: { v: CallView; act: Act }) {
  const { t, i18n } = useTranslation();
  const ver = v.verification!;
  const open = ver.checks.find((c) => c.result === 'pending');
  return (
    <div className="call-verification" data-testid="call-verification" data-status={ver.status}>
      <p className="call-step-kind">{t('talktrack.stepKind.verify')} · {t('call.attemptsLeft', { count: ver.attemptsLeft })}</p>
      <ul>
        {ver.checks.map((c, i) => <Check key={c.check} c={c} keys={i === 0} current={ver.status === 'pending' && c === open} act={act} />)}
      </ul>
      {ver.cannotVerify && ver.status === 'pending' && (
        <p className="call-cannot-verify" role="status" data-testid="call-cannot-verify">{t('talktrack.verify.cannotVerify')}</p>
      )}
      <p className="muted">{t('gate.source', { source: sourceText(ver.source, i18n.language === 'zh-CN' ? 'zh-CN' : 'en') })}</p>
      <div className="call-step-actions">
        {v.actions.includes('retryVerification') && (
          <button type="button" className="button" data-testid="call-retry" onClick={() => act({ type: 'retryVerification', at: consoleNow().getTime() })}>{t('call.retry')} <kbd>R</kbd></button>
        )}
        <ThirdPartyButton v={v} act={act} />
      </div>
    </div>
  );
}

/** One check. `current`: the first one still open (its answer field or "Not on file" takes the focus). */
function Check({ c, keys, current, act }: { c: VerificationCheckView; keys: boolean; current: boolean; act: Act }) {
  const { t } = useTranslation();
  const pending = c.result === 'pending';
  const verify = (fields: { passed?: boolean; answer?: string; notOnFile?: boolean }) => act({ type: 'verify', at: consoleNow().getTime(), check: c.check, ...fields });
  return (
    <li className={`call-check call-check-${c.result}`} data-testid="call-check" data-check={c.check} data-result={c.result} data-on-file={c.onFile}>
      <span className="call-check-prompt">{c.prompt}{c.required && <strong> *</strong>}</span>
      <OnFile c={c} />
      <span className="call-check-buttons">
        {c.onFile === 'hidden' && <AnswerField c={c} current={current} onAnswer={(answer) => verify({ answer })} />}
        {c.onFile === 'shown' && (
          <button type="button" className="button" data-testid="call-check-pass" onClick={() => verify({ passed: true })} disabled={!pending}>
            {t('call.matches')}{keys && <kbd>Y</kbd>}
          </button>
        )}
        {c.onFile !== 'none' && (
          <button type="button" className="button" data-testid="call-check-fail" onClick={() => verify({ passed: false })} disabled={!pending}>
            {t('call.doesNotMatch')}{keys && <kbd>N</kbd>}
          </button>
        )}
        {c.onFile === 'none' && (
          <NotOnFileButton current={current} disabled={!pending} onClick={() => verify({ notOnFile: true })} />
        )}
      </span>
    </li>
  );
}

function OnFile({ c }: { c: VerificationCheckView }) {
  const { t } = useTranslation();
  if (c.result === 'notOnFile') {
    return <span className="call-check-expected call-check-no-record" data-testid="call-check-no-record">{t('talktrack.verify.result.notOnFile')}</span>;
  }
  if (c.onFile === 'none') {
    return <span className="call-check-expected call-check-no-record" data-testid="call-check-no-record">{t('talktrack.verify.noRecord')}</span>;
  }
  if (c.onFile === 'hidden') {
    return <span className="call-check-expected muted" data-testid="call-check-hidden">{t('talktrack.verify.hiddenOnFile', { hint: c.expected ?? '' })}</span>;
  }
  return <span className="call-check-expected muted" data-testid="call-check-on-file">{t('call.onFile', { value: c.expected ?? '' })}</span>;
}

/** What the person says, typed by the agent; Enter compares. The field is cleared once compared. */
function AnswerField({ c, current, onAnswer }: { c: VerificationCheckView; current: boolean; onAnswer: (answer: string) => void }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (current) input.current?.focus();
  }, [current]);
  const pending = c.result === 'pending';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!answer.trim()) return;
    onAnswer(answer);
    setAnswer('');
  };
  return (
    <form className="call-check-answer" onSubmit={submit}>
      <input
        ref={input}
        type="text"
        autoComplete="off"
        spellCheck={false}
        data-testid="call-check-answer"
        aria-label={`${t(c.labelKey as 'talktrack.verify.check.fullName.label')}: ${t('talktrack.verify.answerLabel')}`}
        placeholder={t(c.check === 'dateOfBirth' ? 'talktrack.verify.answerPlaceholder.dateOfBirth' : 'talktrack.verify.answerPlaceholder.last4')}
        value={answer}
        disabled={!pending}
        onChange={(e) => setAnswer(e.target.value)}
      />
      <button type="submit" className="button" data-testid="call-check-compare" disabled={!pending || !answer.trim()}>
        {t('talktrack.verify.compare')} <kbd>Enter</kbd>
      </button>
    </form>
  );
}

function NotOnFileButton({ current, disabled, onClick }: { current: boolean; disabled: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (current) button.current?.focus();
  }, [current]);
  return (
    <button ref={button} type="button" className="button" data-testid="call-check-not-on-file" onClick={onClick} disabled={disabled}>
      {t('talktrack.verify.recordNotOnFile')}
    </button>
  );
}
