import type { TFunction } from 'i18next';
import { MonitorButtons } from '../monitor/MonitorControls';
// The team lead's live board: one row per agent (state and time in it, today's time in each
// state, the account, the call's duration, the talk-track step by its title, the last outcome),
// sortable and filterable; today's team figures with attempts and connects by hour; and the
// alerts, newest first, compliance reasons in words, each opening its account when this console
// has it (Back then returns here).
//
// The core owns the network (in Electron the renderer cannot open sockets to the server), so
// the core keeps the board's watch socket and holds the latest states in memory; this view
// polls `board.snapshot` every second. That is an in-process call answered from memory, cheap
// at any team size, and simpler and more robust than a push channel from the core: a missed
// poll is made good by the next one, and `version` skips re-rendering when nothing changed.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardSnapshot, BoardTrackSteps } from '../../../shared/api/contract';
import type { MessageLanguage } from '../../../shared/compliance/messages';
import { type ReasonLike, reasonInWords } from '../../../shared/compliance/rule-messages';
import type { AgentPresence, Alert, BoardFiguresResponse, PresenceState } from '../../../shared/presence/protocol';
import { PRESENCE_STATES } from '../../../shared/presence/protocol';
import { catalogues } from '../../../shared/i18n';
import { formatTalktrackMessage } from '../../../shared/talktrack/messages';
import { parseReportedStep, systemStep, titleFromText } from '../../../shared/talktrack/step-title';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useFormat } from '../../app/format';
import { useNotify } from '../../app/Toasts';
import { useNow } from '../../app/use-now';
import { readableParams } from '../account/GateStatus';
import { HourlyChart } from './HourlyChart';
import { duration } from './duration';
import { complaintAlertDetail } from '../../complaints/board-alert';
import './board.css';

const POLL_MS = 1_000;
const FIGURES_MS = 60_000;

type Column = 'name' | 'state' | 'today' | 'account' | 'call' | 'step' | 'lastOutcome';
const COLUMNS: Column[] = ['name', 'state', 'today', 'account', 'call', 'step', 'lastOutcome'];
/** The order states sort in: the busiest first. */
const STATE_ORDER: Record<PresenceState, number> = { on_call: 0, ringing: 1, dialing: 2, wrap_up: 3, available: 4, paused: 5, offline: 6 };
/** The states of a working day, in the order the "Today" bar shows them (offline is not work). */
const WORK_STATES: PresenceState[] = ['on_call', 'wrap_up', 'dialing', 'ringing', 'available', 'paused'];

type StateMs = BoardFiguresResponse['agents'][number]['stateMs'];
/** A reported talk-track step in words: a short title, and more on hover (the track, the kind of step). */
interface StepLabel { title: string; tooltip: string }
type StepLabeller = (step: string) => StepLabel;

export function BoardView({ onOpenAccount, onOpenCall }: { onOpenAccount: (accountId: string) => void; onOpenCall?: (callId: string) => void }) {
  const api = useApi();
  const { t } = useTranslation();
  const [board, setBoard] = useState<BoardSnapshot | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const figures = useFigures();
  const stepLabel = useStepLabels(board?.agents);

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
          <Figures figures={figures.data} error={figures.error} />
          {board ? <AgentTable agents={board.agents} figures={figures.data} stepLabel={stepLabel} /> : <p className="board-empty">{t('app.loading')}</p>}
        </section>
        <Alerts alerts={board?.alerts ?? []} agents={board?.agents ?? []} onOpenAccount={onOpenAccount} onOpenCall={onOpenCall} />
      </div>
    </div>
  );
}

