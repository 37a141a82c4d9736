// Above the queue when nothing in it is workable: why, and when the first account opens.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueSummary } from '../../../shared/queue/summary';
import { useApi } from '../../api/ApiContext';
import { consoleNow } from '../../app/use-now';
import { summaryText } from './summary-text';

interface Props {
  /** Refetch when this changes (the queue's version). */
  version: number | null;
}

export function QueueSummaryBanner({ version }: Props) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const [summary, setSummary] = useState<QueueSummary | null>(null);

  useEffect(() => {
    let current = true;
    api.invoke('queue.summary', {}).then((s) => current && setSummary(s), () => current && setSummary(null));
    return () => {
      current = false;
    };
  }, [api, version]);

  if (!summary || summary.total === 0 || summary.workable > 0) return null;
  const { lines } = summaryText(summary, t, i18n.language, consoleNow().getTime());
  return (
    <section className="notice notice-info queue-summary" role="status" aria-label={t('queueSummary.label')} data-testid="queue-summary">
      <strong>{lines[0]}</strong>
      {lines.slice(1).map((line) => <p key={line}>{line}</p>)}
    </section>
  );
}
