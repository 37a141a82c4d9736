import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Stage } from '../../shared/domain/portfolio';
import './chips.css';

export function StageChip({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return stageChip(stage, t);
}

/** StageChip without hooks, for rows rendered by the thousand (the caller passes t). */
export function stageChip(stage: Stage, t: TFunction) {
  return <span className={`chip stage-${stage}`}>{t(`stage.${stage}`)}</span>;
}
