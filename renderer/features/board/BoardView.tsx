// The team lead's live board: one row per agent (state and time in it, the account, the call's
// duration, the talk-track step, the last outcome), sortable and filterable; today's team
// figures with attempts and connects by hour; and the alerts, newest first, each opening its
// account when this console has it.
//
// The core owns the network (in Electron the renderer cannot open sockets to the server), so
// the core keeps the board's watch socket and holds the latest states in memory; this view
// polls `board.snapshot` every second. That is an in-process call answered from memory, cheap
// at any team size, and simpler and more robust than a push channel from the core: a missed
// poll is made good by the next one, and `version` skips re-rendering when nothing changed.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardSnapshot } from '../../../shared/api/contract';
import type { AgentPresence, Alert, BoardFiguresResponse, PresenceState } from '../../../shared/presence/protocol';
import { PRESENCE_STATES } from '../../../shared/presence/protocol';
import { catalogues } from '../../../shared/i18n';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useFormat } from '../../app/format';
import { useNotify } from '../../app/Toasts';
import { useNow } from '../../app/use-now';
import { HourlyChart } from './HourlyChart';
import { duration } from './duration';
import './board.css';

const POLL_MS = 1_000;
const FIGURES_MS = 60_000;

type Column = 'name' | 'state' | 'account' | 'call' | 'step' | 'lastOutcome';
const COLUMNS: Column[] = ['name', 'state', 'account', 'call', 'step', 'lastOutcome'];
/** The order states sort in: the busiest first. */
const STATE_ORDER: Record<PresenceState, number> = { on_call: 0, ringing: 1, dialing: 2, wrap_up: 3, available: 4, paused: 5, offline: 6 };

export function BoardView({ onOpenAccount }: { onOpenAccount: (accountId: string) => void }) {
  const api = useApi();
  const { t } = useTranslation();
  const [board, setBoard] = useState<BoardSnapshot | null>(null);
  const [failed, setFailed] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    let version = -1;
    const poll = () => void api.invoke('board.snapshot', {}).then((b) => {
      if (!current) return;
      setFailed(null);
      if (b.version !== version) {
        version = b.version;
        setBoard(b);
      }
    }, (error: unknown) => current && setFailed(error));
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api]);

  return (
    <div className="board" data-testid="board-view">
      <header className="board-header">
        <h1>{t('board.title')}</h1>
        {board && <span className="board-count" data-testid="board-count">{t('board.agentCount', { count: board.agents.length })}</span>}
      </header>
      {failed !== null && <p className="board-notice" role="alert">{errorText(t, failed)}</p>}
      {board && !board.connected && <p className="board-notice" role="status" data-testid="board-disconnected">{board.serverTime === null ? t('board.connecting') : t('board.disconnected')}</p>}
      <div className="board-body">
        <section className="board-main" aria-label={t('board.agents')}>
          <Figures />
          {board ? <AgentTable agents={board.agents} /> : <p className="board-empty">{t('app.loading')}</p>}
        </section>
        <Alerts alerts={board?.alerts ?? []} agents={board?.agents ?? []} onOpenAccount={onOpenAccount} />
      </div>
    </div>
  );
}

