// While a training clock is set (FAIRLINE_CLOCK), every screen says so, with the time it shows.
import { useTranslation } from 'react-i18next';
import { labelledDateTime } from '../features/queue/zoned-time';
import { trainingClock, useNow } from './use-now';
import './training-banner.css';

export function TrainingBanner() {
  const { t, i18n } = useTranslation();
  const now = useNow(30_000);
  if (!trainingClock()) return null;
  return (
    <div className="training-banner" role="status" data-testid="training-banner">
      {t('training.banner', { time: labelledDateTime(i18n.language, now.toISOString()) })}
    </div>
  );
}
