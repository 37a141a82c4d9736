// The call bar: the call the agent is on, shown under the top bar wherever they are (queue,
// an account, the dial pad, settings): who, where it stands, how long since the answer, and
// its controls (hang up, hold, mute, keypad, transfer). Every established call has it,
// outbound or inbound, from a known account or an unknown number; a call that ends unanswered
// leaves a line saying why, in words, until the next call.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActiveCall, useSoftphone } from '../../softphone/SoftphoneProvider';
import { formatPhone } from '../account/phone-format';
import { useCall } from './CallProvider';
import { endText } from './end-text';
import { SoftphoneControls } from './SoftphoneControls';

export function CallBar() {
  const { t } = useTranslation();
  const phone = useSoftphone();
  const { call, endCall } = useCall();
  // From the softphone's store: "Connected" is drawn in the answer's own task, before the rest of the console.
  const active = useActiveCall();
  const elapsed = useSince(active?.state === 'established' ? active.answeredAt : null);
  const last = phone.lastEnded;
  // Ctrl+E hangs up from anywhere; the talk track's panel handles it for its own call.
  const own = active !== null && call?.callId !== active.id;
  useEffect(() => {
    if (!own) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.ctrlKey || event.key.toLowerCase() !== 'e') return;
      event.preventDefault();
      void phone.hangUp();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [own, phone]);

  if (!active) {
    if (!last || last.end.reason === 'answered' || last.info.direction !== 'outbound') return null;
    return (
      <div className="call-bar call-bar-ended" role="status" data-testid="call-result" data-reason={last.end.reason} data-status={last.end.sipStatus ?? ''}>
        {endText(t, last, phone.ringTimeoutSec)}
      </div>
    );
  }
  const number = formatPhone(active.number);
  const who = active.transferredFrom ? t('softphone.bar.transferred', { number, from: active.transferredFrom })
    : active.direction === 'outbound' ? t('softphone.bar.outbound', { number }) : t('softphone.bar.inbound', { number: active.name ? `${active.name} (${number})` : number });
  // Hanging up the call behind the talk track also opens its wrap-up.
  const hangUp = () => (call?.callId === active.id ? endCall() : void phone.hangUp());
  return (
    <section className="call-bar" aria-label={t('softphone.bar.label')} data-testid="call-bar" data-call-id={active.id} data-call-state={active.state}>
      <div className="call-bar-who">
        <strong data-testid="call-bar-who">{who}</strong>
        {elapsed && <span className="call-timer" data-testid="call-bar-timer">{elapsed}</span>}
        {active.earlyMedia && active.state !== 'established' && <span className="muted" data-testid="call-bar-early">{t('softphone.bar.earlyMedia')}</span>}
      </div>
      <SoftphoneControls callId={active.id} />
      <button type="button" className="button button-danger" data-testid="call-bar-hangup" onClick={hangUp}>
        {t('softphone.bar.hangUp')} <kbd>Ctrl+E</kbd>
      </button>
    </section>
  );
}

/** mm:ss since `from` (epoch ms), ticking each second; '' when there is none. */
function useSince(from: number | null): string {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (from === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [from]);
  if (from === null) return '';
  const s = Math.max(0, Math.floor((now - from) / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