function AgentTable({ agents }: { agents: AgentPresence[] }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({ column: 'state', descending: false });
  const [stateFilter, setStateFilter] = useState<PresenceState | ''>('');
  const [search, setSearch] = useState('');
  // Times in state and call durations tick every second.
  useNow(1_000);
  const realNow = Date.now();

  const rows = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    const filtered = agents.filter((a) => (stateFilter === '' || a.state === stateFilter) && (needle === '' || a.name.toLocaleLowerCase().includes(needle)));
    const key = (a: AgentPresence): string | number => {
      switch (sort.column) {
        case 'name': return a.name.toLocaleLowerCase();
        case 'state': return STATE_ORDER[a.state] * 1e13 + (a.since ? Date.parse(a.since) : 9e12);
        case 'account': return a.account?.ref ?? '\uffff';
        case 'call': return a.callStartedAt ? Date.parse(a.callStartedAt) : Number.MAX_SAFE_INTEGER;
        case 'step': return a.step ?? '\uffff';
        case 'lastOutcome': return a.lastOutcome ?? '\uffff';
      }
    };
    const sorted = [...filtered].sort((x, y) => {
      const a = key(x);
      const b = key(y);
      const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
      return c !== 0 ? c : x.name.localeCompare(y.name);
    });
    return sort.descending ? sorted.reverse() : sorted;
  }, [agents, sort, stateFilter, search]);

  const counts = useMemo(() => {
    const c: Partial<Record<PresenceState, number>> = {};
    for (const a of agents) c[a.state] = (c[a.state] ?? 0) + 1;
    return c;
  }, [agents]);

  const toggle = (column: Column) => setSort((s) => ({ column, descending: s.column === column ? !s.descending : false }));

  return (
    <div className="board-agents">
      <div className="board-filters">
        <input type="search" placeholder={t('board.filterName')} aria-label={t('board.filterName')} value={search}
          data-testid="board-search" onChange={(e) => setSearch(e.target.value)} />
        <label className="board-filter-state">
          <span>{t('board.filterState')}</span>
          <select value={stateFilter} data-testid="board-state-filter" onChange={(e) => setStateFilter(e.target.value as PresenceState | '')}>
            <option value="">{t('board.allStates')}</option>
            {PRESENCE_STATES.map((s) => <option key={s} value={s}>{t(`board.state.${s}`)} ({counts[s] ?? 0})</option>)}
          </select>
        </label>
      </div>
      {agents.length === 0 ? <p className="board-empty">{t('board.noAgents')}</p> : rows.length === 0 ? <p className="board-empty">{t('board.noMatch')}</p> : (
        <div className="board-table-wrap">
          <table className="board-table" data-testid="board-table">
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th key={column} scope="col" aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                    <button type="button" className="board-sort" data-testid={`board-sort-${column}`} title={t('board.sortBy', { column: t(`board.col.${column}`) })} onClick={() => toggle(column)}>
                      {t(`board.col.${column}`)}
                      <span aria-hidden="true" className="board-sort-mark">{sort.column === column ? (sort.descending ? '▼' : '▲') : ''}</span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => <AgentRow key={a.agentId} agent={a} realNow={realNow} />)}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function AgentRow({ agent: a, realNow }: { agent: AgentPresence; realNow: number }) {
  const { t } = useTranslation();
  const none = <span className="board-none">{t('board.none')}</span>;
  const stateText = a.state === 'paused' && a.pauseReason ? t('board.pausedFor', { reason: t(`status.reason.${a.pauseReason}`) }) : t(`board.state.${a.state}`);
  // `since` and `updatedAt` are server time on the real clock (presence never runs on a training
  // clock); `callStartedAt` and `at` are the agent console's clock, which may be set elsewhere
  // (FAIRLINE_CLOCK) or simply be off: `at - updatedAt` is that console's offset, taken out.
  const inState = a.since ? duration(realNow - Date.parse(a.since)) : null;
  const agentOffset = a.at && a.updatedAt ? Date.parse(a.at) - Date.parse(a.updatedAt) : 0;
  const callMs = a.callStartedAt && (a.state === 'on_call' || a.state === 'wrap_up') ? realNow + agentOffset - Date.parse(a.callStartedAt) : null;
  return (
    <tr data-testid="board-row" data-agent={a.name} data-state={a.state}>
      <th scope="row" className="board-name">{a.name}</th>
      <td>
        <span className={`board-state board-state-${a.state}`}>{stateText}</span>
        {a.state === 'offline' && a.offlineReason && <span className="board-muted"> · {t(`board.offlineReason.${a.offlineReason}`)}</span>}
        {inState && a.offlineReason !== 'never_connected' && <span className="board-muted board-since"> {t('board.inState', { duration: inState })}</span>}
      </td>
      <td className="board-account">
        {a.account ? (
          <>
            <span className="board-ref">{a.account.ref}</span>
            {a.account.masked ? <span className="board-masked"> · {t('board.masked')}</span> : a.account.debtorName ? <span> · {a.account.debtorName}</span> : null}
          </>
        ) : none}
      </td>
      <td className="board-duration">{callMs !== null ? duration(callMs) : none}</td>
      <td className="board-step">{a.step ?? none}</td>
      <td>{a.lastOutcome ? outcomeText(t, a.lastOutcome) : none}</td>
    </tr>
  );
}

type TileKey = 'attempts' | 'connects' | 'rightPartyContacts' | 'promises' | 'plans' | 'talkTime' | 'averageHandle';
type OutcomeCode = keyof typeof catalogues.en.wrapup.outcome;

function outcomeText(t: ReturnType<typeof useTranslation>['t'], code: string): string {
  return Object.hasOwn(catalogues.en.wrapup.outcome, code) ? t(`wrapup.outcome.${code as OutcomeCode}`) : code;
}

function Figures() {
  const api = useApi();
  const { t } = useTranslation();
  const format = useFormat();
  const [figures, setFigures] = useState<BoardFiguresResponse | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const load = () => void api.invoke('board.figures', { tz }).then((f) => {
      if (!current) return;
      setFigures(f);
      setError(null);
    }, (e: unknown) => current && setError(e));
    load();
    const timer = setInterval(load, FIGURES_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api]);

  if (!figures) {
    return <section className="board-figures" aria-label={t('board.figures.title')}>
      <p className="board-muted">{error ? t('board.figures.failed', { reason: errorText(t, error) }) : t('board.figures.loading')}</p>
    </section>;
  }
  // The team totals: every team the lead sees, summed.
  const sum = (pick: (f: BoardFiguresResponse['teams'][number]) => number) => figures.teams.reduce((n, f) => n + pick(f), 0);
  const money = (key: 'promisedMinor' | 'planMinor') => {
    const totals = new Map<string, number>();
    for (const team of figures.teams) for (const [currency, minor] of Object.entries(team[key])) totals.set(currency, (totals.get(currency) ?? 0) + minor);
    return [...totals].map(([currency, minor]) => (currency === 'CNY' || currency === 'USD' ? format.money(minor, currency) : format.number(minor / 100))).join(' + ');
  };
  const handled = sum((f) => f.handled);
  const handleMs = sum((f) => f.handleMs);
  const hourly = Array.from({ length: 24 }, (_, h) => ({
    attempts: figures.teams.reduce((n, f) => n + f.hourly.attempts[h]!, 0),
    connects: figures.teams.reduce((n, f) => n + f.hourly.connects[h]!, 0),
  }));
  const promised = money('promisedMinor');
  const planned = money('planMinor');
  const tiles: [TileKey, string, string?][] = [
    ['attempts', format.number(sum((f) => f.attempts))],
    ['connects', format.number(sum((f) => f.connects))],
    ['rightPartyContacts', format.number(sum((f) => f.rightPartyContacts))],
    ['promises', format.number(sum((f) => f.promises)), promised],
    ['plans', format.number(sum((f) => f.plans)), planned],
    ['talkTime', duration(sum((f) => f.talkMs))],
    ['averageHandle', handled > 0 ? duration(handleMs / handled) : t('board.none')],
  ];
  return (
    <section className="board-figures" aria-label={t('board.figures.title')} data-testid="board-figures">
      <div className="board-figures-head">
        <h2>{t('board.figures.title')}</h2>
        <span className="board-muted">{format.date(figures.date)} · {t('board.figures.asOf', { time: format.dateTime(figures.generatedAt) })}</span>
      </div>
      <div className="board-figures-body">
        <dl className="board-tiles">
          {tiles.map(([key, value, sub]) => (
            <div key={key} className="board-tile" data-testid={`figure-${key}`}>
              <dt>{t(`board.figures.${key}`)}</dt>
              <dd>{value}{sub ? <span className="board-tile-sub">{sub}</span> : null}</dd>
            </div>
          ))}
        </dl>
        <HourlyChart hourly={hourly} />
      </div>
    </section>
  );
}

