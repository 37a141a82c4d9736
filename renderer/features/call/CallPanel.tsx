// The call in progress: how long it has run, the talk track step by step (identity check
// first, required disclosures that cannot be skipped), and hanging up. Fully usable from the
// keyboard; the keys are shown beside what they do. A softphone call shows no step until it is
// answered, and its timer runs from the answer. The phone's own controls (hold, mute, keypad,
// transfer) are in the call bar (CallBar.tsx), shown wherever the agent is.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sourceText } from '../../../shared/compliance/messages';
import { view, type CallAction, type CallView } from '../../../shared/talktrack';
import { consoleNow } from '../../app/use-now';
import { useCall } from './CallProvider';
import { MonitoredNotice } from '../monitor/MonitorControls';
import { AnsweringBanner } from './AnsweringBanner';
import { IdentityChecks } from './IdentityChecks';
import { ThirdPartyButton } from './ThirdPartyButton';
import './call.css';

export function CallPanel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { call, act, endCall } = useCall();
  const v = call?.accountId === accountId ? view(call.state) : null;
  const answered = call?.answered ?? false;
  useCallKeys(v, answered, act, endCall);
  const elapsed = useElapsed(answered ? call?.state.startedAt ?? null : null);
  if (!call || !v) return null;
  // The track's title often is its kind's name: say it once.
  const kind = t(`talktrack.kind.${v.track.kind}`);

  return (
    <section className="panel call-panel" data-testid="call-panel" data-answered={answered} aria-labelledby="call-title">
      <header className="call-header">
        <h2 id="call-title">{t('call.title')} <span className="call-timer" data-testid="call-timer">{elapsed}</span></h2>
        <span className="call-track muted" data-testid="call-track">{v.track.title === kind ? kind : `${kind} · ${v.track.title}`}</span>
        <button type="button" className="button button-danger" data-testid="call-end" onClick={endCall}>
          {t('call.end')} <kbd>Ctrl+E</kbd>
        </button>
      </header>
      <MonitoredNotice />
      <AnsweringBanner />
      {!answered ? <p className="call-waiting-answer muted" data-testid="call-waiting-answer">{t('softphone.bar.waitingAnswer')}</p> : <>
      <p className={`call-party call-party-${v.party}`} data-testid="call-party" data-masked={v.masked}>
        {t(`talktrack.party.${v.party}`)}
        {v.masked && <span className="call-mask"> · {t(v.party === 'third_party' ? 'talktrack.thirdPartyMasked' : 'talktrack.masked')}</span>}
      </p>
      {v.phase === 'verification' && v.verification ? <IdentityChecks v={v} act={act} /> : <Step v={v} act={act} />}
      {v.rejected && <p className="call-rejected" role="alert" data-testid="call-rejected">{v.rejected.message}</p>}
      {v.details && (
        <dl className="call-details" data-testid="call-details">
          {Object.entries(v.details).map(([k, value]) => (
            <div key={k}><dt>{t(`call.detail.${k as 'lender'}`)}</dt><dd>{value}</dd></div>
          ))}
        </dl>
      )}
      </>}
      <p className="call-keys muted">{t('call.keys')}</p>
    </section>
  );
}

function Step({ v, act }: { v: CallView; act: (a: CallAction) => void }) {
  const { t, i18n } = useTranslation();
  const step = v.step;
  if (!step) return null;
  return (
    <div className={`call-step call-step-${step.kind}`} data-testid="call-step" data-step-id={step.id} data-required={step.required}>
      <span className="call-step-kind">{t(`talktrack.stepKind.${step.kind}`)}{step.required && <strong> · {t('talktrack.required')}</strong>}</span>
      <p className="call-step-text">{step.text}</p>
      {step.hint && <p className="call-step-hint muted">{step.hint}</p>}
      {step.source && <p className="call-step-source muted">{t('gate.source', { source: sourceText(step.source, i18n.language === 'zh-CN' ? 'zh-CN' : 'en') })}</p>}
      <div className="call-step-actions">
        {step.answers.map((a) => (
          <button key={a.digit} type="button" className="button" data-testid="call-answer" onClick={() => act({ type: 'answer', at: consoleNow().getTime(), digit: a.digit })}>
            <kbd>{a.digit}</kbd> {a.label}
          </button>
        ))}
        {step.answers.length === 0 && v.actions.includes('confirm') && (
          <button type="button" className="button button-primary" data-testid="call-confirm" onClick={() => act({ type: 'confirm', at: consoleNow().getTime() })}>
            {t(step.kind === 'disclosure' || step.kind === 'reminder' ? 'call.said' : 'call.next')} <kbd>Enter</kbd>
          </button>
        )}
        {v.actions.includes('back') && (
          <button type="button" className="button button-quiet" onClick={() => act({ type: 'back', at: consoleNow().getTime() })}>{t('call.back')} <kbd>B</kbd></button>
        )}
        <ThirdPartyButton v={v} act={act} />
      </div>
    </div>
  );
}

/** Enter: next; digits: answers; Y/N: the first open identity check the agent can see; R: retry; T: third party; B: back; Ctrl+E: hang up. */
function useCallKeys(v: CallView | null, answered: boolean, act: (a: CallAction) => void, endCall: () => void): void {
  useEffect(() => {
    if (!v) return;
    function onKeyDown(event: KeyboardEvent): void {
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      const at = consoleNow().getTime();
      const key = event.key.toLowerCase();
      let action: CallAction | null = null;
      if (event.ctrlKey && key === 'e') {
        event.preventDefault();
        endCall();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || !answered) return;
      const open = v!.verification?.checks.find((c) => c.result === 'pending');
      if (key === 'enter' && !(target instanceof HTMLButtonElement)) action = { type: 'confirm', at };
      else if (/^[1-9]$/.test(key) && v!.step?.answers.some((a) => a.digit === Number(key))) action = { type: 'answer', at, digit: Number(key) };
      else if ((key === 'y' || key === 'n') && v!.phase === 'verification' && open?.onFile === 'shown') action = { type: 'verify', at, check: open.check, passed: key === 'y' };
      else if (key === 'r' && v!.actions.includes('retryVerification')) action = { type: 'retryVerification', at };
      else if (key === 't' && v!.actions.includes('switchToThirdParty')) action = { type: 'switchToThirdParty', at };
      else if (key === 'b' && v!.actions.includes('back')) action = { type: 'back', at };
      if (!action) return;
      event.preventDefault();
      act(action);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [v, answered, act, endCall]);
}

function useElapsed(startedAt: number | null): string {
  const [now, setNow] = useState(() => consoleNow().getTime());
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(consoleNow().getTime()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  if (startedAt === null) return '';
  const s = Math.max(0, Math.floor((now - startedAt) / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
