// The field agent's day: the route's stops in order with their addresses and where each stands,
// how old the data is, and the selected stop's check-in, outcome or summary beside the list.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteStop, RouteView as Route } from '../../../shared/api/visits';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useFormat } from '../../app/format';
import { useSyncStatus } from '../../app/SyncStatus';
import { consoleNow } from '../../app/use-now';
import { useLoad } from '../../app/use-load';
import { CheckInPanel } from './CheckInPanel';
import { VisitOutcomePanel } from './VisitOutcomePanel';
import './visits.css';

const DAY_MS = 86_400_000;

export function RouteView({ onOpenAccount }: { onOpenAccount: (accountId: string) => void }) {
  const api = useApi();
  const { t } = useTranslation();
  const format = useFormat();
  const { status } = useSyncStatus();
  const [date, setDate] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  // A pull may bring a new route or new accounts: reload when the local data changes, keeping
  // the route on screen meanwhile (an outcome half typed, photos attached, must survive a sync).
  const [route, reload] = useLoad(() => api.invoke('visits.route', date ? { date } : {}), [api, date, status?.lastSyncedAt, status?.queueVersion], { keepWhileReloading: true });

  const value = route.status === 'ready' ? route.value : null;
  useEffect(() => {
    if (value && !value.stops.some((s) => s.accountId === selected)) {
      setSelected((value.stops.find((s) => s.visit?.state !== 'done') ?? value.stops[0])?.accountId ?? null);
    }
  }, [value, selected]);

  if (route.status === 'loading') return <p className="visits-empty">{t('app.loading')}</p>;
  if (route.status === 'failed') return <p className="visits-empty" role="alert">{errorText(t, route.error)}</p>;
  const r = route.value;
  const stop = r.stops.find((s) => s.accountId === selected) ?? null;

  return (
    <div className="visits" data-testid="route-view">
      <header className="visits-header">
        <h1>{t('visits.title')}</h1>
        {r.dates.length > 1 && (
          <label className="visits-day">
            <span>{t('visits.day')}</span>
            <select value={r.date ?? ''} data-testid="route-day" onChange={(e) => setDate(e.target.value)}>
              {r.dates.map((d) => <option key={d} value={d}>{format.date(d)}</option>)}
            </select>
          </label>
        )}
        {r.dates.length === 1 && r.date && <span className="visits-date">{format.date(r.date)}</span>}
      </header>
      <DataAge route={r} />
      {r.missing > 0 && <p className="visits-notice" role="status">{t('visits.missing', { count: r.missing })}</p>}
      {r.date === null ? (
        <p className="visits-empty" data-testid="route-empty">{t('visits.noRoute')}</p>
      ) : (
        <div className="visits-body">
          <ol className="visits-stops" aria-label={t('visits.stops')}>
            {r.stops.map((s) => (
              <StopRow key={s.accountId} stop={s} selected={s.accountId === selected} onSelect={() => setSelected(s.accountId)} />
            ))}
          </ol>
          {stop && (
            <section className="visits-detail" aria-label={t('visits.stop', { position: stop.position })} data-testid="visit-detail">
              <div className="visits-detail-head">
                <div>
                  <h2>{stop.debtorName} <span className="visits-ref">{stop.ref}</span></h2>
                  <p className="visits-address">{stop.address}</p>
                </div>
                <button type="button" className="button button-quiet" onClick={() => onOpenAccount(stop.accountId)}>{t('visits.openAccount')}</button>
              </div>
              {stop.visit === null && <CheckInPanel key={stop.accountId} stop={stop} lastAttendees={r.lastAttendees} onDone={reload} />}
              {stop.visit?.state === 'checked_in' && <VisitOutcomePanel key={stop.visit.visitId} stop={stop} visit={stop.visit} onDone={reload} />}
              {stop.visit?.state === 'done' && <DoneSummary stop={stop} />}
            </section>
          )}
        </div>
      )}
    </div>
  );
}

function DataAge({ route }: { route: Route }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!route.dataAsOf) return <p className="visits-age visits-age-old" data-testid="data-age">{t('visits.dataNever')}</p>;
  const old = consoleNow().getTime() - Date.parse(route.dataAsOf) > DAY_MS;
  return (
    <p className={`visits-age${old ? ' visits-age-old' : ''}`} data-testid="data-age">
      {t('visits.dataAge', { when: format.dateTime(route.dataAsOf), ago: format.ago(route.dataAsOf, consoleNow().getTime()) })}
      {old && <> {t('visits.dataOld')}</>}
    </p>
  );
}

function StopRow({ stop, selected, onSelect }: { stop: RouteStop; selected: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = stop.visit === null
    ? t('visits.state.todo')
    : stop.visit.state === 'checked_in'
      ? t('visits.state.checked_in', { time: format.dateTime(stop.visit.checkedInAt) })
      : t('visits.state.done', { outcome: t(`visits.outcome.${stop.visit.outcome!}`) });
  return (
    <li>
      <button type="button" className="visits-stop" aria-current={selected ? 'true' : undefined} data-testid={`stop-${stop.position}`}
        data-state={stop.visit?.state ?? 'todo'} onClick={onSelect}>
        <span className="visits-stop-number" aria-hidden="true">{stop.position}</span>
        <span className="visits-stop-main">
          <span className="visits-stop-name">{stop.debtorName} <span className="visits-ref">{stop.ref}</span></span>
          <span className="visits-stop-address">{stop.address}</span>
          <span className="visits-stop-facts">{format.money(stop.balanceMinor, stop.currency)} · {t('visits.dpd', { n: stop.daysPastDue })}</span>
        </span>
        <span className={`visits-stop-state visits-stop-state-${stop.visit?.state ?? 'todo'}`}>{state}</span>
      </button>
    </li>
  );
}

function DoneSummary({ stop }: { stop: RouteStop }) {
  const { t } = useTranslation();
  const format = useFormat();
  const v = stop.visit!;
  return (
    <div className="visits-done" data-testid="visit-done">
      <h3>{t('visits.done.title')}</h3>
      <p>{t('visits.done.summary', { outcome: t(`visits.outcome.${v.outcome!}`), in: format.dateTime(v.checkedInAt), out: format.dateTime(v.checkedOutAt!) })}</p>
      <p className="visits-muted">{v.attendees.map((a) => `${a.name} (${a.staffId})`).join(' · ')}</p>
    </div>
  );
}
