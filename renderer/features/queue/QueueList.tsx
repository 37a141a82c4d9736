// The virtualised queue: fixed-height rows, only those on screen in the DOM, skeletons where a
// page has not arrived yet. One row is in the tab order; arrows, Page Up/Down, Home and End
// move between rows, Enter opens one.
//
// Smooth at 100,000 rows: a scroll frame re-renders the list, but each row is a memoised
// component whose props (its row object, position, tabbability and stable callbacks) only
// change when that row does, so a frame only builds the rows that have just come on screen.
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TFunction } from 'i18next';
import { type FocusEvent, type KeyboardEvent, memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueRow } from '../../../shared/api/contract';
import { type Format, useFormat } from '../../app/format';
import { COLUMNS, QueueRowCells } from './QueueRowCells';

const ROW_HEIGHT = 36;
const SKELETON_ROWS = 12;
/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN = 4;
/** While scrolling, fetch the range on screen at most this often (and once more when it stops). */
const FETCH_EVERY_MS = 100;
/** Scrolling so fast that a row stays on screen less than this fetches nothing... */
const READABLE_MS = 50;
/** ...until it slows down, or stops for this long (longer than a janky frame mid-flick). */
const SETTLE_MS = 100;

interface Props {
  total: number | null;
  /** Rows before this index are workable; the rest cannot be called now. */
  workable: number | null;
  rowAt: (index: number) => QueueRow | undefined;
  onRangeChange: (first: number, last: number) => void;
  initialOffset: number;
  onScroll: (offset: number) => void;
  onOpen: (accountId: string) => void;
}

export function QueueList({ total, workable, rowAt, onRangeChange, initialOffset, onScroll, onOpen }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = total ?? SKELETON_ROWS;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    initialOffset,
    onChange: (instance) => onScroll(instance.scrollOffset ?? 0),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const [active, setActive] = useState(first);
  const focusPending = useRef(false);
  const open = useLatest(onOpen);

  useThrottledRange(first, last, count, onRangeChange);

  // The tabbable row: the active one, unless the agent scrolled it away with the mouse while
  // focus was elsewhere, then the first one on screen (derived here rather than set from an
  // effect, which would render the whole list a second time on every scroll frame).
  const firstVisible = virtualizer.range?.startIndex ?? first;
  const lastVisible = virtualizer.range?.endIndex ?? last;
  const activeOnScreen = active >= firstVisible && active <= lastVisible;
  const tabbable = activeOnScreen || listHasFocus(scrollRef.current) ? active : firstVisible;

  // After a keyboard move, focus the new row once it is rendered and loaded; until then the
  // list itself holds focus so the keys keep working.
  useLayoutEffect(() => {
    const list = scrollRef.current;
    if (!focusPending.current || !list) return;
    const row = list.querySelector<HTMLElement>(`[data-index="${active}"][tabindex]`);
    if (row) {
      row.focus({ preventScroll: true });
      focusPending.current = false;
    } else if (!list.contains(document.activeElement)) {
      list.focus({ preventScroll: true });
    }
  });

  /** Focus arriving on the list itself (a click on it) starts keyboard moves from the tabbable row. */
  function onListFocus(event: FocusEvent<HTMLDivElement>): void {
    if (event.target === event.currentTarget && !focusPending.current && active !== tabbable) setActive(tabbable);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows, Home: -count, End: count };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const next = Math.min(count - 1, Math.max(0, active + move));
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  return (
    <div className="queue-grid" role="grid" aria-label={t('queue.rowsLabel')} aria-rowcount={total === null ? -1 : total + 1}>
      <div role="rowgroup" className="queue-head-group">
      <div className="queue-row queue-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((column) => (
          <span key={column} role="columnheader" className={`cell cell-${column}`}>{t(`queue.column.${column}`)}</span>
        ))}
      </div>
      </div>
      {/* The grid owns its rows through a rowgroup (the scroller); the sizer between is presentational. */}
      <div ref={scrollRef} className="queue-scroll" role="rowgroup" data-testid="queue-scroller" tabIndex={-1} onKeyDown={onKeyDown} onFocus={onListFocus}>
        <div className="queue-rows" role="presentation" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => (
            <Row
              key={item.key}
              index={item.index}
              start={item.start}
              row={total === null ? undefined : rowAt(item.index)}
              tabbable={item.index === tabbable}
              firstBlocked={item.index === workable && workable > 0}
              t={t}
              format={format}
              onOpen={open}
              onFocusRow={setActive}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  start: number;
  /** Undefined while its page is loading. The same object until its page is fetched again. */
  row: QueueRow | undefined;
  tabbable: boolean;
  /** The first row that cannot be called now: a rule above it separates the two parts. */
  firstBlocked: boolean;
  t: TFunction;
  format: Format;
  onOpen: (accountId: string) => void;
  onFocusRow: (index: number) => void;
}

