// The softphone's controls during a call: where the call stands, hold, mute, the keypad (DTMF)
// and transfer, with the line's quality and a warning when it turns poor. Transfer is
// attended by default (consult the colleague while the caller waits on hold, then complete
// or return to the caller) or blind, to a colleague chosen by name from the directory (their
// presence shown; the SIP address the server knows for them is dialled) or to a SIP user or
// number typed in.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../app/error-text';
import { useNotify } from '../../app/Toasts';
import { grade } from '../../softphone/quality';
import type { CallInfo } from '../../softphone/softphone';
import { phoneErrorText, useActiveCall, useSoftphone } from '../../softphone/SoftphoneProvider';
import { useShortcut } from '../../app/use-shortcut';
import type { Colleague } from '../../../shared/api/directory';
import { TransferDirectory } from './TransferDirectory';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function SoftphoneControls({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const phone = useSoftphone();
  const [keypad, setKeypad] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const [colleague, setColleague] = useState<Colleague | null>(null);
  /** Who the consult call went to, by name, when chosen from the directory. */
  const [consultName, setConsultName] = useState<{ target: string; name: string } | null>(null);
  const active = useActiveCall();
  const call = active?.id === callId ? active : null;
  const consult = call && phone.consult?.consultFor === call.id ? phone.consult : null;
  const live = call?.state === 'established';
  const canComplete = consult?.state === 'established' && call?.transfer !== 'completing';
  const attempt = (action: () => Promise<void>) => void action().catch((error: unknown) => notify('error', phoneErrorText(t as never, error) ?? errorText(t, error)));
  // Hold follows the far end's answer; a press while one is on the wire does nothing.
  const toggleHold = () => call && !call.holdPending && attempt(() => phone.setHold(!call.held));
  useShortcut('h', () => toggleHold(), live && !consult);
  useShortcut('m', () => call && phone.setMuted(!call.muted), live);
  useShortcut('k', () => setKeypad((k) => !k), call !== null);
  // Alt+T: open the transfer panel; while consulting, complete the transfer. Alt+B: back to the caller.
  useShortcut('t', () => (consult ? canComplete && attempt(phone.completeTransfer) : setTransferOpen((o) => !o)), live);
  useShortcut('b', () => attempt(phone.returnToCaller), consult !== null && call?.transfer !== 'completing');
  if (!call) return null;
  const g = grade(phone.quality);
  const q = phone.quality;
  // A colleague chosen from the directory: their SIP address as the server knows it; else what was typed.
  const target = colleague?.sipUri ?? transferTo.trim();
  const chooseColleague = (c: Colleague) => {
    setColleague((current) => (current?.userId === c.userId ? null : c));
    setTransferTo('');
  };

  return (
    <div className="softphone-controls" data-testid="softphone-controls" data-call-state={call.state} data-held={call.held} data-muted={call.muted}
      data-hold-pending={call.holdPending}
      data-transfer={call.transfer ?? 'none'}>
      <span className={`softphone-state softphone-state-${call.state}`} data-testid="softphone-state">
        {call.state === 'established'
          ? (call.holdPending ? t(call.held ? 'softphone.bar.resuming' : 'softphone.bar.holding') : call.held ? t('phone.onHold') : t('phone.connected'))
          : call.state === 'ringing' ? t('phone.ringing') : t('phone.dialling')}
      </span>
      <button type="button" className="button" data-testid="softphone-hold" disabled={!live || consult !== null || call.holdPending} aria-busy={call.holdPending} onClick={() => toggleHold()}>
        {call.held ? t('phone.resume') : t('phone.hold')} <kbd>Alt+H</kbd>
      </button>
      <button type="button" className="button" data-testid="softphone-mute" disabled={!live} onClick={() => phone.setMuted(!call.muted)}>
        {call.muted ? t('phone.unmute') : t('phone.mute')} <kbd>Alt+M</kbd>
      </button>
      <button type="button" className="button" data-testid="softphone-keypad" aria-expanded={keypad} onClick={() => setKeypad((k) => !k)}>{t('phone.keypad')} <kbd>Alt+K</kbd></button>
      {!consult && (
        <button type="button" className="button" data-testid="softphone-transfer" aria-expanded={transferOpen} disabled={!live} onClick={() => setTransferOpen((o) => !o)}>
          {t('phone.transfer')} <kbd>Alt+T</kbd>
        </button>
      )}
      {call.state === 'established' && (
        <span className={`softphone-quality softphone-quality-${g}`} data-testid="softphone-quality" data-grade={g}>
          {t('phone.quality', { grade: t(`phone.grade.${g}`), mos: q ? q.mos.toFixed(1) : '–' })}
        </span>
      )}
      {g === 'poor' && q && (
        <p className="notice notice-warn" role="alert">{t('phone.poorWarning', { loss: q.lossPercent.toFixed(1), jitter: Math.round(q.jitterMs) })}</p>
      )}
      {keypad && (
        <div className="softphone-keypad" data-testid="softphone-keypad-grid">
          {KEYS.map((k) => (
            <button key={k} type="button" className="button" data-testid={`dtmf-${k}`} onClick={() => void phone.sendDtmf(k)}>{k}</button>
          ))}
        </div>
      )}
      {transferOpen && !consult && live && (
        <form className="softphone-transfer" data-testid="transfer-panel" onSubmit={(e) => {
          e.preventDefault();
          if (!target) return;
          setTransferOpen(false); // the consult bar takes its place
          setConsultName(colleague ? { target, name: colleague.name } : null);
          setColleague(null);
          attempt(() => phone.startConsult(target));
        }}>
          <TransferDirectory chosen={colleague} onChoose={chooseColleague} />
          {colleague && <p className="softphone-transfer-chosen" data-testid="transfer-chosen">{t('softphone.directory.chosen', { name: colleague.name })}</p>}
          <label className="softphone-transfer-field">
            <span>{t('softphone.directory.orNumber')}</span>
            <input value={transferTo} onChange={(e) => {
              setTransferTo(e.target.value);
              setColleague(null);
            }} data-testid="transfer-number" aria-label={t('phone.transferTo')} />
          </label>
          <button type="submit" className="button button-primary" data-testid="transfer-consult" disabled={!target}>{t('phone.consult')} <kbd>Enter</kbd></button>
          <button type="button" className="button" data-testid="transfer-go" disabled={!target} onClick={() => attempt(() => phone.transfer(target))}>{t('phone.transferBlind')}</button>
          <p className="field-note">{t('phone.transferNote')}</p>
        </form>
      )}
      {consult && <ConsultBar call={call} consult={consult} name={consultName?.name ?? consult.number} canComplete={canComplete} attempt={attempt} />}
    </div>
  );
}

function ConsultBar({ call, consult, name, canComplete, attempt }: { call: CallInfo; consult: CallInfo; name: string; canComplete: boolean; attempt: (a: () => Promise<void>) => void }) {
  const { t } = useTranslation();
  const phone = useSoftphone();
  const completing = call.transfer === 'completing';
  const status = completing ? t('phone.transferring') : consult.state === 'established' ? t('phone.consultConnected') : t('phone.consultRinging');
  return (
    <div className="softphone-consult" data-testid="consult-bar" data-consult-state={consult.state} role="group" aria-label={t('phone.consulting', { name })}>
      <p className="softphone-consult-who">
        <strong data-testid="consult-who">{t('phone.consulting', { name })}</strong>
        <span className="muted" data-testid="consult-state"> · {status} · {t('phone.callerOnHold')}</span>
      </p>
      {call.transfer === 'failed' && <p className="notice notice-warn" role="alert" data-testid="transfer-failed">{t('phone.transferFailed')}</p>}
      <div className="softphone-consult-actions">
        <button type="button" className="button button-primary" data-testid="consult-complete" disabled={!canComplete} onClick={() => attempt(phone.completeTransfer)}>
          {t('phone.completeTransfer')} <kbd>Alt+T</kbd>
        </button>
        <button type="button" className="button" data-testid="consult-return" disabled={completing} onClick={() => attempt(phone.returnToCaller)}>
          {t('phone.returnToCaller')} <kbd>Alt+B</kbd>
        </button>
      </div>
    </div>
  );
}