function Alerts({ alerts, agents, onOpenAccount }: { alerts: Alert[]; agents: AgentPresence[]; onOpenAccount: (accountId: string) => void }) {
  const api = useApi();
  const { t } = useTranslation();
  const format = useFormat();
  const notify = useNotify();
  const names = useMemo(() => new Map(agents.map((a) => [a.agentId, a.name])), [agents]);
  const sorted = useMemo(() => [...alerts].sort((a, b) => b.at.localeCompare(a.at)), [alerts]);

  // The account view reads the lead's own console: open it only when the account is here.
  async function open(accountId: string): Promise<void> {
    try {
      await api.invoke('account.get', { accountId });
      onOpenAccount(accountId);
    } catch {
      notify('error', t('board.alerts.notLocal'));
    }
  }

  return (
    <aside className="board-alerts" aria-label={t('board.alerts.title')} data-testid="board-alerts">
      <h2>{t('board.alerts.title')}</h2>
      {sorted.length === 0 ? <p className="board-muted">{t('board.alerts.none')}</p> : (
        <ol>
          {sorted.map((alert) => (
            <li key={alert.id} className={`board-alert board-alert-${alert.kind}`} data-testid="board-alert" data-kind={alert.kind}>
              <div className="board-alert-head">
                <strong>{t(`board.alerts.kind.${alert.kind}`)}</strong>
                <span className="board-muted">{format.dateTime(alert.at)}</span>
              </div>
              <div>{names.get(alert.agentId) ?? alert.agentId}</div>
              <div className="board-muted">{alertDetail(t, alert)}</div>
              {alert.accountId && (
                <button type="button" className="button button-quiet board-alert-open" onClick={() => void open(alert.accountId!)}>{t('board.alerts.openAccount')}</button>
              )}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

function alertDetail(t: ReturnType<typeof useTranslation>['t'], alert: Alert): string {
  const d = alert.detail;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  switch (alert.kind) {
    case 'dial_blocked': return t('board.alerts.detail.dial_blocked');
    case 'warning_overridden': return t('board.alerts.detail.warning_overridden', { approver: text(d.approverName), reason: text(d.reason) });
    case 'note_flagged': return t('board.alerts.detail.note_flagged', { text: text(d.text) });
    case 'violation': return t('board.alerts.detail.violation', { rule: text(d.rule), account: text(d.accountRef) });
    case 'offline_too_long': return t('board.alerts.detail.offline_too_long', { minutes: text(d.minutes) });
    case 'long_call': return t('board.alerts.detail.long_call', { minutes: text(d.minutes) });
  }
}
