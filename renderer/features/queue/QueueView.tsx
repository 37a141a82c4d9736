// The agent's accounts, best to work first (accounts that cannot be called now after them,
// with when they return), filterable and smooth at 100,000 rows.
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../app/error-text';
import { useFormat } from '../../app/format';
import { useSyncStatus } from '../../app/SyncStatus';
import { useDebounced } from '../../app/use-debounced';
import { filterKey, type FilterForm, hasFilters, toQueueFilter } from './queue-filter';
import type { QueueMemory } from './queue-memory';
import { QueueFilters } from './QueueFilters';
import { QueueList } from './QueueList';
import { QueueSummaryBanner } from './QueueSummaryBanner';
import './queue.css';

const FILTER_DEBOUNCE_MS = 200;

interface Props {
  memory: QueueMemory;
  onOpen: (accountId: string) => void;
}

export function QueueView({ memory, onOpen }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const [form, setForm] = useState(memory.form);
  const settledForm = useDebounced(form, FILTER_DEBOUNCE_MS);
  const filter = useMemo(() => toQueueFilter(settledForm), [settledForm]);
  const key = filterKey(filter);
  const searchRef = useRef<HTMLInputElement>(null);
  const { pages } = memory;
  const version = useSyncExternalStore(pages.subscribe, pages.getVersion);
  const snapshot = pages.snapshot(filter);
  // `version` is a dependency so a retry or a newly known total fetches what is on screen.
  const ensure = useCallback((first: number, last: number) => pages.ensure(filter, first, last), [pages, filter, version]);

  const failedBeforeTotal = snapshot.error !== null && snapshot.total === null;
  const syncStatus = useSyncStatus().status;
  const queueVersion = syncStatus?.queueVersion ?? null;
  // Until the first sync has brought the accounts, an empty queue is not known to be empty.
  const firstSyncPending = !syncStatus || syncStatus.lastSyncedAt === null;

  useSlashFocuses(searchRef);

  // A pull, an event logged here or the rules' clock changed the order: refetch what is on screen.
  useEffect(() => {
    if (queueVersion === memory.queueVersion) return;
    memory.queueVersion = queueVersion;
    pages.invalidate();
  }, [queueVersion, memory, pages]);

  // With no rows there is no list asking for pages, so an empty queue checks again itself.
  useEffect(() => {
    if (snapshot.total === 0) ensure(0, 0);
  }, [snapshot.total, ensure]);

  function update(next: FilterForm): void {
    memory.form = next;
    setForm(next);
  }

  return (
    <div className="queue-view">
      <div className="queue-header">
        <h1>{t('queue.title')}</h1>
        <span className="queue-total" data-testid="queue-total" data-total={snapshot.total ?? undefined}>
          {snapshot.total === null ? t('queue.loadingTotal') : t('queue.total', { n: format.number(snapshot.total) })}
        </span>
        {snapshot.total !== null && snapshot.workable !== null && (
          <span className="queue-split" data-testid="queue-split" data-workable={snapshot.workable}>
            <span className="queue-split-workable">{t('queue.workable', { n: format.number(snapshot.workable) })}</span>
            <span className="queue-split-blocked">{t('queue.blockedNow', { n: format.number(snapshot.total - snapshot.workable) })}</span>
          </span>
        )}
        <input
          ref={searchRef}
          type="search"
          className="queue-search"
          data-testid="queue-search"
          aria-label={t('queue.search')}
          placeholder={t('queue.searchPlaceholder')}
          maxLength={200}
          value={form.search}
          onChange={(e) => update({ ...form, search: e.target.value })}
        />
      </div>
      <QueueFilters form={form} onChange={update} />
      {snapshot.error !== null && (
        <div className="notice notice-error queue-error" role="alert" data-testid="queue-error">
          <span>{t('queue.loadFailed', { reason: errorText(t, snapshot.error) })}</span>
          <button type="button" className="button" onClick={() => pages.retry(filter)}>{t('app.retry')}</button>
        </div>
      )}
      {!hasFilters(settledForm) && <QueueSummaryBanner version={queueVersion} />}
      {snapshot.total === 0 && firstSyncPending && !hasFilters(settledForm) ? (
        <p className="queue-empty" role="status" data-testid="queue-syncing">{t('queueSummary.syncing')}</p>
      ) : snapshot.total === 0 ? (
        <p className="queue-empty" data-testid="queue-empty">{hasFilters(settledForm) ? t('queue.emptyFiltered') : t('queue.empty')}</p>
      ) : (
        !failedBeforeTotal && (
          <QueueList
            key={key}
            total={snapshot.total}
            workable={snapshot.workable}
            rowAt={snapshot.row}
            onRangeChange={ensure}
            initialOffset={memory.scroll.filterKey === key ? memory.scroll.offset : 0}
            onScroll={(offset) => {
              memory.scroll = { filterKey: key, offset };
            }}
            onOpen={onOpen}
          />
        )
      )}
    </div>
  );
}

/** `/` anywhere outside a text field focuses the search box. */
function useSlashFocuses(target: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      event.preventDefault();
      target.current?.focus();
      target.current?.select();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [target]);
}

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
