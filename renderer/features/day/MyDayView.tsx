// The collector's own day: attempts, right-party contacts, promises and their amounts, talk and
// wrap-up time, from this console's log.
import { useTranslation } from 'react-i18next';
import type { Currency } from '../../../shared/domain/portfolio';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useFormat } from '../../app/format';
import { useLoad } from '../../app/use-load';
import { useNow } from '../../app/use-now';
import { duration } from '../board/duration';
import { agentZone } from '../queue/zoned-time';
import '../callbacks/callbacks.css';
import './day.css';

export function MyDayView() {
  const api = useApi();
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow(60_000);
  const [day] = useLoad(() => api.invoke('day.mine', { tz: agentZone() }), [api, now], { keepWhileReloading: true });

  if (day.status === 'failed') return <div className="day-view"><p className="notice notice-error" role="alert">{errorText(t, day.error)}</p></div>;
  if (day.status !== 'ready') return <div className="day-view" />;
  const { mine, date } = day.value;
  const amounts = Object.entries(mine.promisedMinor).map(([c, minor]) => (c === 'unknown' ? format.number(minor / 100) : format.money(minor, c as Currency)));
  const tiles: [string, string, string][] = [
    ['attempts', t('day.attempts'), format.number(mine.attempts)],
    ['rpc', t('day.rightPartyContacts'), format.number(mine.rightPartyContacts)],
    ['promises', t('day.promises'), format.number(mine.promises)],
    ['promised', t('day.promised'), amounts.length > 0 ? amounts.join(' · ') : format.number(0)],
    ['talk', t('day.talkTime'), duration(mine.talkMs)],
    ['wrapup', t('day.wrapUpTime'), duration(mine.wrapUpMs)],
  ];
  return (
    <div className="day-view">
      <h1>{t('day.title')} <span className="muted">{format.date(date)}</span></h1>
      <dl className="day-tiles" data-testid="my-day">
        {tiles.map(([key, label, value]) => (
          <div key={key} className="day-tile" data-testid={`day-${key}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('day.note')}</p>
    </div>
  );
}
