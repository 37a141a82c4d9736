// The queue's summary in words: why nothing is workable and when the first account opens, each
// time with its zone (the rule's or the debtor's, then the agent's). The summary banner and Next
// account's toast both read it, so they always agree.
import type { TFunction } from 'i18next';
import type { FairlineApi } from '../../../shared/api/contract';
import type { QueueSummary } from '../../../shared/queue/summary';
import { consoleNow } from '../../app/use-now';
import { blockReasonText } from '../../app/queue-text';
import { agentZone, untilText, zonedDateTime, zoneName } from './zoned-time';

export interface SummaryLines {
  /** The headline, then each line of the explanation. */
  lines: string[];
  /** One sentence for a toast. */
  toast: string;
}

export function summaryText(summary: QueueSummary, t: TFunction, language: string, nowMs: number): SummaryLines {
  const lines = [t('queueSummary.allBlocked', { count: summary.total })];
  const open = summary.firstOpening;
  if (!open) {
    lines.push(t('queueSummary.allOnHold'));
    return { lines, toast: t('queueSummary.toastOnHold') };
  }
  const rule = blockReasonText(open.reason, t);
  const zone = zoneName(language, open.at, open.timeZone);
  if (open.window) lines.push(t('queueSummary.window', { rule, from: open.window.from, to: open.window.to, zone }));
  else lines.push(t('queueSummary.reason', { rule }));
  const time = zonedDateTime(language, open.at, open.timeZone);
  const agent = agentZone();
  const inText = untilText(language, open.at, nowMs);
  lines.push(t('queueSummary.nextAt', { time, zone, agentTime: zonedDateTime(language, open.at, agent), agentZone: zoneName(language, open.at, agent), in: inText }));
  lines.push(t('queueSummary.opening', { count: open.accounts }));
  if (summary.onHold > 0) lines.push(t('queueSummary.onHold', { count: summary.onHold }));
  return { lines, toast: t('queueSummary.toast', { time, zone, in: inText }) };
}

/** Next account's toast when nothing is workable: when the first account opens, if one will. */
export async function nothingWorkableText(api: FairlineApi, t: TFunction, language: string): Promise<string> {
  try {
    const summary = await api.invoke('queue.summary', {});
    if (summary.workable > 0 || summary.total === 0) return t('queue.nothingWorkable');
    return summaryText(summary, t, language, consoleNow().getTime()).toast;
  } catch {
    return t('queue.nothingWorkable');
  }
}
