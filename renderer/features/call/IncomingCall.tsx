// An inbound call: who is calling (the accounts the number belongs to, a choice when several
// do), answer or reject. Answering opens the account with its talk track.
import { useTranslation } from 'react-i18next';
import { useSoftphone } from '../../softphone/SoftphoneProvider';
import { formatPhone } from '../account/phone-format';
import { useShortcut } from '../../app/use-shortcut';
import { useCall } from './CallProvider';

export function IncomingCall({ onOpen }: { onOpen: (accountId: string) => void }) {
  const { t } = useTranslation();
  const { incoming, answer, reject } = useSoftphone();
  const { startCall } = useCall();
  // Alt+A answers when there is no choice to make (one account, or none); Alt+R rejects.
  const only = incoming?.matches?.length === 1 ? incoming.matches[0]! : null;
  const canAnswerByKey = incoming !== null && incoming.matches !== null && incoming.matches.length <= 1;
  useShortcut('a', () => void take(only?.accountId ?? null, only?.phoneId ?? null), canAnswerByKey);
  useShortcut('r', () => void reject(), incoming !== null);
  if (!incoming) return null;
  const { call, matches } = incoming;

  async function take(accountId: string | null, phoneId: string | null): Promise<void> {
    if (!incoming) return;
    await answer(accountId, phoneId);
    if (accountId && phoneId) {
      onOpen(accountId);
      await startCall(accountId, phoneId, incoming.call.id);
    }
  }

  return (
    <div className="incoming-call" role="alertdialog" aria-live="assertive" data-testid="incoming-call">
      <strong>{t('phone.incoming', { number: formatPhone(call.number) })}</strong>
      {matches === null && <span className="muted">{t('phone.lookingUp')}</span>}
      {matches?.length === 0 && <span className="muted">{t('phone.unknownCaller')}</span>}
      <div className="incoming-matches">
        {matches?.map((m) => (
          <button key={`${m.accountId}-${m.phoneId}`} type="button" className="button button-primary" data-testid="incoming-answer" data-account-id={m.accountId}
            onClick={() => void take(m.accountId, m.phoneId)}>
            {t('phone.answerFor', { name: m.partyName, ref: m.ref })}{matches.length === 1 && <kbd>Alt+A</kbd>}
          </button>
        ))}
        {matches?.length === 0 && (
          <button type="button" className="button button-primary" data-testid="incoming-answer" onClick={() => void take(null, null)}>{t('phone.answer')} <kbd>Alt+A</kbd></button>
        )}
        <button type="button" className="button" data-testid="incoming-reject" onClick={() => void reject()}>{t('phone.reject')} <kbd>Alt+R</kbd></button>
      </div>
    </div>
  );
}
