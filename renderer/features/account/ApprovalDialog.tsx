// A warned call goes ahead only with a team lead's approval, given at this console with the
// lead's own credentials and a written reason. Both are logged; blocks never get here.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneGate } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { TextField } from '../../ui/TextField';
import { GateStatus } from './GateStatus';

interface Props {
  accountId: string;
  phoneId: string;
  gate: PhoneGate;
  onClose: () => void;
  onDone: (outcome: 'allowed' | 'blocked') => void;
}

export function ApprovalDialog({ accountId, phoneId, gate, onClose, onDone }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.invoke('dial.authorize', { accountId, phoneId, approval: { username, password, reason } });
      if (answer.outcome === 'needs_approval') setError({ text: t('dial.stillNeedsApproval') });
      else onDone(answer.outcome);
    } catch (err) {
      const field = err instanceof ApiError ? err.issues?.[0]?.path.split('.').at(-1) : undefined;
      setError({ field, text: err instanceof ApiError && err.code === 'UNAUTHORIZED' ? t('dial.approverWrong') : errorText(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} className="approval-dialog" data-testid="approval-dialog" onClose={onClose} aria-labelledby="approval-title">
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="approval-title">{t('dial.approvalTitle')}</h2>
        <p>{t('dial.approvalExplain')}</p>
        <GateStatus gate={gate} />
        <TextField id="approval-username" testId="approval-username" label={t('dial.approverUsername')} value={username} onChange={setUsername} />
        <TextField id="approval-password" testId="approval-password" label={t('dial.approverPassword')} type="password" value={password} onChange={setPassword} />
        <TextField id="approval-reason" testId="approval-reason" label={t('dial.approvalReason')} multiline value={reason} onChange={setReason}
          error={error?.field === 'reason' ? error.text : undefined} />
        {error && error.field !== 'reason' && <p className="field-error" role="alert" data-testid="approval-error">{error.text}</p>}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => dialog.current?.close()}>{t('dial.cancel')}</button>
          <button type="submit" className="button button-primary" data-testid="approval-submit" disabled={busy}>{t('dial.approveAndCall')}</button>
        </div>
      </form>
    </dialog>
  );
}
