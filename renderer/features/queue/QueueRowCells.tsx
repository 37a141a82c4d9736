import type { QueueRow } from '../../../shared/api/contract';
import { useFormat } from '../../app/format';
import { DaysPastDue } from '../../ui/DaysPastDue';
import { HoldBadge } from '../../ui/HoldBadge';
import { StageChip } from '../../ui/StageChip';

export const COLUMNS = ['debtor', 'ref', 'region', 'province', 'balance', 'dpd', 'stage', 'lenders', 'holds'] as const;

export function QueueRowCells({ row }: { row: QueueRow }) {
  const format = useFormat();
  return (
    <>
      <span role="gridcell" className="cell cell-debtor" title={row.debtorName}>{row.debtorName}</span>
      <span role="gridcell" className="cell cell-ref">{row.ref}</span>
      <span role="gridcell" className="cell cell-region">{row.region}</span>
      <span role="gridcell" className="cell cell-province" title={row.province}>{row.province}</span>
      <span role="gridcell" className="cell cell-balance">{format.money(row.balanceMinor, row.currency)}</span>
      <span role="gridcell" className="cell cell-dpd"><DaysPastDue days={row.daysPastDue} /></span>
      <span role="gridcell" className="cell cell-stage"><StageChip stage={row.stage} /></span>
      <span role="gridcell" className="cell cell-lenders" title={row.lenders}>{row.lenders}</span>
      <span role="gridcell" className="cell cell-holds">
        {row.activeHolds.map((kind) => <HoldBadge key={kind} kind={kind} />)}
      </span>
    </>
  );
}

export function SkeletonCells() {
  return (
    <>
      {COLUMNS.map((column) => (
        <span key={column} role="gridcell" className={`cell cell-${column}`}>
          <span className="skeleton-bar" />
        </span>
      ))}
    </>
  );
}
