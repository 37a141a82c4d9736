// How the queue's reasons read: the parts of a score ("callback due 14:30") and why an account
// is out of the workable list ("calling hours", "cease request"). The queue rows and the
// account view's "why this account" both use these, so the two always say the same thing.
import type { TFunction } from 'i18next';
import type { ScorePart } from '../../shared/queue/score';
import type { Currency } from '../../shared/domain/portfolio';
import { HoldKind } from '../../shared/domain/portfolio';
import type { Format } from './format';

export function scorePartText(part: ScorePart, t: TFunction, format: Format): string {
  const p = part.params;
  const money = () => format.money(Number(p.amountMinor ?? 0), (p.currency as Currency) ?? 'CNY');
  switch (part.key) {
    case 'callbackDue': return t('why.callbackDue', { time: format.zoned(String(p.at)) });
    case 'promiseDueToday': return t('why.promiseDueToday', { amount: money() });
    case 'promiseBroken': return t('why.promiseBroken', { amount: money(), date: format.date(String(p.dueDate)) });
    case 'promiseActive': return t('why.promiseActive', { amount: money(), date: format.date(String(p.dueDate)) });
    case 'stageDpd': return t('why.stageDpd', { stage: t(`stage.${String(p.stage)}` as 'stage.early'), dpd: Number(p.dpd) });
    case 'balance': return t('why.balance', { amount: money() });
    case 'reachLikelihood': return t(Number(p.callsTotal ?? 1) === 0 ? 'whyMore.reachUnknown' : 'why.reachLikelihood', { percent: Number(p.percent), hour: Number(p.hour) });
    case 'recentAttempt': return Number(p.hours) < 1 ? t('why.recentAttemptJustNow') : t('why.recentAttempt', { count: Number(p.hours) });
  }
}

const HOLDS: ReadonlySet<string> = new Set(HoldKind.options);

/** What kind of rule keeps the account out: a hold, calling hours, a call limit… */
export function blockReasonText(reason: string, t: TFunction): string {
  const hold = reason.replace(/^(us|cn)\.hold\./, '');
  if (HOLDS.has(hold)) return t(`hold.${hold as HoldKind}`);
  if (/time_of_day|quiet_hours|state_window|visit_hours/.test(reason)) return t('blockReason.hours');
  if (/inconvenient/.test(reason)) return t('blockReason.inconvenient');
  if (/frequency|per_day|per_number|per_7_days/.test(reason)) return t('blockReason.callLimit');
  if (/third_party/.test(reason)) return t('blockReason.thirdParty');
  if (/workplace/.test(reason)) return t('blockReason.workplace');
  if (reason === 'no_phone') return t('blockReason.noPhone');
  if (reason === 'unreadable_data') return t('blockReason.unreadableData');
  return t('blockReason.other');
}

/** "Back Tue 08:00" or, while a hold lasts, "On hold". */
export function blockedUntilText(until: string, t: TFunction, format: Format): string {
  return until === 'never' ? t('queue.onHold') : t('queue.backAt', { time: format.zoned(until) });
}
