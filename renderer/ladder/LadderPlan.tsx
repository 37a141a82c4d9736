// The ladder's plan for a day as a list (docs/ladder.md): per account the stage move with the rule
// that makes it, each treatment with its rule, and what the gate would refuse. Presentational: the
// view (LadderView) loads the plan; a test renders this with the server's answer.
import { useTranslation } from 'react-i18next';
import type { LadderPreview, PlannedTreatment, PreviewItem } from '../../shared/ladder/protocol';
import { useFormat } from '../app/format';
import { refusalWords } from './refusal-words';

export function planSummary(preview: LadderPreview) {
  const treatments = preview.items.flatMap((i) => i.treatments);
  return {
    accounts: preview.items.length,
    moves: preview.items.filter((i) => i.move).length,
    treatments: treatments.length,
    refused: treatments.filter((t) => t.refusals.length > 0).length,
  };
}

/** What the gate would refuse first (the lead acts on those), then stage moves, then the rest; stable within each. */
export function refusedFirst(items: readonly PreviewItem[]): PreviewItem[] {
  const rank = (i: PreviewItem) => (i.treatments.some((t) => t.refusals.length > 0) ? 0 : i.move ? 1 : 2);
  return [...items].sort((a, b) => rank(a) - rank(b));
}

function Dpd({ dpd }: { dpd: number }) {
  const { t } = useTranslation();
  if (dpd === 0) return <>{t('ladder.dpdToday')}</>;
  return <>{dpd > 0 ? t('ladder.dpd', { count: dpd }) : t('ladder.dpdBefore', { count: -dpd })}</>;
}

/** What the gate would refuse, in the lead's words, each with its source and rule. */
function Refusals({ refusals }: { refusals: PlannedTreatment['refusals'] }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  return (
    <span className="ladder-refusal" role="note" data-testid="ladder-refusal">
      {t('ladder.refused')}
      <ul>
        {refusals.map((r) => {
          const w = refusalWords(r, t, i18n.language, format);
          return (
            <li key={r.rule}>
              {w.text}
              {w.source && <small className="ladder-source"> {t('gate.source', { source: w.source })}</small>}
              <small className="ladder-rule-id"> {t('ladder.refusedRule', { rule: r.rule })}</small>
            </li>
          );
        })}
      </ul>
    </span>
  );
}

function Item({ item }: { item: PreviewItem }) {
  const { t } = useTranslation();
  return (
    <li className="ladder-item" data-testid="ladder-item" data-account={item.ref}>
      <div className="ladder-account">
        <strong>{item.ref}</strong> <span>{item.debtorName}</span>
        <span className="muted"> · <Dpd dpd={item.dpd} /> · {t('ladder.tier', { tier: item.tier })} · {t('ladder.policy', { policy: item.policy })}</span>
      </div>
      <p className="ladder-move" data-testid="ladder-move">
        {item.move
          ? <>{item.move.from ? t('ladder.move', { from: item.move.from, to: item.move.to }) : t('ladder.enters', { to: item.move.to })} <code className="ladder-rule">{t('ladder.rule', { rule: item.move.rule })}</code></>
          : <span className="muted">{t('ladder.stays', { stage: item.stage ?? '—' })}</span>}
      </p>
      {item.treatments.length > 0 && (
        <ul className="ladder-treatments">
          {item.treatments.map((tr) => (
            <li key={tr.rule} className={tr.refusals.length > 0 ? 'ladder-treatment refused' : 'ladder-treatment'} data-testid="ladder-treatment">
              <span className="ladder-kind">{t(`ladder.kinds.${tr.kind}`)}</span>
              {tr.detail && <span className="ladder-detail">{tr.detail}</span>}
              <code className="ladder-rule">{t('ladder.rule', { rule: tr.rule })}</code>
              {tr.refusals.length > 0
                ? <Refusals refusals={tr.refusals} />
                : <span className="ladder-ok">{t('ladder.willHappen')}</span>}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function LadderPlan({ preview }: { preview: LadderPreview }) {
  const { t } = useTranslation();
  if (preview.items.length === 0) return <p className="muted" data-testid="ladder-empty">{t('ladder.empty')}</p>;
  return (
    <>
      <p className="ladder-summary" data-testid="ladder-summary">{t('ladder.summary', planSummary(preview))}</p>
      <ol className="ladder-list">{refusedFirst(preview.items).map((i) => <Item key={i.accountId} item={i} />)}</ol>
    </>
  );
}
