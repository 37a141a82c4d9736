import { useTranslation } from 'react-i18next';
import { HoldKind } from '../../shared/domain/portfolio';
import './chips.css';

/** A red badge for a compliance hold; a kind this version does not know is shown as sent. */
export function HoldBadge({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const known = HoldKind.safeParse(kind);
  const label = known.success ? t(`hold.${known.data}`) : kind;
  return <span className="chip hold-badge" data-testid="hold-badge" title={label}>{label}</span>;
}
