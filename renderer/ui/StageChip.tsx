import { useTranslation } from 'react-i18next';
import type { Stage } from '../../shared/domain/portfolio';
import './chips.css';

export function StageChip({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return <span className={`chip stage-${stage}`}>{t(`stage.${stage}`)}</span>;
}
