// One account: who, where, what is owed, how to reach them, what has happened, and, first of
// all, any hold that restricts contact.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api/errors';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useLoad } from '../../app/use-load';
import { AccountHeader } from './AccountHeader';
import { DebtsTable } from './DebtsTable';
import { HoldBanners } from './HoldBanners';
import type { ScreenGate } from './dial-ahead';
import { PhoneBook } from './PhoneBook';
import { Timeline } from './Timeline';
import { WhyThisAccount } from './WhyThisAccount';
import { CallPanel } from '../call/CallPanel';
import { useCall } from '../call/CallProvider';
import { WrapUpPanel } from '../call/WrapUpPanel';
import { view as callView } from '../../../shared/talktrack';
import { MessagesPanel, OptOutBanners } from '../../messages/MessagesPanel';
import { ComplaintsPanel } from '../../complaints/ComplaintsPanel';
import { LettersPanel } from '../../letters/LettersPanel';
import { useAccountOpened } from '../access/use-account-opened';
import type { AccountViewPurpose } from '../../../shared/domain/access';
import './account.css';
import { StageHistory } from '../../ladder/StageHistory';

interface Props {
  accountId: string;
  onBack: () => void;
  /** What Back says (default: back to the queue). */
  backLabel?: string;
  /** Why it was opened, for the read-access log (default: other). */
  purpose?: AccountViewPurpose;
}

export function AccountView({ accountId, onBack, backLabel, purpose = 'other' }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const [detail, reload] = useLoad(() => api.invoke('account.get', { accountId }), [api, accountId]);
  const { call, wrapUp } = useCall();
  const [logged, setLogged] = useState(0);
  const gate = useGate(accountId, logged);
  // Until the person on the line is verified as the debtor, nothing about the debt shows.
  const masked = call?.accountId === accountId && callView(call.state).masked;
  useAccountOpened(accountId, purpose, detail.status === 'ready', call?.accountId === accountId ? !masked : null);
  const wrappedUp = useRef(wrapUp);
  useEffect(() => {
    // The wrap-up just logged changes the timeline and the holds.
    if (wrappedUp.current && !wrapUp) {
      reload();
      setLogged((n) => n + 1); // a hold just filed changes what may be dialled
    }
    wrappedUp.current = wrapUp;
  }, [wrapUp, reload]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.key === 'Escape' && !(event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement)) onBack();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onBack]);

  return (
    <div className="account-view">
      <button type="button" className="button button-quiet account-back" data-testid="account-back" onClick={onBack}>
        ← {backLabel ?? t('account.back')}
      </button>
      {detail.status === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {detail.status === 'failed' && (
        <div className="notice notice-error" role="alert">
          <span>{t('account.loadFailed', { reason: errorText(t, detail.error) })}</span>
          {!(detail.error instanceof ApiError && detail.error.code === 'NOT_FOUND') && (
            <button type="button" className="button" onClick={reload}>{t('app.retry')}</button>
          )}
        </div>
      )}
      {detail.status === 'ready' && (
        <>
          <AccountHeader account={detail.value.account} />
          <HoldBanners holds={detail.value.holds} parties={detail.value.parties} phones={detail.value.phones} />
          <OptOutBanners account={detail.value} />
          <div className="account-columns">
            <div className="account-main">
              <CallPanel accountId={accountId} />
              <WrapUpPanel detail={detail.value} />
              {masked ? (
                <p className="notice account-masked" data-testid="account-masked">{t('call.masked')}</p>
              ) : (
                <>
                  <DebtsTable debts={detail.value.debts} currency={detail.value.account.currency} today={detail.value.today} />
                  <Timeline items={detail.value.timeline} currency={detail.value.account.currency} />
                </>
              )}
            </div>
            <div className="account-side">
              {!masked && <WhyThisAccount accountId={accountId} />}
              {!masked && <StageHistory timeline={detail.value.timeline} />}
              <PhoneBook account={detail.value} gate={gate} onLogged={() => { reload(); setLogged((n) => n + 1); }} />
              {!masked && <MessagesPanel account={detail.value} onChanged={reload} />}
              {!masked && <LettersPanel account={detail.value} onChanged={reload} />}
              {!masked && <ComplaintsPanel account={detail.value} onChanged={() => { reload(); setLogged((n) => n + 1); }} />}
            </div>
          </div>
        </>
      )}
    </div>
  );
}

/** Calling windows open and close as time passes, so the gate is asked again; twice within its
 *  look-ahead, so a phone allowed now can always be dialled at the click. */
const GATE_REFRESH_MS = 10_000;

function useGate(accountId: string, refresh: number): ScreenGate | null {
  const api = useApi();
  const [gate, setGate] = useState<ScreenGate | null>(null);
  const shownFor = useRef(accountId);
  useEffect(() => {
    let current = true;
    // Another account: nothing shown until its gate is read. The same one read again (after a
    // dial): the old answer stays until the new one is in, its look-ahead already spent.
    if (shownFor.current !== accountId) setGate(null);
    shownFor.current = accountId;
    const ask = () => api.invoke('compliance.gate', { accountId }).then((g) => current && setGate({ ...g, receivedAt: performance.now() }), () => undefined);
    void ask();
    const timer = setInterval(() => void ask(), GATE_REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api, accountId, refresh]);
  return gate;
}
