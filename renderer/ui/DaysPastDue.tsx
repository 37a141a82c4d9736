import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type Format, useFormat } from '../app/format';

/** Days past due as a number, or "Due in 3 days" / "Due today" when not yet overdue. */
export function DaysPastDue({ days }: { days: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return daysPastDue(days, t, format);
}

/** DaysPastDue without hooks, for rows rendered by the thousand (the caller passes t and format). */
export function daysPastDue(days: number, t: TFunction, format: Format) {
  if (days > 0) return <span className={days >= 90 ? 'dpd dpd-severe' : 'dpd'}>{format.number(days)}</span>;
  return <span className="dpd dpd-not-due">{t('dpd.dueOn', { when: format.relative(-days, 'day') })}</span>;
}
