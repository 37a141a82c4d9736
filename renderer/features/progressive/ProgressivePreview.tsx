// Under the top bar: the next call's account and number with its countdown, Skip (Alt+S) and
// Cancel (Esc); the gate's refusal with its reasons before the next account; the queue's
// summary when nothing may be called; why the mode stopped, with Resume.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneGate } from '../../../shared/api/contract';
import { formatMessage, MESSAGES, type MessageKey } from '../../../shared/compliance/messages';
import { useFormat } from '../../app/format';
import { useShortcut } from '../../app/use-shortcut';
import { ApprovalDialog } from '../account/ApprovalDialog';
import { readableParams } from '../account/GateStatus';
import { formatPhone } from '../account/phone-format';
import { useProgressive } from './ProgressiveProvider';
import { secondsLeft, type Target } from './progressive-rules';
import { stopText } from './stop-text';
import { useEscape } from './use-escape';
import './progressive.css';

export function ProgressivePreview() {
  const { t } = useTranslation();
  const { mode, prefs, cancel, skip, resume, approved } = useProgressive();
  const previewing = mode.kind === 'preview';
  useEscape(cancel, previewing);
  useShortcut('s', skip, previewing || mode.kind === 'refused');

  switch (mode.kind) {
    case 'preview':
      return (
        <section className="progressive-bar" data-testid="progressive-preview" data-account-id={mode.target.accountId} aria-label={t('progressive.preview.label')}>
          <Who target={mode.target} />
          <Countdown endsAt={mode.endsAt} totalSec={prefs.previewSec} />
          <div className="progressive-actions">
            <button type="button" className="button" data-testid="progressive-skip" aria-keyshortcuts="Alt+S" onClick={skip}>
              {t('progressive.preview.skip')} <kbd>Alt+S</kbd>
            </button>
            <button type="button" className="button" data-testid="progressive-cancel" aria-keyshortcuts="Escape" onClick={cancel}>
              {t('progressive.preview.cancel')} <kbd>Esc</kbd>
            </button>
          </div>
        </section>
      );
    case 'dialling':
      return (
        <section className="progressive-bar" data-testid="progressive-dialling" data-account-id={mode.target.accountId}>
          <Who target={mode.target} />
          <span className="progressive-countdown" role="status">{t('progressive.preview.dialling')}</span>
        </section>
      );
    case 'approval':
      return (
        <>
          <section className="progressive-bar" data-testid="progressive-dialling" data-account-id={mode.target.accountId}>
            <Who target={mode.target} />
          </section>
          <ApprovalDialog accountId={mode.target.accountId} phoneId={mode.target.phoneId} gate={mode.gate}
            onClose={() => approved(null)} onDone={(outcome) => approved(outcome)} />
        </>
      );
    case 'refused':
      return (
        <section className="progressive-bar progressive-bar-refused" data-testid="progressive-refused" data-account-id={mode.accountId} role="alert">
          <div className="progressive-who">
            <span className="progressive-label">{mode.gate && mode.number ? t('progressive.refused.title') : t('progressive.refused.noPhone')}</span>
            <strong>{mode.debtorName}</strong>
            <span className="muted">{mode.ref}{mode.number ? ` · ${formatPhone(mode.number)}` : ''}</span>
          </div>
          {mode.gate && <Reasons gate={mode.gate} />}
          <span className="muted">{t('progressive.refused.moving')}</span>
        </section>
      );
    case 'nothing':
      return (
        <section className="progressive-bar progressive-bar-quiet" data-testid="progressive-nothing" role="status">
          {t('progressive.nothing', { text: mode.text })}
        </section>
      );
    case 'paused':
      return (
        <section className="progressive-bar progressive-bar-quiet" data-testid="progressive-stopped" data-why={mode.stop.why} role="status">
          <span>{stopText(t, mode.stop)}</span>
          {/* A status stop ends with Available; the others wait for the agent. */}
          {mode.stop.why !== 'status' && (
            <button type="button" className="button" data-testid="progressive-resume" title={t('progressive.resumeTitle')} onClick={resume}>{t('progressive.resume')}</button>
          )}
        </section>
      );
    default:
      return null;
  }
}

function Who({ target }: { target: Target }) {
  const { t } = useTranslation();
  return (
    <div className="progressive-who">
      <span className="progressive-label">{t('progressive.preview.label')}</span>
      <strong data-testid="progressive-debtor">{target.debtorName}</strong>
      <span className="muted">{target.ref}</span>
      <span className="progressive-number" data-testid="progressive-number">{formatPhone(target.number)}</span>
      {target.partyKind !== 'debtor' && <span className="muted">{target.partyName} · {t(`party.${target.partyKind}`)}</span>}
    </div>
  );
}

function Countdown({ endsAt, totalSec }: { endsAt: number; totalSec: number }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, []);
  const left = secondsLeft(endsAt, now);
  const share = totalSec > 0 ? Math.min(1, Math.max(0, (endsAt - now) / (totalSec * 1000))) : 0;
  return (
    <div className="progressive-countdown" data-testid="progressive-countdown" data-seconds={left}>
      <span role="timer">{t('progressive.preview.countdown', { seconds: left })}</span>
      <span className="progressive-meter" aria-hidden="true"><span style={{ width: `${share * 100}%` }} /></span>
    </div>
  );
}

/** Every reason of the refusal, in the agent's language, as the number's gate status lists them. */
function Reasons({ gate }: { gate: PhoneGate }) {
  const { i18n } = useTranslation();
  const format = useFormat();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return (
    <ul className="progressive-reasons" data-testid="progressive-reasons">
      {gate.reasons.map((r, i) => (
        <li key={`${r.rule}-${i}`} data-rule={r.rule}>
          {Object.hasOwn(MESSAGES, r.messageKey) ? formatMessage(r.messageKey as MessageKey, readableParams(r.params, format), language) : r.messageKey}
        </li>
      ))}
    </ul>
  );
}
