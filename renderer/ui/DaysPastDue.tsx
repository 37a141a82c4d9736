import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format';

/** Days past due as a number, or "Due in 3 days" / "Due today" when not yet overdue. */
export function DaysPastDue({ days }: { days: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (days > 0) return <span className={days >= 90 ? 'dpd dpd-severe' : 'dpd'}>{format.number(days)}</span>;
  return <span className="dpd dpd-not-due">{t('dpd.dueOn', { when: format.relative(-days, 'day') })}</span>;
}
