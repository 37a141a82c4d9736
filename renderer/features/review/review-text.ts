// Words for the review's pieces that come as codes: outcomes, logged steps, monitoring events.
import type { TFunction } from 'i18next';
import type { ReviewCallDetail, ReviewStep } from '../../../shared/api/review';
import { catalogues } from '../../../shared/i18n';
import { duration } from '../board/duration';

type OutcomeCode = keyof typeof catalogues.en.wrapup.outcome;
type SystemStep = keyof typeof catalogues.en.review.timeline.systemStep;
type Check = keyof typeof catalogues.en.talktrack.verify.check;
type StepKind = keyof typeof catalogues.en.talktrack.stepKind;
type MonitorMode = keyof typeof catalogues.en.review.timeline.monitorMode;

const known = <T extends object>(table: T, key: unknown): key is Extract<keyof T, string> => typeof key === 'string' && Object.hasOwn(table, key);

export function outcomeText(t: TFunction, code: string): string {
  return known(catalogues.en.wrapup.outcome, code) ? t(`wrapup.outcome.${code as OutcomeCode}`) : code;
}

/** "+1:05": a time from the call's start (m:ss, as call timers show it). */
export function offset(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${duration(Math.abs(ms))}`;
}

/** A confirmed step in words: the pack's disclosure, the identity check, or the track's own wording. */
export function stepText(t: TFunction, step: ReviewStep): string {
  switch (step.kind) {
    // The kind ("Required disclosure", "Verify identity") is shown beside: here only what.
    case 'system':
      return known(catalogues.en.review.timeline.systemStep, step.name) ? t(`review.timeline.systemStep.${step.name as SystemStep}`) : step.name;
    case 'verify':
      return known(catalogues.en.talktrack.verify.check, step.name) ? t(`talktrack.verify.check.${step.name as Check}.label`) : step.name;
    case 'switch':
      return t('review.timeline.step.switch');
    case 'track':
      return step.text ?? step.name;
    case 'unknown':
      return t('review.timeline.step.unknown', { id: step.name });
  }
}

/** The kind of step, as the call panel names it ("Say", "Ask", "Required disclosure"). */
export function stepKindText(t: TFunction, step: ReviewStep): string | null {
  const kind: StepKind | null = step.kind === 'system' ? 'disclosure' : step.kind === 'verify' ? 'verify' : step.stepType;
  return kind ? t(`talktrack.stepKind.${kind}`) : null;
}

export function monitorText(t: TFunction, event: ReviewCallDetail['monitoring'][number]): string {
  const d = event.detail;
  const mode = known(catalogues.en.review.timeline.monitorMode, d.mode) ? t(`review.timeline.monitorMode.${d.mode as MonitorMode}`) : String(d.mode ?? '');
  switch (event.type) {
    case 'monitor.started':
      return t('review.timeline.monitor.started', { lead: typeof d.leadName === 'string' ? d.leadName : event.userName, mode });
    case 'monitor.mode':
      return t('review.timeline.monitor.mode', { mode });
    case 'monitor.ended':
      return t('review.timeline.monitor.ended', { duration: duration(typeof d.durationMs === 'number' ? d.durationMs : 0) });
    default:
      return t('review.timeline.monitor.other', { type: event.type });
  }
}

/** Local calendar days as the instants the server filters on: from the first day's start to the end of the last. */
export function dayRange(from: string, to: string): { from?: string; to?: string } {
  const start = (day: string) => new Date(`${day}T00:00:00`);
  const range: { from?: string; to?: string } = {};
  if (from) range.from = start(from).toISOString();
  if (to) {
    const end = start(to);
    end.setDate(end.getDate() + 1);
    range.to = end.toISOString();
  }
  return range;
}
