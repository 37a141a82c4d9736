// One queue row's cells. No hooks here: a fast scroll mounts dozens of rows a frame, so the
// list passes `t` and `format` down once instead of every cell subscribing to i18next.
import type { TFunction } from 'i18next';
import type { QueueRow } from '../../../shared/api/contract';
import type { Format } from '../../app/format';
import { blockedUntilText, blockReasonText, scorePartText } from '../../app/queue-text';
import { daysPastDue } from '../../ui/DaysPastDue';
import { holdBadge } from '../../ui/HoldBadge';
import { stageChip } from '../../ui/StageChip';

export const COLUMNS = ['debtor', 'why', 'ref', 'region', 'province', 'balance', 'dpd', 'stage', 'lenders', 'holds'] as const;

export function QueueRowCells({ row, t, format }: { row: QueueRow; t: TFunction; format: Format }) {
  return (
    <>
      <span role="gridcell" className="cell cell-debtor" title={row.debtorName}>{row.debtorName}</span>
      <WhyCell row={row} t={t} format={format} />
      <span role="gridcell" className="cell cell-ref">{row.ref}</span>
      <span role="gridcell" className="cell cell-region">{row.region}</span>
      <span role="gridcell" className="cell cell-province" title={row.province}>{row.province}</span>
      <span role="gridcell" className="cell cell-balance">{format.money(row.balanceMinor, row.currency)}</span>
      <span role="gridcell" className="cell cell-dpd">{daysPastDue(row.daysPastDue, t, format)}</span>
      <span role="gridcell" className="cell cell-stage">{stageChip(row.stage, t)}</span>
      <span role="gridcell" className="cell cell-lenders" title={row.lenders}>{row.lenders}</span>
      <span role="gridcell" className="cell cell-holds">
        {row.activeHolds.map((kind) => holdBadge(kind, t, kind))}
      </span>
    </>
  );
}

/** Workable: what weighs most in its score. Blocked: until when, and why. */
function WhyCell({ row, t, format }: { row: QueueRow; t: TFunction; format: Format }) {
  if (row.blockedUntil !== null) {
    const when = blockedUntilText(row.blockedUntil, t, format);
    const why = row.blockReason ? blockReasonText(row.blockReason, t) : '';
    return (
      <span role="gridcell" className="cell cell-why cell-why-blocked" data-testid="queue-row-blocked" title={`${when} · ${why}`}>
        <strong>{when}</strong> {why}
      </span>
    );
  }
  const text = row.topPart ? scorePartText(row.topPart, t, format) : '';
  return <span role="gridcell" className="cell cell-why" title={text}>{text}</span>;
}
