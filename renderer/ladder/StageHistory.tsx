// The account's stage history for the agent (docs/ladder.md): the ladder's moves as they came down
// with the account (history entries by the ladder, server/store/ladder-store.ts), so it shows offline
// too. Oldest first: the path the account walked.
import { useTranslation } from 'react-i18next';
import type { TimelineItem } from '../../shared/api/contract';
import { useFormat } from '../app/format';
import { stageName } from '../ui/StageChip';
import './ladder.css';

/** The note the server writes for a move: "from → to · rule" (ladder-store.ts stageHistoryNote). */
const NOTE = /^(.+) → (.+) · (.+)$/;

export interface StageEntry { id: string; at: string; from: string | null; to: string; rule: string }

/** The stage move a timeline item records, or null when it is not the ladder's. */
export function stageEntry(i: TimelineItem): StageEntry | null {
  if (i.source !== 'central' || i.actor !== 'ladder' || i.result !== 'ladder_stage') return null;
  const m = NOTE.exec(i.note);
  return m ? { id: i.id, at: i.at, from: m[1] === '—' ? null : m[1]!, to: m[2]!, rule: m[3]! } : null;
}

export function stageEntries(items: readonly TimelineItem[]): StageEntry[] {
  return items.map(stageEntry).filter((e): e is StageEntry => e !== null).sort((a, b) => a.at.localeCompare(b.at));
}

export function StageHistory({ timeline }: { timeline: readonly TimelineItem[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const entries = stageEntries(timeline);
  return (
    <section className="panel stage-history" aria-labelledby="stage-history-title" data-testid="stage-history">
      <h2 id="stage-history-title">{t('ladder.history.title')}</h2>
      {entries.length === 0 ? <p className="muted">{t('ladder.history.empty')}</p> : (
        <ol>
          {entries.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{format.date(e.at.slice(0, 10))}</time>
              <strong>{e.from ? t('ladder.history.entry', { from: stageName(e.from, t), to: stageName(e.to, t) }) : t('ladder.history.first', { to: stageName(e.to, t) })}</strong>
              <span className="muted">{t('ladder.history.by', { rule: e.rule })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
