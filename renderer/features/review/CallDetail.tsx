// One call under review: the recording, the timeline (the gate's decision with its reasons in
// words, the call placed, answered and ended, each talk-track step confirmed at its time, the
// lead joining, the wrap-up) and the score. Clicking a step plays the recording from it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallReview, ReviewCallDetail, ReviewStep } from '../../../shared/api/review';
import type { VariableValues } from '../../../shared/talktrack';
import { catalogues } from '../../../shared/i18n';
import { useApi } from '../../api/ApiContext';
import { useFormat } from '../../app/format';
import { useLoad } from '../../app/use-load';
import { GateStatus } from '../account/GateStatus';
import { duration } from '../board/duration';
import { ListError, Stars } from './ReviewList';
import { ReviewForm } from './ReviewForm';
import { monitorText, offset, outcomeText, stepKindText, stepText } from './review-text';
import { settleDuration, useRecording } from './use-recording';
import { spokenPieces, spokenText, spokenValues } from './spoken-text';

type HoldKind = keyof typeof catalogues.en.hold;

interface Props {
  callId: string;
  onBack: () => void;
  /** A review was saved (the list reads its scores again). */
  onReviewed: () => void;
}

export function CallDetail({ callId, onBack, onReviewed }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const [loaded, reload] = useLoad(() => api.invoke('review.call', { callId }), [api, callId]);
  // Escape goes back to the list, unless it belongs to a field being typed in.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      const target = event.target as HTMLElement | null;
      if (event.key !== 'Escape' || target?.closest('input, textarea, select')) return;
      onBack();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onBack]);

  return (
    <div className="review-call" data-testid="review-call" data-call-id={callId}>
      <button type="button" className="button button-quiet review-back" data-testid="review-back" onClick={onBack}>← {t('review.back')}</button>
      {loaded.status === 'loading' && <p className="review-empty">{t('app.loading')}</p>}
      {loaded.status === 'failed' && <ListError error={loaded.error} onRetry={reload} />}
      {loaded.status === 'ready' && <Call detail={loaded.value} onReviewed={onReviewed} />}
    </div>
  );
}

