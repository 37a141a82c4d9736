import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Stage } from '../../shared/domain/portfolio';
import './chips.css';

export function StageChip({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return stageChip(stage, t);
}

/** StageChip without hooks, for rows rendered by the thousand (the caller passes t). */
export function stageChip(stage: Stage, t: TFunction) {
  return <span className={`chip stage-${stage}`}>{t(`stage.${stage}`)}</span>;
}

/** A stage by its name in the agent's language; a stage the organisation's ladder added (not one
 *  of the console's own) by its id, as the policy names it. */
export function stageName(stage: string, t: TFunction): string {
  const known = Stage.safeParse(stage);
  return known.success ? t(`stage.${known.data}`) : stage;
}