const Row = memo(function Row({ index, start, row, tabbable, firstBlocked, t, format, onOpen, onFocusRow }: RowProps) {
  const common = {
    role: 'row',
    'aria-rowindex': index + 2,
    'data-index': index,
    style: { transform: `translateY(${start}px)`, height: ROW_HEIGHT },
  };
  if (!row) {
    // No cells: queue.css draws the placeholder bars as this one element's background.
    return <div {...common} className="queue-row queue-row-loading" aria-busy="true" data-testid="queue-row-loading" />;
  }
  return (
    <div
      {...common}
      className={`queue-row queue-row-item${row.blockedUntil !== null ? ' queue-row-blocked' : ''}${firstBlocked ? ' queue-row-first-blocked' : ''}`}
      data-testid="queue-row"
      data-blocked={row.blockedUntil !== null}
      data-account-id={row.accountId}
      data-debtor-name={row.debtorName}
      data-stage={row.stage}
      data-has-holds={row.activeHolds.length > 0}
      tabIndex={tabbable ? 0 : -1}
      onFocus={() => onFocusRow(index)}
      onClick={() => onOpen(row.accountId)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onOpen(row.accountId);
      }}
    >
      <QueueRowCells row={row} t={t} format={format} />
    </div>
  );
});

/** Whether focus is in the list (a row or the list itself); a plain DOM read, no layout. */
function listHasFocus(list: HTMLElement | null): boolean {
  return list !== null && list.contains(document.activeElement);
}

/** A callback with a stable identity that always calls the latest `fn`. */
function useLatest<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}

/**
 * Asks for the rows on screen as they change (with one screenful more on either side, so the
 * next rows are usually there before they scroll in), at most every FETCH_EVERY_MS: a wheel
 * scroll or the arrow keys fill rows in as they go. While the list flies faster than anyone can
 * read (each row on screen for less than READABLE_MS: a flick, a scrollbar drag) it skips the
 * fetch, whose rows would be gone before they arrived; the range where the scroll slows down, or
 * stops for SETTLE_MS, is always fetched. A single jump (Home, End, a click in the scrollbar
 * track) is not flying and fetches at once.
 */
function useThrottledRange(first: number, last: number, count: number, onRangeChange: (first: number, last: number) => void): void {
  const latest = useRef({ first, last, count, onRangeChange });
  /** The last change of `first`, and how fast (rows a millisecond) it got there. */
  const motion = useRef({ first, at: -Infinity, rowsPerMs: 0 });
  const lastFetchAt = useRef(-Infinity);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const now = performance.now();
    if (first !== motion.current.first) {
      motion.current = { first, at: now, rowsPerMs: Math.abs(first - motion.current.first) / (now - motion.current.at) };
    }
    latest.current = { first, last, count, onRangeChange };
    if (timer.current !== undefined) return; // already due; it reads the latest range
    const tick = () => {
      timer.current = undefined;
      const now = performance.now();
      const { first, last, count, onRangeChange } = latest.current;
      const rows = last - first + 1;
      const flying = motion.current.rowsPerMs * READABLE_MS > rows && now - motion.current.at < SETTLE_MS;
      if (flying) {
        timer.current = setTimeout(tick, motion.current.at + SETTLE_MS - now);
        return;
      }
      lastFetchAt.current = now;
      onRangeChange(Math.max(0, first - rows), Math.min(count - 1, last + rows));
    };
    const wait = lastFetchAt.current + FETCH_EVERY_MS - now;
    if (wait <= 0) tick();
    else timer.current = setTimeout(tick, wait);
  }, [first, last, count, onRangeChange]);

  useEffect(() => () => {
    clearTimeout(timer.current);
    timer.current = undefined;
  }, []);
}