function Call({ detail, onReviewed }: { detail: ReviewCallDetail; onReviewed: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { call } = detail;
  const stored = call.recording?.stored ? call.recording.sha256 : null;
  const recording = useRecording(stored);
  const [position, setPosition] = useState<number | null>(null);
  // A saved review joins the list here: reading the call again would reset the player.
  const [reviews, setReviews] = useState(detail.reviews);

  // Seconds into the recording where a step was confirmed.
  const inRecording = (atMs: number) => Math.max(0, atMs - (detail.recordingOffsetMs ?? 0)) / 1000;
  // The step being heard: the last one confirmed before the player's position.
  const playing = position === null ? null : detail.steps.filter((s) => inRecording(s.atMs) <= position + 0.25).map((s) => `${s.stepId}@${s.atMs}`).at(-1) ?? null;

  const talk = call.answeredAt ? duration(call.talkMs) : t(`review.result.${call.result}`);
  return (
    <>
      <header className="review-call-head">
        <h1>{t('review.callTitle', { agent: call.agent.name, account: call.account?.ref ?? t('review.noAccount') })}</h1>
        <dl className="review-facts">
          <div><dt>{t('review.facts.when')}</dt><dd>{format.dateTime(call.startedAt)}</dd></div>
          <div><dt>{t('review.facts.number')}</dt><dd className="review-num">{detail.number}</dd></div>
          <div><dt>{t('review.facts.direction')}</dt><dd>{t(`review.direction.${call.direction}`)}</dd></div>
          <div><dt>{t('review.facts.result')}</dt><dd>{t(`review.result.${call.result}`)}</dd></div>
          <div><dt>{t('review.facts.talk')}</dt><dd className="review-num">{talk}</dd></div>
          {detail.answering && (
            <div data-testid="review-answered-by" data-verdict={detail.answering.verdict}>
              <dt>{t('review.facts.answeredBy')}</dt>
              <dd>{t(`review.answeredBy.${detail.answering.verdict}`, { seconds: (detail.answering.decidedAfterMs / 1000).toFixed(1) })}</dd>
            </div>
          )}
          {detail.outcome?.track && (
            <div><dt>{t('review.facts.track')}</dt><dd>{t('review.facts.trackVersion', { title: detail.outcome.track.title, version: detail.outcome.track.version })}</dd></div>
          )}
        </dl>
      </header>
      <div className="review-call-body">
        <div className="review-call-main">
          <section className="panel review-recording" aria-labelledby="review-recording-title">
            <h2 id="review-recording-title">{t('review.recording.title')}</h2>
            <Player call={call} recording={recording} onPosition={setPosition} />
          </section>
          <section className="panel" aria-labelledby="review-timeline-title">
            <h2 id="review-timeline-title">{t('review.timeline.title')}</h2>
            <Timeline detail={detail} playing={playing} onPlay={stored ? (s) => void recording.playFrom(inRecording(s.atMs)).catch(() => undefined) : null} />
          </section>
        </div>
        <aside className="review-call-side">
          <ReviewForm callId={call.callId} onSaved={(review) => { setReviews((r) => [...r, review]); onReviewed(); }} />
          <Reviews reviews={reviews} />
        </aside>
      </div>
    </>
  );
}

function Player({ call, recording, onPosition }: { call: ReviewCallDetail['call']; recording: ReturnType<typeof useRecording>; onPosition: (seconds: number) => void }) {
  const { t } = useTranslation();
  if (!call.recording) return <p className="review-muted">{t('review.recording.none')}</p>;
  if (!call.recording.stored) return <p className="review-muted" data-testid="review-not-uploaded">{t('review.recording.notUploaded')}</p>;
  const { state } = recording;
  return (
    <div className="review-player">
      {state.status === 'ready' ? (
        <audio ref={recording.audio} className="review-audio" controls src={state.url} data-testid="review-audio"
          onLoadedMetadata={(e) => void settleDuration(e.currentTarget)} onTimeUpdate={(e) => onPosition(e.currentTarget.currentTime)} />
      ) : (
        <button type="button" className="button review-load" disabled={state.status === 'loading'} data-testid="review-load" onClick={() => void recording.load().catch(() => undefined)}>
          {state.status === 'loading' ? t('review.recording.loading') : `▶ ${t('review.recording.load')} (${duration(call.recording.durationMs)})`}
        </button>
      )}
      {state.status === 'failed' && <ListError error={state.error} onRetry={() => void recording.load().catch(() => undefined)} />}
      <p className="field-note">{t('review.recording.stepHint')}</p>
    </div>
  );
}

/** The values the call's wording used, read from the account on this console; null until read, or when it cannot be. */
function useSpokenValues(detail: ReviewCallDetail): VariableValues | null {
  const api = useApi();
  const accountId = detail.call.account?.id ?? null;
  const hasTrackText = detail.steps.some((s) => s.kind === 'track' && s.text?.includes('{{'));
  const [values, setValues] = useState<VariableValues | null>(null);
  useEffect(() => {
    if (!accountId || !hasTrackText) return;
    let current = true;
    api.invoke('script.forAccount', { accountId }).then(
      (script) => current && setValues(spokenValues(script, detail.call.agent.name, Date.parse(detail.call.startedAt))),
      () => undefined, // not in this console's portfolio: the wording keeps its variables
    );
    return () => {
      current = false;
    };
  }, [api, accountId, hasTrackText, detail.call.agent.name, detail.call.startedAt]);
  return values;
}

function Timeline({ detail, playing, onPlay }: { detail: ReviewCallDetail; playing: string | null; onPlay: ((step: ReviewStep) => void) | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const values = useSpokenValues(detail);
  const { call, outcome } = detail;
  const start = Date.parse(call.startedAt);
  const currency = call.account?.currency ?? null;
  const money = (minor: number) => (currency ? format.money(minor, currency) : format.number(minor / 100));

  // Steps and monitoring, in the order they happened during the call.
  const during = [
    ...detail.steps.map((step) => ({ atMs: step.atMs, key: `step-${step.stepId}-${step.atMs}`, step, monitor: null })),
    ...detail.monitoring.map((m) => ({ atMs: m.atMs, key: `monitor-${m.eventId}`, step: null, monitor: m })),
  ].sort((a, b) => a.atMs - b.atMs);
  const ended = Date.parse(call.endedAt) - start;

  return (
    <ol className="review-timeline" data-testid="review-timeline">
      {(detail.decisions.length > 0 || detail.overrides.length > 0) && <li className="review-tl-group">{t('review.timeline.beforeCall')}</li>}
      {[...detail.decisions.map((d) => ({ at: d.at, decision: d, override: null })), ...detail.overrides.map((o) => ({ at: o.at, decision: null, override: o }))]
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
        .map(({ at, decision, override }) => (
          <li key={decision?.eventId ?? override!.eventId} className="review-tl-item" data-testid={decision ? 'review-decision' : 'review-override'}>
            <time dateTime={at}>{format.dateTime(at)}</time>
            <div>
              {decision ? (
                <>
                  <strong>{t(`review.timeline.decision.${decision.action}`)}</strong>
                  <span className="review-muted"> · {t('review.timeline.decisionPack', { pack: decision.packId, version: decision.packVersion })}</span>
                  <div className="review-gate"><GateStatus gate={{ decision: decision.decision, allowedFrom: decision.allowedFrom, reasons: decision.reasons }} /></div>
                </>
              ) : (
                <span>{t('review.timeline.override', { approver: override!.approverName, reason: override!.reason })}</span>
              )}
            </div>
          </li>
        ))}
      <li className="review-tl-item review-tl-call">
        <time>{offset(0)}</time>
        <div>{call.direction === 'outbound' ? t('review.timeline.placed', { number: detail.number }) : t('review.timeline.received', { number: detail.number })}</div>
      </li>
      <li className="review-tl-item review-tl-call">
        <time>{offset(call.answeredAt ? Date.parse(call.answeredAt) - start : ended)}</time>
        <div>{call.answeredAt ? t('review.timeline.answered') : t('review.timeline.notAnswered', { result: t(`review.result.${call.result}`) })}</div>
      </li>
      {during.map((entry) => entry.step ? (
        <li key={entry.key} className="review-tl-item" data-testid="review-step" data-step-id={entry.step.stepId} aria-current={playing === `${entry.step.stepId}@${entry.step.atMs}` ? 'step' : undefined}>
          <time>{offset(entry.atMs)}</time>
          <StepLine step={entry.step} values={values} onPlay={onPlay} />
        </li>
      ) : (
        <li key={entry.key} className="review-tl-item review-tl-monitor" data-testid="review-monitor">
          <time>{offset(entry.atMs)}</time>
          <div>{monitorText(t, entry.monitor!)}</div>
        </li>
      ))}
      <li className="review-tl-item review-tl-call">
        <time>{offset(ended)}</time>
        <div>{t('review.timeline.ended')}</div>
      </li>
      {detail.flaggedNotes.map((n) => (
        <li key={n.eventId} className="review-tl-item review-tl-flagged" data-testid="review-flagged">
          <time dateTime={n.at}>{format.dateTime(n.at)}</time>
          <div>
            <strong>{t('review.timeline.flaggedNote')}</strong>
            <p className="review-quote">{n.text}</p>
            <p className="review-muted">{n.flags.map((f) => `${f.phrase} (${Object.hasOwn(catalogues.en.wrapup.phraseCategory, f.category) ? t(`wrapup.phraseCategory.${f.category as keyof typeof catalogues.en.wrapup.phraseCategory}`) : f.category})`).join(' · ')}</p>
          </div>
        </li>
      ))}
      <li className="review-tl-item review-tl-outcome" data-testid="review-outcome">
        {outcome ? (
          <>
            <time dateTime={outcome.at}>{format.dateTime(outcome.at)}</time>
            <div>
              <strong>{t('review.timeline.outcome', { outcome: outcomeText(t, outcome.outcome) })}</strong>
              {outcome.promise && <p>{t('review.timeline.promise', { amount: money(outcome.promise.amountMinor), date: format.date(outcome.promise.dueDate) })}</p>}
              {outcome.plan && <p>{t('review.timeline.plan', { count: outcome.plan.instalments.length, total: money(outcome.plan.totalMinor) })}</p>}
              {outcome.callback && <p>{t('review.timeline.callback', { time: format.dateTime(outcome.callback.at) })}</p>}
              {outcome.hold && <p>{t('review.timeline.hold', { kind: Object.hasOwn(catalogues.en.hold, outcome.hold.kind) ? t(`hold.${outcome.hold.kind as HoldKind}`) : outcome.hold.kind })}</p>}
              <p className="review-note-label">{t('review.timeline.note')}</p>
              <p className="review-quote" data-testid="review-note">{outcome.note || <span className="review-muted">{t('review.timeline.noNote')}</span>}</p>
              {outcome.flaggedPhrases.length > 0 && (
                <p className="review-flagged-phrases" data-testid="review-flagged-phrases">{t('review.timeline.flaggedPhrases', { phrases: outcome.flaggedPhrases.map((p) => `“${p}”`).join(', ') })}</p>
              )}
            </div>
          </>
        ) : (
          <>
            <time />
            <div className="review-muted">{t('review.timeline.noOutcome')}</div>
          </>
        )}
      </li>
    </ol>
  );
}

/** One logged step of the timeline (exported for its render test). */
export function StepLine({ step, values, onPlay }: { step: ReviewStep; values: VariableValues | null; onPlay: ((step: ReviewStep) => void) | null }) {
  const { t } = useTranslation();
  const kind = stepKindText(t, step);
  const text = stepText(t, step);
  const answer = step.answer && (step.answer.label ? t('review.timeline.step.answer', { answer: step.answer.label }) : t('review.timeline.step.answerDigit', { digit: step.answer.digit }));
  const body = (
    <>
      {kind && <span className="review-step-kind">{kind}</span>}
      {step.thirdParty && step.kind !== 'switch' && <span className="review-step-kind">{t('review.timeline.step.thirdParty')}</span>}
      <span className="review-step-text" title={step.kind === 'track' ? spokenText(text, values) : text}>{step.kind === 'track' ? <Wording text={text} values={values} /> : text}</span>
      {step.passed !== null && (
        <span className={`review-check review-check-${step.passed ? 'passed' : 'failed'}`} data-testid="review-check" data-passed={step.passed}>
          {t(step.passed ? 'review.timeline.step.passed' : 'review.timeline.step.failed')}
        </span>
      )}
      {step.notOnFile && (
        <span className="review-check review-check-not-on-file" data-testid="review-check" data-not-on-file="true">{t('review.timeline.step.notOnFile')}</span>
      )}
      {answer && <span className="review-answer" data-testid="review-answer">{answer}</span>}
    </>
  );
  if (!onPlay) return <div className="review-step">{body}</div>;
  return (
    <button type="button" className="review-step review-step-play" title={t('review.timeline.playFrom', { time: offset(step.atMs) })} data-testid="review-step-play" onClick={() => onPlay(step)}>
      <span className="review-step-icon" aria-hidden="true">▶</span>
      {body}
    </button>
  );
}

/** A track's wording as said: variables filled in from the account; amounts (which may have changed since) stay named, the recording has them. */
function Wording({ text, values }: { text: string; values: VariableValues | null }) {
  const { t } = useTranslation();
  return <>{spokenPieces(text, values).map((piece, i) => {
    if (typeof piece === 'string') return piece;
    if (piece.value !== null) return <span key={i} className="review-filled" title={piece.variable}>{piece.value}</span>;
    const label = Object.hasOwn(catalogues.en.review.timeline.variable, piece.variable) ? t(`review.timeline.variable.${piece.variable as keyof typeof catalogues.en.review.timeline.variable}`) : piece.variable;
    return <var key={i} className="review-var" title={t('review.timeline.step.notOnRecord', { name: label })}>{label}</var>;
  })}</>;
}

function Reviews({ reviews }: { reviews: CallReview[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const newestFirst = [...reviews].reverse();
  return (
    <section className="panel review-reviews" aria-labelledby="review-reviews-title" data-testid="review-reviews">
      <h2 id="review-reviews-title">{t('review.reviews.title')}</h2>
      {newestFirst.length === 0 ? <p className="review-muted">{t('review.reviews.none')}</p> : (
        <ol>
          {newestFirst.map((r) => (
            <li key={r.id} data-testid="review-saved" data-score={r.score}>
              <div className="review-saved-head">
                <span className="review-score"><Stars score={r.score} /> {t('review.scoreOf', { score: r.score })}</span>
                <span className="review-muted">{t('review.reviews.by', { name: r.reviewerName, time: format.dateTime(r.createdAt) })}</span>
              </div>
              <p className={r.comment ? 'review-quote' : 'review-muted'}>{r.comment || t('review.reviews.noComment')}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
