// The softphone's controls during a call: where the call stands, hold, mute, the keypad (DTMF)
// and transfer, with the line's quality and a warning when it turns poor.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { grade } from '../../softphone/quality';
import { useSoftphone } from '../../softphone/SoftphoneProvider';
import { useShortcut } from '../../app/use-shortcut';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function SoftphoneControls({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const phone = useSoftphone();
  const [keypad, setKeypad] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const call = phone.active?.id === callId ? phone.active : null;
  const live = call?.state === 'established';
  useShortcut('h', () => call && void phone.setHold(!call.held), live);
  useShortcut('m', () => call && phone.setMuted(!call.muted), live);
  useShortcut('k', () => setKeypad((k) => !k), call !== null);
  if (!call) return null;
  const g = grade(phone.quality);
  const q = phone.quality;

  return (
    <div className="softphone-controls" data-testid="softphone-controls" data-call-state={call.state} data-held={call.held} data-muted={call.muted}>
      <span className={`softphone-state softphone-state-${call.state}`} data-testid="softphone-state">
        {call.state === 'established' ? t('phone.connected') : call.state === 'ringing' ? t('phone.ringing') : t('phone.dialling')}
      </span>
      <button type="button" className="button" data-testid="softphone-hold" disabled={call.state !== 'established'} onClick={() => void phone.setHold(!call.held)}>
        {call.held ? t('phone.resume') : t('phone.hold')} <kbd>Alt+H</kbd>
      </button>
      <button type="button" className="button" data-testid="softphone-mute" disabled={call.state !== 'established'} onClick={() => phone.setMuted(!call.muted)}>
        {call.muted ? t('phone.unmute') : t('phone.mute')} <kbd>Alt+M</kbd>
      </button>
      <button type="button" className="button" data-testid="softphone-keypad" aria-expanded={keypad} onClick={() => setKeypad((k) => !k)}>{t('phone.keypad')} <kbd>Alt+K</kbd></button>
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
          <form className="softphone-transfer" onSubmit={(e) => {
            e.preventDefault();
            if (transferTo.trim()) void phone.transfer(transferTo.trim());
          }}>
            <input aria-label={t('phone.transferTo')} placeholder={t('phone.transferTo')} value={transferTo} onChange={(e) => setTransferTo(e.target.value)} data-testid="transfer-number" />
            <button type="submit" className="button" data-testid="transfer-go" disabled={call.state !== 'established'}>{t('phone.transfer')}</button>
          </form>
        </div>
      )}
    </div>
  );
}
