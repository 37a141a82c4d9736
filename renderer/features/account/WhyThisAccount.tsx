// Why this account stands where it does in the queue: each part of its score in words, or
// why it is out of the workable list and until when.
import { useTranslation } from 'react-i18next';
import type { QueueExplanation } from '../../../shared/api/contract';
import type { Currency } from '../../../shared/domain/portfolio';
import { useApi } from '../../api/ApiContext';
import { type Format, useFormat } from '../../app/format';
import { useLoad } from '../../app/use-load';

type Part = QueueExplanation['parts'][number];

function partText(part: Part, t: ReturnType<typeof useTranslation>['t'], format: Format): string {
  const p = part.params;
  const money = () => format.money(Number(p.amountMinor ?? 0), (p.currency as Currency) ?? 'CNY');
  switch (part.key) {
    case 'callbackDue': return t('why.callbackDue', { time: format.dateTime(String(p.at)) });
    case 'promiseDueToday': return t('why.promiseDueToday', { amount: money() });
    case 'promiseBroken': return t('why.promiseBroken', { amount: money(), date: format.date(String(p.dueDate)) });
    case 'promiseActive': return t('why.promiseActive', { amount: money(), date: format.date(String(p.dueDate)) });
    case 'stageDpd': return t('why.stageDpd', { stage: t(`stage.${String(p.stage)}` as 'stage.early'), dpd: Number(p.dpd) });
    case 'balance': return t('why.balance', { amount: money() });
    case 'reachLikelihood': return t('why.reachLikelihood', { percent: Number(p.percent), hour: Number(p.hour) });
    case 'recentAttempt': return t('why.recentAttempt', { hours: Number(p.hours) });
  }
}

export function WhyThisAccount({ accountId }: { accountId: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const format = useFormat();
  const [why] = useLoad(() => api.invoke('queue.explain', { accountId }), [api, accountId]);
  if (why.status !== 'ready' || !why.value) return null;
  const { score, parts, blockedUntil } = why.value;

  return (
    <section className="panel why-account" data-testid="why-account" aria-labelledby="why-title">
      <h2 id="why-title">{t('why.title')} <span className="muted">{t('why.score', { score })}</span></h2>
      {blockedUntil && (
        <p className="why-blocked" data-testid="why-blocked">
          {blockedUntil === 'never' ? t('why.blockedHold') : t('why.blockedUntil', { time: format.dateTime(blockedUntil) })}
        </p>
      )}
      <ul>
        {parts.map((part) => (
          <li key={part.key} data-part={part.key}>
            <span>{partText(part, t, format)}</span>
            <span className={part.points >= 0 ? 'why-points why-up' : 'why-points why-down'}>{part.points > 0 ? `+${part.points}` : part.points}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
