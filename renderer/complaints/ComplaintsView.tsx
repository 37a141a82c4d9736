// The lead's complaints (docs/complaints.md): every open complaint of the teams they lead, by due
// time, with the SLA clock counted on the server's clock (a training clock too), and the actions
// to escalate or resolve with a note. Resolved ones on request.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintList } from '../../shared/complaints/protocol';
import { useApi } from '../api/ApiContext';
import { errorText } from '../app/error-text';
import { useFormat } from '../app/format';
import { useNow } from '../app/use-now';
import { ComplaintItem, serverClock } from './ComplaintItem';
import './complaints.css';

const REFRESH_MS = 30_000;

export function ComplaintsView({ onOpenAccount }: { onOpenAccount: (accountId: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const [all, setAll] = useState(false);
  const [list, setList] = useState<{ value: ComplaintList; at: number } | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useNow(REFRESH_MS);
  const load = useCallback(() => {
    api.invoke('complaints.list', { status: all ? 'all' : 'open' }).then((value) => {
      setList({ value, at: Date.now() });
      setFailed(null);
    }, setFailed);
  }, [api, all]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  const now = list ? serverClock(list.value.serverTime, list.at, Date.now()) : new Date();
  return (
    <div className="complaints-view" data-testid="complaints-view">
      <div className="complaints-view-head">
        <h1>{t('complaints.list')}</h1>
        {list && <span className="complaint-muted">{t('complaints.slaDays', { count: list.value.slaDays })} · {t('complaints.refreshed', { time: format.dateTime(list.value.serverTime) })}</span>}
        <label><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="complaints-all" /> {t('complaints.showResolved')}</label>
      </div>
      {failed !== null && <p className="notice notice-error" role="alert">{errorText(t, failed)}</p>}
      {list && list.value.complaints.length === 0 && <p className="muted">{t('complaints.noneOpen')}</p>}
      {list && (
        <ol className="complaint-list">
          {list.value.complaints.map((c) => <ComplaintItem key={c.id} complaint={c} now={now} canAct onChanged={load} onOpenAccount={onOpenAccount} />)}
        </ol>
      )}
    </div>
  );
}
