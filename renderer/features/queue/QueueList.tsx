// The virtualised queue: fixed-height rows, only those on screen in the DOM, skeletons where a
// page has not arrived yet. One row is in the tab order; arrows, Page Up/Down, Home and End
// move between rows, Enter opens one.
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueRow } from '../../../shared/api/contract';
import { COLUMNS, QueueRowCells, SkeletonCells } from './QueueRowCells';

const ROW_HEIGHT = 36;
const SKELETON_ROWS = 12;
/** Fetch once scrolling pauses, not for every page flown past while dragging the scrollbar. */
const FETCH_SETTLE_MS = 60;

interface Props {
  total: number | null;
  rowAt: (index: number) => QueueRow | undefined;
  onRangeChange: (first: number, last: number) => void;
  initialOffset: number;
  onScroll: (offset: number) => void;
  onOpen: (accountId: string) => void;
}

export function QueueList({ total, rowAt, onRangeChange, initialOffset, onScroll, onOpen }: Props) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = total ?? SKELETON_ROWS;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialOffset,
    onChange: (instance) => onScroll(instance.scrollOffset ?? 0),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const [active, setActive] = useState(first);
  const focusPending = useRef(false);

  useEffect(() => {
    const timer = setTimeout(() => onRangeChange(first, last), FETCH_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [first, last, onRangeChange]);

  // Keep the tabbable row on screen while the agent scrolls with the mouse.
  const firstVisible = virtualizer.range?.startIndex ?? first;
  const lastVisible = virtualizer.range?.endIndex ?? last;
  useEffect(() => {
    if (scrollRef.current?.contains(document.activeElement)) return;
    setActive((current) => (current < firstVisible || current > lastVisible ? firstVisible : current));
  }, [firstVisible, lastVisible]);

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
      <div className="queue-row queue-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((column) => (
          <span key={column} role="columnheader" className={`cell cell-${column}`}>{t(`queue.column.${column}`)}</span>
        ))}
      </div>
      <div ref={scrollRef} className="queue-scroll" data-testid="queue-scroller" tabIndex={-1} onKeyDown={onKeyDown}>
        <div className="queue-rows" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = total === null ? undefined : rowAt(item.index);
            const common = {
              role: 'row',
              'aria-rowindex': item.index + 2,
              'data-index': item.index,
              style: { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT },
            };
            if (!row) {
              return (
                <div key={item.key} {...common} className="queue-row queue-row-loading" aria-busy="true" data-testid="queue-row-loading">
                  <SkeletonCells />
                </div>
              );
            }
            return (
              <div
                key={item.key}
                {...common}
                className="queue-row queue-row-item"
                data-testid="queue-row"
                data-account-id={row.accountId}
                data-debtor-name={row.debtorName}
                data-stage={row.stage}
                data-has-holds={row.activeHolds.length > 0}
                tabIndex={item.index === active ? 0 : -1}
                onFocus={() => setActive(item.index)}
                onClick={() => onOpen(row.accountId)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') onOpen(row.accountId);
                }}
              >
                <QueueRowCells row={row} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
