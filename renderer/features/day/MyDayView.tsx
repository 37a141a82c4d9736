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
  const { mine, date, team } = day.value;
  const money = (byCurrency: Record<string, number>) => {
    const amounts = Object.entries(byCurrency).map(([c, minor]) => (c === 'unknown' ? format.number(minor / 100) : format.money(minor, c as Currency)));
    return amounts.length > 0 ? amounts.join(' · ') : format.number(0);
  };
  // The team's total beside the agent's own, and what one agent of the team averages.
  const teamCount = (n: number) => team && t('day.team', { total: format.number(n), perAgent: format.number(Math.round((n / team.agents) * 10) / 10) });
  const tiles: [string, string, string, string | null][] = [
    ['attempts', t('day.attempts'), format.number(mine.attempts), teamCount(team?.attempts ?? 0)],
    ['rpc', t('day.rightPartyContacts'), format.number(mine.rightPartyContacts), teamCount(team?.rightPartyContacts ?? 0)],
    ['promises', t('day.promises'), format.number(mine.promises), teamCount(team?.promises ?? 0)],
    ['promised', t('day.promised'), money(mine.promisedMinor), team && t('day.teamTotal', { total: money(team.promisedMinor) })],
    ['talk', t('day.talkTime'), duration(mine.talkMs), team && t('day.team', { total: duration(team.talkMs), perAgent: duration(Math.round(team.talkMs / team.agents)) })],
    ['wrapup', t('day.wrapUpTime'), duration(mine.wrapUpMs), null],
  ];
  return (
    <div className="day-view">
      <h1>{t('day.title')} <span className="muted">{format.date(date)}</span></h1>
      <dl className="day-tiles" data-testid="my-day">
        {tiles.map(([key, label, value, teamText]) => (
          <div key={key} className="day-tile" data-testid={`day-${key}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
            {teamText && <dd className="day-team" data-testid={`day-team-${key}`}>{teamText}</dd>}
          </div>
        ))}
      </dl>
      <p className="muted">{t('day.note')}</p>
      <p className="muted" data-testid="day-team-note">{team ? t('day.teamNote', { count: team.agents }) : t('day.teamUnavailable')}</p>
    </div>
  );
}
