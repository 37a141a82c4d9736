// The dial button of one phone. It mirrors the gate's answer on screen, but the core asks the
// gate again at the moment of dialling: what is on screen may be seconds old. When the screen's
// gate says the phone is allowed now and for a while yet (dial-ahead.ts), the call goes out at the
// click and that check runs alongside: a "no" hangs the call up before the far end can answer.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneGate } from '../../../shared/api/contract';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useNotify } from '../../app/Toasts';
import { phoneErrorText, useSoftphone } from '../../softphone/SoftphoneProvider';
import { openTrackOnceRinging } from '../call/open-track';
import { useCall } from '../call/CallProvider';
import { ApprovalDialog } from './ApprovalDialog';
import { dialableAhead, type ScreenGate } from './dial-ahead';
import { formatPhone } from './phone-format';

interface Props {
  accountId: string;
  accountRef: string;
  phoneId: string;
  number: string;
  gate: PhoneGate | undefined;
  /** The whole screen's gate, with its look-ahead. */
  screenGate: ScreenGate | null;
  onLogged: () => void;
}

export function DialButton({ accountId, accountRef, phoneId, number, gate, screenGate, onLogged }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const [approving, setApproving] = useState<PhoneGate | null>(null);
  // A gate's look-ahead serves one call: the next waits for the gate read after it.
  const spentGate = useRef<ScreenGate | null>(null);
  const placing = useRef(false);
  const { call, wrapUp, startCall, prefetch } = useCall();
  const softphone = useSoftphone();
  const blocked = !gate || gate.decision === 'block';

  // One call at a time: a call on the softphone (an inbound one, one from the dial pad) counts too.
  const busyElsewhere = call !== null || wrapUp !== null || softphone.active !== null;
  // The talk track, ready before the click (the ring is no time to fetch it); again after each call.
  useEffect(() => {
    if (!blocked && !busyElsewhere) prefetch(accountId);
  }, [blocked, busyElsewhere, accountId, prefetch]);

  async function dial(): Promise<void> {
    performance.mark('fairline:dial-click');
    if (placing.current) return;
    if (softphone.registration.state === 'registered' && screenGate !== spentGate.current && dialableAhead(screenGate, phoneId)) {
      spentGate.current = screenGate;
      placing.current = true;
      return dialAhead();
    }
    setBusy(true);
    try {
      const answer = await api.invoke('dial.authorize', { accountId, phoneId });
      if (answer.outcome === 'needs_approval') setApproving(answer.gate);
      // Busy until the talk track is open (the call's own state takes over then).
      else await report(answer.outcome);
    } catch (error) {
      notify('error', errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  /** The call first, the core's check (and its log) alongside; nothing renders before the INVITE is out. */
  async function dialAhead(): Promise<void> {
    let callId: string;
    try {
      callId = softphone.dial({ accountId, phoneId, number, ref: accountRef });
    } catch (error) {
      placing.current = false;
      notify('error', phoneErrorText(t as never, error) ?? errorText(t, error));
      return;
    }
    try {
      const answer = await api.invoke('dial.authorize', { accountId, phoneId });
      if (answer.outcome === 'allowed') return await opened(callId);
      // The data changed since the screen's gate was read: the call ends here, and the agent sees why.
      softphone.hangUpCall(callId, 'refused');
      onLogged();
      if (answer.outcome === 'needs_approval') setApproving(answer.gate);
      else notify('error', t('dial.refused'));
    } catch (error) {
      // No call stands without the core's check.
      softphone.hangUpCall(callId, 'unchecked');
      notify('error', errorText(t, error));
    } finally {
      placing.current = false;
    }
  }

  /** After the call is placed: the account read again once it is set up, and the talk track opened once it rings. */
  function opened(callId: string): Promise<void> {
    // The account is read again (the logged decision) once the call is set up: its request and
    // the page's re-render would otherwise land in the ring and the answer.
    void softphone.settled(callId).then(onLogged);
    return openTrackOnceRinging(softphone.sent, startCall, { accountId, phoneId, callId }).catch((error: unknown) => notify('error', errorText(t, error)));
  }

  function report(outcome: 'allowed' | 'blocked'): Promise<void> {
    if (outcome === 'blocked') {
      onLogged();
      notify('error', t('dial.refused'));
      return Promise.resolve();
    }
    // The softphone places it when registered; otherwise the agent dials on the desk phone,
    // with the talk track open either way.
    if (softphone.registration.state === 'registered') {
      let callId: string;
      try {
        callId = softphone.dial({ accountId, phoneId, number, ref: accountRef });
      } catch (error) {
        onLogged();
        notify('error', phoneErrorText(t as never, error) ?? errorText(t, error));
        return Promise.resolve();
      }
      return opened(callId);
    }
    onLogged();
    // Worded as shown: the agent may switch the language while reading the number to dial.
    notify('success', (tt) => tt('call.started', { number: formatPhone(number) }));
    return startCall(accountId, phoneId, null).catch((error: unknown) => notify('error', errorText(t, error)));
  }

  return (
    <>
      <button
        type="button"
        className="button dial-button"
        data-testid="dial-button"
        disabled={blocked || busy || busyElsewhere}
        title={blocked ? t('dial.disabledBlocked') : busyElsewhere ? t(call || softphone.active ? 'call.onCallAlready' : 'call.finishWrapUp') : undefined}
        onClick={() => void dial()}
      >
        {t('dial.call')}
      </button>
      {approving && (
        <ApprovalDialog
          accountId={accountId}
          phoneId={phoneId}
          gate={approving}
          onClose={() => setApproving(null)}
          onDone={(outcome) => {
            setApproving(null);
            void report(outcome);
          }}
        />
      )}
    </>
  );
}
