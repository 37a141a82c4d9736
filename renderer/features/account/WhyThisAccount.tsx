// Why this account stands where it does in the queue: each part of its score in words, or
// why it is out of the workable list and until when.
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { useFormat } from '../../app/format';
import { blockReasonText, scorePartText } from '../../app/queue-text';
import { useLoad } from '../../app/use-load';

export function WhyThisAccount({ accountId }: { accountId: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const format = useFormat();
  const [why] = useLoad(() => api.invoke('queue.explain', { accountId }), [api, accountId]);
  if (why.status !== 'ready' || !why.value) return null;
  const { score, parts, blockedUntil, blockReason } = why.value;

  return (
    <section className="panel why-account" data-testid="why-account" aria-labelledby="why-title">
      <h2 id="why-title">{t('why.title')} <span className="muted">{t('why.score', { score })}</span></h2>
      {blockedUntil && (
        <p className="why-blocked" data-testid="why-blocked">
          {blockedUntil === 'never' ? t('why.blockedHold') : t('why.blockedUntil', { time: format.zoned(blockedUntil) })}
          {blockReason && <span className="why-blocked-reason"> {t('why.blockedBecause', { reason: blockReasonText(blockReason, t) })}</span>}
        </p>
      )}
      <ul>
        {parts.map((part) => (
          <li key={part.key} data-part={part.key}>
            <span>{scorePartText(part, t, format)}</span>
            <span className={part.points >= 0 ? 'why-points why-up' : 'why-points why-down'}>{part.points > 0 ? `+${part.points}` : part.points}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
