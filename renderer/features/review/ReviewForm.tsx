// The lead's score (1–5) and comment for a call, appended on the server as a review. The score
// is a radio group (arrow keys move it; keys 1–5 pick one anywhere on the call's screen, unless
// the lead is typing in a field: the comment, the review list's filters).
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api/errors';
import { type CallReview, REVIEW_COMMENT_MAX } from '../../../shared/api/review';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useNotify } from '../../app/Toasts';

const SCORES = [1, 2, 3, 4, 5] as const;

export function ReviewForm({ callId, onSaved }: { callId: string; onSaved: (review: CallReview) => void }) {
  const api = useApi();
  const { t } = useTranslation();
  const notify = useNotify();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (score === null) {
      setError(t('review.form.chooseScore'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const review = await api.invoke('review.submit', { callId, score, comment });
      setScore(null);
      setComment('');
      notify('success', t('review.form.saved'));
      onSaved(review);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'SERVER_UNREACHABLE' ? t('review.offline') : errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    function onKeyDown(event: globalThis.KeyboardEvent): void {
      const target = event.target as HTMLElement | null;
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      // Typing in a field, or a key meant for a control that takes digits (the player's slider).
      if (target?.closest('textarea, select, input:not([type=radio]), [contenteditable=true], [role=slider], audio, video')) return;
      const n = Number(event.key);
      if (!Number.isInteger(n) || n < 1 || n > 5) return;
      event.preventDefault();
      setScore(n);
      setError(null);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <form className="panel review-form" aria-labelledby="review-form-title" data-testid="review-form" onSubmit={(e) => void submit(e)}>
      <h2 id="review-form-title">{t('review.form.title')}</h2>
      <fieldset className="review-scores">
        <legend>{t('review.form.score')}</legend>
        <div className="review-score-options">
          {SCORES.map((n) => (
            <label key={n} className="review-score-option" data-checked={score === n}>
              <input type="radio" name={`score-${callId}`} value={n} checked={score === n} data-testid={`review-score-${n}`} aria-keyshortcuts={String(n)}
                onChange={() => { setScore(n); setError(null); }} />
              <span className="review-score-number">{n}</span>
              <span className="review-score-label">{t(`review.form.scoreLabel.s${n}`)}</span>
            </label>
          ))}
        </div>
        <p className="field-note">{t('review.form.scoreHint')}</p>
      </fieldset>
      <div className="field">
        <label htmlFor={`review-comment-${callId}`}>{t('review.form.comment')}</label>
        <textarea id={`review-comment-${callId}`} rows={4} maxLength={REVIEW_COMMENT_MAX} value={comment} data-testid="review-comment"
          onChange={(e) => setComment(e.target.value)} />
        <span className="field-note review-count">{t('review.form.commentCount', { count: comment.length, max: REVIEW_COMMENT_MAX })}</span>
      </div>
      {error && <p className="form-error" role="alert" data-testid="review-form-error">{error}</p>}
      <button type="submit" className="button button-primary" disabled={busy} data-testid="review-submit">
        {busy ? t('review.form.saving') : t('review.form.submit')}
      </button>
    </form>
  );
}
