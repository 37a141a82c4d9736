// An inbound call: who is calling (the accounts the number belongs to, a choice when several
// do), answer or reject. Answering opens the account with its talk track. It rings on the
// ringing device, or is answered at once when auto-answer is on and the agent is free. A call
// that arrives while another is live is call waiting: it does not ring, and answering it ends
// the call in progress first (one call at a time).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSoftphone } from '../../softphone/SoftphoneProvider';
import { formatPhone } from '../account/phone-format';
import { useShortcut } from '../../app/use-shortcut';
import { incomingAction } from './auto-answer';
import { useCall } from './CallProvider';

export function IncomingCall({ onOpen }: { onOpen: (accountId: string) => void }) {
  const { t } = useTranslation();
  const { incoming, answer, reject, prefs, active, setRinging } = useSoftphone();
  const { call: onCall, wrapUp, startCall } = useCall();
  // Alt+A answers when there is no choice to make (one account, or none); Alt+R rejects.
  const only = incoming?.matches?.length === 1 ? incoming.matches[0]! : null;
  const canAnswerByKey = incoming !== null && incoming.matches !== null && incoming.matches.length <= 1;
  const waiting = incoming?.call.waiting ?? false;
  const action = waiting ? 'wait' : incomingAction({ autoAnswer: prefs.autoAnswer, incoming, busy: onCall !== null || wrapUp !== null || active !== null });
  const autoAnswered = useRef<string | null>(null);

  async function take(accountId: string | null, phoneId: string | null): Promise<void> {
    if (!incoming) return;
    const wasWaiting = incoming.call.waiting;
    await answer(accountId, phoneId);
    // A call taken from call waiting keeps the ended call's wrap-up: it is handled from the call bar.
    if (accountId && phoneId && !wasWaiting) {
      onOpen(accountId);
      await startCall(accountId, phoneId, incoming.call.id);
    }
  }

  useShortcut('a', () => void take(only?.accountId ?? null, only?.phoneId ?? null), canAnswerByKey);
  useShortcut('r', () => void reject(), incoming !== null);
  useEffect(() => {
    setRinging(action === 'ring');
  }, [action, setRinging]);
  useEffect(() => () => setRinging(false), [setRinging]);
  useEffect(() => {
    if (action !== 'answer' || !incoming || autoAnswered.current === incoming.call.id) return;
    autoAnswered.current = incoming.call.id;
    void take(only?.accountId ?? null, only?.phoneId ?? null);
  });
  if (!incoming) return null;
  const { call, matches } = incoming;

  return (
    <div className={`incoming-call${waiting ? ' incoming-call-waiting' : ''}`} role="alertdialog" aria-live="assertive" data-testid="incoming-call" data-action={action}
      data-waiting={waiting}>
      <strong>{waiting ? t('softphone.waiting.title', { number: formatPhone(call.number) }) : t('phone.incoming', { number: formatPhone(call.number) })}</strong>
      {waiting && <span className="muted">{t('softphone.waiting.note')}</span>}
      {matches === null && <span className="muted">{t('phone.lookingUp')}</span>}
      {matches?.length === 0 && <span className="muted">{t('phone.unknownCaller')}</span>}
      {action === 'answer' && <span className="muted">{t('phone.autoAnswering')}</span>}
      <div className="incoming-matches">
        {matches?.map((m) => (
          <button key={`${m.accountId}-${m.phoneId}`} type="button" className="button button-primary" data-testid="incoming-answer" data-account-id={m.accountId}
            onClick={() => void take(m.accountId, m.phoneId)}>
            {waiting ? `${t('softphone.waiting.answer')} · ${m.partyName} (${m.ref})` : t('phone.answerFor', { name: m.partyName, ref: m.ref })}
            {matches.length === 1 && <kbd>Alt+A</kbd>}
          </button>
        ))}
        {matches?.length === 0 && (
          <button type="button" className="button button-primary" data-testid="incoming-answer" onClick={() => void take(null, null)}>{waiting ? t('softphone.waiting.answer') : t('phone.answer')} <kbd>Alt+A</kbd></button>
        )}
        <button type="button" className="button" data-testid="incoming-reject" onClick={() => void reject()}>{t('phone.reject')} <kbd>Alt+R</kbd></button>
      </div>
    </div>
  );
}
