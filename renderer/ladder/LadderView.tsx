// The lead's "what will happen tomorrow and why" (docs/ladder.md): a day (tomorrow by default) and
// a team, and the ladder's plan for it from the central server (GET /api/ladder/preview through the
// core's 'ladder.preview').
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LadderPreview } from '../../shared/ladder/protocol';
import { useApi } from '../api/ApiContext';
import { errorText } from '../app/error-text';
import { useLoad } from '../app/use-load';
import { consoleNow } from '../app/use-now';
import { LadderPlan } from './LadderPlan';
import './ladder.css';

function tomorrow(tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(consoleNow().getTime() + 86_400_000); // the console's clock: a training clock's tomorrow
}

export function LadderView() {
  const { t } = useTranslation();
  const api = useApi();
  const tz = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const [date, setDate] = useState(() => tomorrow(tz));
  const [teamId, setTeamId] = useState('');
  const [teams, setTeams] = useState<LadderPreview['teams']>([]);
  const [state] = useLoad(
    () => api.invoke('ladder.preview', { date, ...(teamId ? { teamId } : {}) }).then((p) => { setTeams(p.teams); return p; }),
    [api, date, teamId],
    { keepWhileReloading: true },
  );
  return (
    <div className="ladder-view" data-testid="ladder-view">
      <div>
        <h1>{t('ladder.title')}</h1>
        <p className="muted">{t('ladder.intro')}</p>
      </div>
      <form className="ladder-controls" onSubmit={(e) => e.preventDefault()}>
        <label>{t('ladder.date')} <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} data-testid="ladder-date" /></label>
        <label>{t('ladder.team')}{' '}
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)} data-testid="ladder-team">
            <option value="">{t('ladder.allTeams')}</option>
            {teams.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
          </select>
        </label>
      </form>
      {state.status === 'loading' && <p className="muted">{t('ladder.loading')}</p>}
      {state.status === 'failed' && <p className="notice notice-error" role="alert">{t('ladder.failed', { reason: errorText(t, state.error) })}</p>}
      {state.status === 'ready' && <LadderPlan preview={state.value} />}
    </div>
  );
}
