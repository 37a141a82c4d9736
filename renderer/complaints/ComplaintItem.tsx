// One complaint as the account screen and the lead's list show it: category, SLA clock on the
// server's clock (a training clock too), owner, hold, links, its history, and the lead's actions.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Complaint } from '../../shared/complaints/protocol';
import { slaState } from '../../shared/complaints/sla';
import { useApi } from '../api/ApiContext';
import { errorText } from '../app/error-text';
import { useFormat } from '../app/format';
import { useNotify } from '../app/Toasts';

const HOUR = 3_600_000;

export function ComplaintItem({ complaint: c, now, canAct, onChanged, onOpenAccount }: {
  complaint: Complaint; now: Date; canAct: boolean; onChanged: (c: Complaint) => void; onOpenAccount?: (accountId: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { state, leftMs } = slaState(c, now);
  const abs = Math.abs(leftMs);
  // Days and hours, or hours and minutes in the last day (never "0 d 5 h").
  const left = abs >= 24 * HOUR
    ? t('complaints.span', { days: Math.floor(abs / (24 * HOUR)), hours: Math.floor((abs % (24 * HOUR)) / HOUR) })
    : t('complaints.spanHours', { hours: Math.floor(abs / HOUR), minutes: Math.floor((abs % HOUR) / 60_000) });
  return (
    <li className="complaint" data-testid="complaint" data-complaint-id={c.id} data-account-id={c.accountId} data-state={state} data-status={c.status}>
      <div className="complaint-head">
        <strong>{t(`complaints.categories.${c.category}`)}</strong>
        <span className={`complaint-clock complaint-clock-${state}`} data-testid="complaint-clock" title={t(`complaints.state.${state}`)}>
          {t(`complaints.state.${state}`)} · {t(`complaints.clock.${state}`, { left })}
        </span>
      </div>
      <div className="complaint-muted">
        {onOpenAccount && <>{t('complaints.account')} {c.accountRef} · {c.debtorName} · </>}
        {t(`complaints.status.${c.status}`)} · {t('complaints.owner')} {c.ownerName} · {t('complaints.due', { time: format.dateTime(c.dueAt) })}
      </div>
      <div>{c.description}</div>
      <div className="complaint-muted">
        {t('complaints.raisedBy', { name: c.raisedByName, time: format.dateTime(c.raisedAt) })} · {t(`complaints.sources.${c.source}`)}
        {c.hold && <> · {t('complaints.holdPlaced', { hold: t(`complaints.holds.${c.hold}`) })}</>}
      </div>
      {(c.links.callIds.length + c.links.recordings.length + c.links.messageIds.length) > 0 && (
        <div className="complaint-muted">{t('complaints.links', { calls: c.links.callIds.length, recordings: c.links.recordings.length, messages: c.links.messageIds.length })}</div>
      )}
      {c.resolvedAt && <div data-testid="complaint-resolution">{t('complaints.resolution', { name: c.resolvedBy === c.ownerId ? c.ownerName : (c.resolvedBy ?? ''), time: format.dateTime(c.resolvedAt), note: c.resolution ?? '' })}</div>}
      <div className="complaint-actions">
        {onOpenAccount && <button type="button" className="button button-quiet" data-testid="complaint-open-account" onClick={() => onOpenAccount(c.accountId)}>{t('complaints.openAccount')}</button>}
        {canAct && c.status !== 'resolved' && <Actions complaint={c} onChanged={onChanged} />}
      </div>
    </li>
  );
}

function Actions({ complaint: c, onChanged }: { complaint: Complaint; onChanged: (c: Complaint) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const notify = useNotify();
  const [mode, setMode] = useState<'resolve' | 'escalate' | null>(null);
  const [note, setNote] = useState('');
  const [liftHold, setLiftHold] = useState(false);
  const [busy, setBusy] = useState(false);
  if (mode === null) {
    return (
      <>
        <button type="button" className="button" data-testid="complaint-resolve" onClick={() => setMode('resolve')}>{t('complaints.resolve')}</button>
        {c.status === 'open' && <button type="button" className="button button-quiet" data-testid="complaint-escalate" onClick={() => setMode('escalate')}>{t('complaints.escalate')}</button>}
      </>
    );
  }
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const changed = mode === 'resolve'
        ? await api.invoke('complaints.resolve', { complaintId: c.id, note, liftHold })
        : await api.invoke('complaints.escalate', { complaintId: c.id, note });
      setMode(null);
      setNote('');
      onChanged(changed);
    } catch (err) {
      notify('error', errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid={`complaint-${mode}-form`}>
      <label>
        {mode === 'resolve' ? t('complaints.resolveNote') : t('complaints.escalateNote')}
        <textarea required value={note} onChange={(e) => setNote(e.target.value)} data-testid="complaint-note" />
      </label>
      {mode === 'resolve' && c.hold && (
        <label className="complaint-check"><input type="checkbox" data-testid="complaint-lift-hold" checked={liftHold} onChange={(e) => setLiftHold(e.target.checked)} /> {t('complaints.liftHold')}</label>
      )}
      <div className="complaint-actions">
        <button type="submit" className="button button-primary" disabled={busy || note.trim() === ''} data-testid="complaint-confirm">
          {mode === 'resolve' ? t('complaints.confirmResolve') : t('complaints.confirmEscalate')}
        </button>
        <button type="button" className="button button-quiet" onClick={() => setMode(null)}>{t('complaints.cancel')}</button>
      </div>
    </form>
  );
}

/** The server's clock as last heard (serverTime in each list), moving on with this machine's. */
export function serverClock(serverTime: string, fetchedAt: number, at: number): Date {
  return new Date(Date.parse(serverTime) + (at - fetchedAt));
}
