// Contacts, promises and payments, newest first. Central history and what this device recorded
// (not necessarily synced yet) are told apart.
import { useTranslation } from 'react-i18next';
import type { TimelineItem } from '../../../shared/api/contract';
import type { Currency } from '../../../shared/domain/portfolio';
import { en } from '../../../shared/i18n/en';
import { isOutcomeCode } from '../../../shared/wrapup';
import { useFormat } from '../../app/format';
import { RecordingPlayer } from './RecordingPlayer';
import { dayMessages } from '../../../shared/i18n/day';
import { messagingMessages } from '../../../shared/i18n/messaging';
import { stageEntry } from '../../ladder/StageHistory';
import { stageName } from '../../ui/StageChip';

interface Props {
  items: TimelineItem[];
  currency: Currency;
}

/** Local event types are dotted (`note.added`); catalogue keys cannot be. */
function catalogueKey(value: string): string {
  return value.replaceAll('.', '_');
}

function isKnown<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(table, key);
}

export function Timeline({ items, currency }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const newestFirst = [...items].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

  function kindLabel(kind: string): string {
    const key = catalogueKey(kind);
    if (isKnown(en.timeline.kind, key)) return t(`timeline.kind.${key}`);
    if (isKnown(messagingMessages.en.timelineMessages.kind, key)) return t(`timelineMessages.kind.${key}`);
    return isKnown(dayMessages.en.timelineMore, key) ? t(`timelineMore.${key}`) : kind;
  }

  function resultLabel(result: string): string {
    const key = catalogueKey(result);
    if (isKnown(en.timeline.result, key)) return t(`timeline.result.${key}`);
    if (isKnown(messagingMessages.en.timelineMessages.result, key)) return t(`timelineMessages.result.${key}`);
    // A wrap-up's result is its outcome code.
    return isOutcomeCode(result) ? t(`wrapup.outcome.${result}`) : result;
  }

  return (
    <section className="panel" aria-labelledby="account-timeline-title">
      <h2 id="account-timeline-title">{t('account.timeline')}</h2>
      {newestFirst.length === 0 && <p className="muted">{t('account.noTimeline')}</p>}
      <ol className="timeline" data-testid="account-timeline">
        {newestFirst.map((item) => {
          // The ladder's stage moves are history notes on the server; here they read as moves.
          const stage = stageEntry(item);
          return (
          <li key={item.id} className={`timeline-item timeline-${item.source}`} data-testid="timeline-item" data-source={item.source}>
            <time dateTime={item.at}>{format.dateTime(item.at)}</time>
            <div className="timeline-body">
              <p className="timeline-line">
                <strong>{stage ? t('ladder.timeline.kind') : kindLabel(item.kind)}</strong>
                {item.result && !stage && <span className="timeline-result">{resultLabel(item.result)}</span>}
                {item.amountMinor !== null && <span className="timeline-amount">{format.money(item.amountMinor, currency)}</span>}
                {item.dueDate && <span>{item.kind.startsWith('letter.') ? t('letters.respondBy', { date: format.date(item.dueDate) }) : t('account.promisedFor', { date: format.date(item.dueDate) })}</span>}
              </p>
              {stage
                ? <p className="timeline-note">{stage.from ? t('ladder.timeline.moved', { from: stageName(stage.from, t), to: stageName(stage.to, t), rule: stage.rule }) : t('ladder.timeline.entered', { to: stageName(stage.to, t), rule: stage.rule })}</p>
                : item.note && <p className="timeline-note">{item.note}</p>}
              {item.call?.recorded && item.call.callId && <RecordingPlayer callId={item.call.callId} />}
              <p className="timeline-meta">
                <span>{stage ? t('ladder.timeline.actor') : item.actor}</span>
                <span className={`source source-${item.source}`}>{t(`timeline.source.${item.source}`)}</span>
              </p>
            </div>
          </li>
          );
        })}
      </ol>
    </section>
  );
}