function AgentTable({ agents, figures, stepLabel }: { agents: AgentPresence[]; figures: BoardFiguresResponse | null; stepLabel: StepLabeller }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({ column: 'state', descending: false });
  const [stateFilter, setStateFilter] = useState<PresenceState | ''>('');
  const [search, setSearch] = useState('');
  // Times in state and call durations tick every second.
  useNow(1_000);
  const realNow = Date.now();
  const today = useMemo(() => new Map((figures?.agents ?? []).map((f) => [f.agentId, f.stateMs])), [figures]);
  // When the figures counted the current states to (the real clock, as `since` is; not generatedAt, which a training clock shifts).
  const countedTo = figures?.stateTimesAt ? Date.parse(figures.stateTimesAt) : null;

  const rows = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    const filtered = agents.filter((a) => (stateFilter === '' || a.state === stateFilter) && (needle === '' || a.name.toLocaleLowerCase().includes(needle)));
    const key = (a: AgentPresence): string | number => {
      switch (sort.column) {
        case 'name': return a.name.toLocaleLowerCase();
        case 'state': return STATE_ORDER[a.state] * 1e13 + (a.since ? Date.parse(a.since) : 9e12);
        case 'account': return a.account?.ref ?? '\uffff';
        case 'call': return a.callStartedAt ? Date.parse(a.callStartedAt) : Number.MAX_SAFE_INTEGER;
        case 'today': return -workMs(today.get(a.agentId));
        case 'step': return a.step ? stepLabel(a.step).title.toLocaleLowerCase() : '\uffff';
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
  }, [agents, sort, stateFilter, search, today, stepLabel]);

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
                <th scope="col" className="board-join-col"><span className="visually-hidden">{t('board.col.join')}</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <AgentRow key={a.agentId} agent={a} realNow={realNow} stepLabel={stepLabel}
                  today={liveStateMs(today.get(a.agentId), a, countedTo, realNow)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Time worked today: every state but offline. */
function workMs(ms: StateMs | undefined): number {
  return ms ? WORK_STATES.reduce((n, s) => n + ms[s], 0) : 0;
}

/**
 * Today's time per state as of now: the figures count the state each agent is in up to when they
 * were made (every minute); the time since is added here, so the bar moves with the clock.
 */
function liveStateMs(ms: StateMs | undefined, a: AgentPresence, countedTo: number | null, realNow: number): StateMs | undefined {
  if (!ms || countedTo === null || !a.since) return ms;
  const extra = realNow - Math.max(countedTo, Date.parse(a.since));
  return extra > 0 ? { ...ms, [a.state]: ms[a.state] + extra } : ms;
}

function TodayCell({ ms }: { ms: StateMs | undefined }) {
  const { t } = useTranslation();
  const total = workMs(ms);
  if (!ms || total < 1000) return <td className="board-today" data-testid="board-today"><span className="board-none">{t('board.none')}</span></td>;
  const shown = WORK_STATES.filter((s) => ms[s] >= 1000);
  const summary = shown.map((s) => `${t(`board.state.${s}`)} ${duration(ms[s])}`).join(' · ');
  return (
    <td className="board-today" data-testid="board-today" title={t('board.todayTitle', { states: summary })}>
      <span className="board-today-bar" aria-hidden="true">
        {shown.map((s) => <i key={s} className={`board-today-part board-today-${s}`} style={{ width: `${(ms[s] / total) * 100}%` }} />)}
      </span>
      <span className="board-today-total">{duration(total)}</span>
    </td>
  );
}

function StepCell({ step, stepLabel }: { step: string | null; stepLabel: StepLabeller }) {
  const { t } = useTranslation();
  if (!step) return <td className="board-step"><span className="board-none">{t('board.none')}</span></td>;
  const label = stepLabel(step);
  return <td className="board-step" title={label.tooltip} data-step={step}><span className="board-step-title">{label.title}</span></td>;
}

function AgentRow({ agent: a, realNow, today, stepLabel }: { agent: AgentPresence; realNow: number; today: StateMs | undefined; stepLabel: StepLabeller }) {
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
      <TodayCell ms={today} />
      <td className="board-account">
        {a.account ? (
          <>
            <span className="board-ref">{a.account.ref}</span>
            {a.account.masked ? <span className="board-masked"> · {t('board.masked')}</span> : a.account.debtorName ? <span> · {a.account.debtorName}</span> : null}
          </>
        ) : none}
      </td>
      <td className="board-duration">{callMs !== null ? duration(callMs) : none}</td>
      <StepCell step={a.step} stepLabel={stepLabel} />
      <td>{a.lastOutcome ? outcomeText(t, a.lastOutcome) : none}</td>
      <td className="board-join"><MonitorButtons agent={a} /></td>
    </tr>
  );
}

type TileKey = 'attempts' | 'connects' | 'rightPartyContacts' | 'promises' | 'plans' | 'talkTime' | 'averageHandle';
type OutcomeCode = keyof typeof catalogues.en.wrapup.outcome;

function outcomeText(t: TFunction, code: string): string {
  return Object.hasOwn(catalogues.en.wrapup.outcome, code) ? t(`wrapup.outcome.${code as OutcomeCode}`) : code;
}

/** Today's figures in the lead's zone, read when the board opens and every FIGURES_MS. */
function useFigures(): { data: BoardFiguresResponse | null; error: unknown } {
  const api = useApi();
  const [figures, setFigures] = useState<{ data: BoardFiguresResponse | null; error: unknown }>({ data: null, error: null });
  useEffect(() => {
    let current = true;
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const load = () => void api.invoke('board.figures', { tz }).then(
      (data) => current && setFigures({ data, error: null }),
      (error: unknown) => current && setFigures((old) => ({ data: old.data, error })),
    );
    load();
    const timer = setInterval(load, FIGURES_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api]);
  return figures;
}

/**
 * Titles for the talk-track steps agents report (`<trackId>:<stepId>`, `system:<id>`): the
 * tracks are read from this console's copy once each; a step not found shows as reported.
 */
function useStepLabels(agents: readonly AgentPresence[] | undefined): StepLabeller {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const [tracks, setTracks] = useState<ReadonlyMap<string, BoardTrackSteps>>(() => new Map());
  const asked = useRef(new Set<string>());
  useEffect(() => {
    const wanted = new Set<string>();
    for (const a of agents ?? []) {
      const step = a.step ? parseReportedStep(a.step) : null;
      if (step && 'trackId' in step && !asked.current.has(step.trackId)) wanted.add(step.trackId);
    }
    if (wanted.size === 0) return;
    for (const id of wanted) asked.current.add(id);
    api.invoke('board.stepTitles', { trackIds: [...wanted] }).then((found) => setTracks((old) => {
      const next = new Map(old);
      for (const track of found) next.set(track.trackId, track);
      return next;
    }), () => {
      for (const id of wanted) asked.current.delete(id); // asked again with the next change
    });
  }, [api, agents]);
  const language: MessageLanguage = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return useCallback((reported: string): StepLabel => {
    const step = parseReportedStep(reported);
    if ('trackId' in step) {
      const track = tracks.get(step.trackId);
      const found = track?.steps.find((s) => s.id === step.stepId);
      if (track && found) {
        const kind = t(`talktrack.stepKind.${found.kind}`);
        const title = found.title || kind; // an ending without closing words: "Close"
        return { title, tooltip: t('board.stepTooltip', { track: track.title, kind, title }) };
      }
    } else if ('system' in step) {
      // The engine's own steps: what they are ("Required disclosure"), their words on hover.
      const known = systemStep(step.system);
      if (known) {
        const kind = t(`talktrack.stepKind.${known.kind}`);
        return { title: kind, tooltip: t('board.systemStepTooltip', { kind, text: titleFromText(formatTalktrackMessage(known.textKey, {}, language)) }) };
      }
    }
    return { title: reported, tooltip: reported };
  }, [tracks, t, language]);
}

function Figures({ figures, error }: { figures: BoardFiguresResponse | null; error: unknown }) {
  const { t } = useTranslation();
  const format = useFormat();

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

function Alerts({ alerts, agents, onOpenAccount, onOpenCall }: { alerts: Alert[]; agents: AgentPresence[]; onOpenAccount: (accountId: string) => void; onOpenCall?: (callId: string) => void }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const language: MessageLanguage = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  // Compliance reasons in the engine's words, as the agent read them (rule ids only when no message is known).
  const words = (reasons: ReasonLike[]) => reasons.map((r) => reasonInWords(r, language, (p) => readableParams(p, format))).join(language === 'zh-CN' ? '；' : '; ');
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
                <strong>{alert.kind === 'complaint_sla_breached' ? t('complaints.alert.kind') : t(`board.alerts.kind.${alert.kind}`)}</strong>
                <span className="board-muted">{format.dateTime(alert.at)}</span>
              </div>
              {/* The agent by name; an alert about someone not on the board (a complaint's owner, the lead) names no one rather than an id. */}
              {names.has(alert.agentId) && <div>{names.get(alert.agentId)}</div>}
              <div className="board-muted board-alert-detail">{alertDetail(t, alert, words, format.dateTime)}</div>
              {alert.accountId && (
                <button type="button" className="button button-quiet board-alert-open" onClick={() => void open(alert.accountId!)}>{t('board.alerts.openAccount')}</button>
              )}
              {/* An alert about a softphone call opens its review. */}
              {onOpenCall && typeof alert.detail.callId === 'string' && (
                <button type="button" className="button button-quiet board-alert-open" data-testid="board-alert-review" onClick={() => onOpenCall(alert.detail.callId as string)}>{t('review.openCall')}</button>
              )}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

const isParams = (v: unknown): v is Record<string, string | number> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number');

/** Reasons as an alert's detail carries them: `{ rule, messageKey?, params? }`, or bare rule ids. */
function reasonsOf(v: unknown): ReasonLike[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((r: unknown): ReasonLike[] => {
    if (typeof r === 'string') return [{ rule: r }];
    if (typeof r !== 'object' || r === null) return [];
    const { rule, messageKey, params } = r as Record<string, unknown>;
    return typeof rule === 'string' ? [{ rule, messageKey: typeof messageKey === 'string' ? messageKey : undefined, params: isParams(params) ? params : undefined }] : [];
  });
}

function alertDetail(t: TFunction, alert: Alert, words: (reasons: ReasonLike[]) => string, dateTime: (iso: string) => string): string {
  const d = alert.detail;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  switch (alert.kind) {
    case 'dial_blocked': {
      const reasons = reasonsOf(d.reasons);
      return reasons.length > 0 ? t('board.alerts.detail.dial_blockedReasons', { reasons: words(reasons) }) : t('board.alerts.detail.dial_blocked');
    }
    case 'warning_overridden': {
      const approved = t('board.alerts.detail.warning_overridden', { approver: text(d.approverName), reason: text(d.reason) });
      const reasons = reasonsOf(d.reasons ?? d.rules);
      return reasons.length > 0 ? `${approved}\n${t('board.alerts.detail.warning_overriddenWarnings', { reasons: words(reasons) })}` : approved;
    }
    case 'note_flagged': return t('board.alerts.detail.note_flagged', { text: text(d.text) });
    case 'complaint_sla_breached': return complaintAlertDetail(t, d);
    case 'violation': return t('board.alerts.detail.violation', { rule: words([{ rule: text(d.rule) }]), account: text(d.accountRef) });
    case 'offline_too_long': return t('board.alerts.detail.offline_too_long', { minutes: text(d.minutes) });
    case 'long_call': return t('board.alerts.detail.long_call', { minutes: text(d.minutes) });
    case 'callback_missed': {
      const time = typeof d.dueAt === 'string' && !Number.isNaN(Date.parse(d.dueAt)) ? dateTime(d.dueAt) : '';
      return t(d.owner === 'team' ? 'board.alerts.detail.callback_missedTeam' : 'board.alerts.detail.callback_missed', { time });
    }
    case 'complaint_sla_breached': {
      const time = typeof d.dueAt === 'string' && !Number.isNaN(Date.parse(d.dueAt)) ? dateTime(d.dueAt) : '';
      return t('board.alerts.detail.complaint_sla_breached', { account: text(d.accountRef), time });
    }
  }
}
