// The lead's calls, newest first: who, which account, when, how long, how it ended, whether it
// was recorded and how it was scored; filtered by agent, days and "not yet reviewed", a page at
// a time. Each row opens the call (Enter on its button, or a click anywhere on the row).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api/errors';
import type { ReviewCallsResponse, ReviewCallSummary } from '../../../shared/api/review';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useFormat } from '../../app/format';
import { duration } from '../board/duration';
import { dayRange, outcomeText } from './review-text';

const PAGE = 50;

export interface ListFilters { agentId: string; from: string; to: string; unreviewed: boolean }
export const NO_FILTERS: ListFilters = { agentId: '', from: '', to: '', unreviewed: false };

interface Props {
  filters: ListFilters;
  onFilters: (filters: ListFilters) => void;
  onOpen: (callId: string) => void;
  /** Changes when the list should be read again (a review was saved). */
  version: number;
  hidden: boolean;
}

export function ReviewList({ filters, onFilters, onOpen, version, hidden }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const [calls, setCalls] = useState<ReviewCallSummary[] | null>(null);
  const [agents, setAgents] = useState<ReviewCallsResponse['agents']>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const query = (offset: number) => ({
    offset, limit: PAGE, ...(filters.agentId ? { agentId: filters.agentId } : {}), ...dayRange(filters.from, filters.to),
    ...(filters.unreviewed ? { unreviewed: true } : {}),
  });

  useEffect(() => {
    let current = true;
    setBusy(true);
    api.invoke('review.calls', query(0)).then((page) => {
      if (!current) return;
      setCalls(page.calls);
      setAgents(page.agents);
      setNext(page.nextOffset);
      setError(null);
    }, (e: unknown) => current && setError(e)).finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [api, filters, version, attempt]); // `query` reads only `filters`

  async function more(): Promise<void> {
    if (next === null) return;
    setBusy(true);
    try {
      const page = await api.invoke('review.calls', query(next));
      setCalls((c) => [...(c ?? []), ...page.calls]);
      setNext(page.nextOffset);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const set = (patch: Partial<ListFilters>) => onFilters({ ...filters, ...patch });
  const filtered = filters.agentId !== '' || filters.from !== '' || filters.to !== '' || filters.unreviewed;

  return (
    <section className="review-list" hidden={hidden} aria-label={t('review.calls')} data-testid="review-list">
      <form className="review-filters" aria-label={t('review.filter.label')} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('review.filter.agent')}</span>
          <select value={filters.agentId} data-testid="review-filter-agent" onChange={(e) => set({ agentId: e.target.value })}>
            <option value="">{t('review.filter.allAgents')}</option>
            {agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </label>
        <label>
          <span>{t('review.filter.from')}</span>
          <input type="date" value={filters.from} max={filters.to || undefined} data-testid="review-filter-from" onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label>
          <span>{t('review.filter.to')}</span>
          <input type="date" value={filters.to} min={filters.from || undefined} data-testid="review-filter-to" onChange={(e) => set({ to: e.target.value })} />
        </label>
        <label className="review-filter-check">
          <input type="checkbox" checked={filters.unreviewed} data-testid="review-filter-unreviewed" onChange={(e) => set({ unreviewed: e.target.checked })} />
          <span>{t('review.filter.unreviewed')}</span>
        </label>
        {filtered && <button type="button" className="button button-quiet" onClick={() => onFilters(NO_FILTERS)}>{t('review.filter.clear')}</button>}
      </form>
      {error !== null && <ListError error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {calls === null ? (error === null && <p className="review-empty">{t('review.loading')}</p>) : calls.length === 0 ? (
        <p className="review-empty" data-testid="review-empty">{filtered ? t('review.noMatch') : t('review.noCalls')}</p>
      ) : (
        <div className="review-table-wrap">
          <table className="review-table" data-testid="review-table">
            <thead>
              <tr>
                {(['when', 'agent', 'account', 'talk', 'outcome', 'recording', 'score'] as const).map((c) => <th key={c} scope="col">{t(`review.col.${c}`)}</th>)}
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => <Row key={call.eventId} call={call} onOpen={onOpen} />)}
            </tbody>
          </table>
          {next !== null && (
            <button type="button" className="button review-more" disabled={busy} data-testid="review-more" onClick={() => void more()}>{t('review.loadMore')}</button>
          )}
        </div>
      )}
    </section>
  );
}

function Row({ call, onOpen }: { call: ReviewCallSummary; onOpen: (callId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const none = <span className="review-none">{t('review.none')}</span>;
  return (
    <tr className="review-row" data-testid="review-row" data-call-id={call.callId} onClick={() => onOpen(call.callId)}>
      <td>
        <button type="button" className="review-open" onClick={(e) => { e.stopPropagation(); onOpen(call.callId); }}>
          {format.dateTime(call.startedAt)}
        </button>
      </td>
      <td>{call.agent.name}</td>
      <td className="review-ref">{call.account?.ref ?? <span className="review-none">{t('review.noAccount')}</span>}</td>
      <td className="review-num">{call.answeredAt ? duration(call.talkMs) : <span className="review-muted">{t(`review.result.${call.result}`)}</span>}</td>
      <td>{call.outcome ? outcomeText(t, call.outcome) : <span className="review-muted">{t('review.noOutcome')}</span>}</td>
      <td>
        {call.recording === null ? none
          : call.recording.stored ? <span className="review-chip review-chip-ok">▶ {t('review.recorded')} · {duration(call.recording.durationMs)}</span>
            : <span className="review-chip review-chip-wait">{t('review.uploading')}</span>}
      </td>
      <td data-testid="review-row-score">
        {call.reviews.lastScore === null ? <span className="review-muted">{t('review.notReviewed')}</span> : (
          <span className="review-score" title={t('review.reviewCount', { count: call.reviews.count })}>
            <Stars score={call.reviews.lastScore} /> {t('review.scoreOf', { score: call.reviews.lastScore })}
          </span>
        )}
      </td>
    </tr>
  );
}

export function Stars({ score }: { score: number }) {
  return (
    <span className="review-stars" aria-hidden="true">
      {'★'.repeat(score)}<span className="review-stars-off">{'★'.repeat(5 - score)}</span>
    </span>
  );
}

/** The list's failure: offline has its own words (review needs the server). */
export function ListError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const offline = error instanceof ApiError && error.code === 'SERVER_UNREACHABLE';
  return (
    <div className="notice notice-error review-error" role="alert" data-testid="review-error">
      <span>{offline ? t('review.offline') : errorText(t, error)}</span>
      <button type="button" className="button button-quiet" onClick={onRetry}>{t('review.retry')}</button>
    </div>
  );
}
