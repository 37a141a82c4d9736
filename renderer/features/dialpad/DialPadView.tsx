// The dial pad: a number outside the portfolio, checked against the rules of its country
// before the softphone dials it (the decision is logged like every other).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneGate } from '../../../shared/api/contract';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useSoftphone } from '../../softphone/SoftphoneProvider';
import { GateStatus } from '../account/GateStatus';
import { phoneErrorText } from '../../softphone/SoftphoneProvider';
import './dialpad.css';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '0', '#'];

export function DialPadView() {
  const api = useApi();
  const { t } = useTranslation();
  const phone = useSoftphone();
  const [number, setNumber] = useState('');
  const [refused, setRefused] = useState<PhoneGate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [callId, setCallId] = useState<string | null>(null);
  const registered = phone.registration.state === 'registered';
  const inCall = callId !== null && phone.active?.id === callId;
  // One call at a time: another call in progress (from an account, or inbound) keeps this one from dialling.
  const otherCall = phone.active !== null && !inCall;

  async function call(): Promise<void> {
    setRefused(null);
    setError(null);
    try {
      // A colleague's extension is no outside call: no debtor, no gate.
      if (phone.internal(number)) {
        setCallId(phone.dial({ accountId: null, phoneId: null, number, ref: null }));
        return;
      }
      const answer = await api.invoke('dial.authorizeNumber', { number });
      if (answer.outcome !== 'allowed') {
        setRefused(answer.gate);
        return;
      }
      setCallId(phone.dial({ accountId: null, phoneId: null, number, ref: null }));
    } catch (e) {
      setError(phoneErrorText(t as never, e) ?? errorText(t, e));
    }
  }

  return (
    <section className="panel dialpad" data-testid="dialpad">
      <h1>{t('dialpad.title')}</h1>
      <p className="muted">{t('dialpad.explain')}</p>
      {!registered && <p className="notice notice-warn">{t('dialpad.phoneOff')}</p>}
      {otherCall && <p className="notice notice-warn" data-testid="dialpad-busy">{t('softphone.error.busy')}</p>}
      <form onSubmit={(e) => { e.preventDefault(); if (!inCall && !otherCall) void call(); }}>
        <label className="dialpad-number">
          <span>{t('dialpad.number')}</span>
          <input data-testid="dialpad-number" inputMode="tel" autoFocus value={number} onChange={(e) => setNumber(e.target.value.replace(/[^\w+#*\s.-]/g, ''))} />
        </label>
        <div className="dialpad-keys">
          {KEYS.map((k) => <button key={k} type="button" className="button" onClick={() => (inCall ? void phone.sendDtmf(k) : setNumber((n) => n + k))}>{k}</button>)}
        </div>
        {inCall ? (
          <button type="button" className="button button-danger" data-testid="dialpad-hangup" onClick={() => void phone.hangUp()}>{t('dialpad.hangUp')} <kbd>Ctrl+E</kbd></button>
        ) : (
          <button type="submit" className="button button-primary" data-testid="dialpad-call" disabled={!registered || otherCall || number.replace(/\D/g, '').length < 1}>{t('dialpad.call')} <kbd>Enter</kbd></button>
        )}
      </form>
      {refused && (
        <div className="dialpad-refused" data-testid="dialpad-refused">
          <p>{t('dialpad.refused')}</p>
          <GateStatus gate={refused} />
        </div>
      )}
      {error && <p className="field-error" role="alert" data-testid="dialpad-error">{error}</p>}
      <p className="muted call-keys">{t('dialpad.keys')}</p>
    </section>
  );
}
