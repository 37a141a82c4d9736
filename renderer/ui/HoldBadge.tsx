import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { HoldKind } from '../../shared/domain/portfolio';
import './chips.css';

/** A red badge for a compliance hold; a kind this version does not know is shown as sent. */
export function HoldBadge({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return holdBadge(kind, t);
}

const KNOWN: ReadonlySet<string> = new Set(HoldKind.options);

/** HoldBadge without hooks, for rows rendered by the thousand (the caller passes t and a key). */
export function holdBadge(kind: string, t: TFunction, key?: string) {
  const label = KNOWN.has(kind) ? t(`hold.${kind as HoldKind}`) : kind;
  return <span key={key} className="chip hold-badge" data-testid="hold-badge" title={label}>{label}</span>;
}
