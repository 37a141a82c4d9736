// The dial button of one phone. It mirrors the gate's answer on screen, but the core asks the
// gate again at the moment of dialling: what is on screen may be seconds old.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneGate } from '../../../shared/api/contract';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useNotify } from '../../app/Toasts';
import { ApprovalDialog } from './ApprovalDialog';
import { formatPhone } from './phone-format';

interface Props {
  accountId: string;
  phoneId: string;
  number: string;
  gate: PhoneGate | undefined;
  onLogged: () => void;
}

export function DialButton({ accountId, phoneId, number, gate, onLogged }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const [approving, setApproving] = useState<PhoneGate | null>(null);
  const blocked = !gate || gate.decision === 'block';

  async function dial(): Promise<void> {
    setBusy(true);
    try {
      const answer = await api.invoke('dial.authorize', { accountId, phoneId });
      if (answer.outcome === 'needs_approval') setApproving(answer.gate);
      else report(answer.outcome);
    } catch (error) {
      notify('error', errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  function report(outcome: 'allowed' | 'blocked'): void {
    notify(outcome === 'allowed' ? 'success' : 'error', outcome === 'allowed' ? t('dial.allowed', { number: formatPhone(number) }) : t('dial.refused'));
    onLogged();
  }

  return (
    <>
      <button
        type="button"
        className="button dial-button"
        data-testid="dial-button"
        disabled={blocked || busy}
        title={blocked ? t('dial.disabledBlocked') : undefined}
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
            report(outcome);
          }}
        />
      )}
    </>
  );
}
