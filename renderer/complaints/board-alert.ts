// The board's words for a complaint whose SLA ran out (server/complaints/sla-job.ts): the account,
// the category and when it was due, in the console's language.
import i18next, { type TFunction } from 'i18next';
import { ComplaintCategory } from '../../shared/complaints/categories';

export function complaintAlertDetail(t: TFunction, detail: Record<string, unknown>): string {
  const category = ComplaintCategory.catch('other').parse(detail.category);
  const due = typeof detail.dueAt === 'string' && !Number.isNaN(Date.parse(detail.dueAt))
    ? new Intl.DateTimeFormat(i18next.language || 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(detail.dueAt))
    : '';
  return t('complaints.alert.detail', { account: typeof detail.accountRef === 'string' ? detail.accountRef : '', category: t(`complaints.categories.${category}`), due });
}
