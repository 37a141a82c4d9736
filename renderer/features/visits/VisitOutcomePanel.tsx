// What the visit came to, logged at check-out: the outcome, a promise or a plan where it applies,
// a note checked as typed for wording that is not allowed, and photos attached from disk (kept
// on this console by their hash and uploaded with the sync).
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckOutInput, RouteStop, StopVisit } from '../../../shared/api/visits';
import { ApiError } from '../../../shared/api/errors';
import { formatBytes, MAX_PHOTO_BYTES } from '../../../shared/api/limits';
import { VisitOutcome, type VisitPhoto } from '../../../shared/domain/events';
import { checkNote } from '../../../shared/wrapup';
import { useApi } from '../../api/ApiContext';
import { stageFile } from '../../api/stage-file';
import { errorText } from '../../app/error-text';
import { useFormat } from '../../app/format';
import { useNotify } from '../../app/Toasts';
import { MoneyField } from '../../ui/MoneyField';

interface Props {
  stop: RouteStop;
  visit: StopVisit;
  onDone: () => void;
}

type Plan = NonNullable<CheckOutInput['plan']>;

export function VisitOutcomePanel({ stop, visit, onDone }: Props) {
  const api = useApi();
  const notify = useNotify();
  const format = useFormat();
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<VisitOutcome | null>(null);
  const [promise, setPromise] = useState<{ amountMinor?: number; dueDate?: string }>({});
  const [plan, setPlan] = useState<Plan>({ frequency: 'monthly' });
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<VisitPhoto[]>([]);
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [attaching, setAttaching] = useState<{ name: string; percent: number } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const flagged = useMemo(() => [...new Set(checkNote(note).flags.map((f) => f.phrase))], [note]);
  const errorFor = (path: string) => issues.filter((i) => i.path === path).map((i) => i.message).join(' ') || null;

  async function attach(files: FileList | null): Promise<void> {
    for (const file of Array.from(files ?? [])) {
      if (file.size > MAX_PHOTO_BYTES) {
        notify('error', t('visits.outcome.photoTooLarge', { name: file.name, size: formatBytes(file.size), limit: formatBytes(MAX_PHOTO_BYTES) }));
        continue;
      }
      try {
        setAttaching({ name: file.name, percent: 0 });
        const uploadId = await stageFile(api, file, (sent, total) => setAttaching({ name: file.name, percent: Math.floor((100 * sent) / Math.max(total, 1)) }));
        const photo = await api.invoke('visits.attachPhoto', { name: file.name, uploadId });
        setPhotos((list) => (list.some((p) => p.sha256 === photo.sha256) ? list : [...list, photo]));
      } catch (error) {
        notify('error', errorText(t, error));
      } finally {
        setAttaching(null);
      }
    }
    if (fileInput.current) fileInput.current.value = '';
  }

  async function save(): Promise<void> {
    if (!outcome || flagged.length > 0) return;
    setBusy(true);
    setIssues([]);
    try {
      await api.invoke('visits.checkOut', {
        visitId: visit.visitId, outcome, note, photos,
        promise: outcome === 'promise_to_pay' ? promise : null,
        plan: outcome === 'payment_plan' ? plan : null,
      });
      notify('success', t('visits.outcome.saved'));
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION' && error.issues) setIssues(error.issues);
      else notify('error', errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  const currency = stop.currency === 'CNY' ? '¥' : '$';
  return (
    <form className="visits-form" data-testid="visit-outcome-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{t('visits.outcome.title')}</h3>
      <p className="visits-muted">{t('visits.outcome.since', { time: format.dateTime(visit.checkedInAt), names: visit.attendees.map((a) => a.name).join('、') })}</p>
      <fieldset className="visits-outcomes">
        <legend>{t('visits.outcome.label')}</legend>
        {VisitOutcome.options.map((o) => (
          <label key={o} className="visits-outcome-choice">
            <input type="radio" name="visit-outcome" value={o} checked={outcome === o} data-testid={`visit-outcome-${o}`} onChange={() => setOutcome(o)} />
            <span>{t(`visits.outcome.${o}`)}</span>
          </label>
        ))}
      </fieldset>
      {outcome === 'promise_to_pay' && (
        <div className="visits-row">
          <MoneyField label={t('visits.outcome.amount', { currency })} testId="visit-promise-amount" minor={promise.amountMinor}
            onChange={(amountMinor) => setPromise((p) => ({ ...p, amountMinor }))} error={errorFor('promise.amountMinor')} />
          <label className="form-field"><span>{t('visits.outcome.dueDate')}</span>
            <input type="date" data-testid="visit-promise-date" value={promise.dueDate ?? ''} onChange={(e) => setPromise((p) => ({ ...p, dueDate: e.target.value }))} />
            {errorFor('promise.dueDate') && <span className="field-error" role="alert">{errorFor('promise.dueDate')}</span>}
          </label>
        </div>
      )}
      {outcome === 'payment_plan' && (
        <div className="visits-row">
          <MoneyField label={t('visits.outcome.planTotal', { currency })} testId="visit-plan-total" minor={plan.totalMinor}
            onChange={(totalMinor) => setPlan((p) => ({ ...p, totalMinor }))} error={errorFor('plan.totalMinor')} />
          <label className="form-field"><span>{t('visits.outcome.planCount')}</span>
            <input inputMode="numeric" data-testid="visit-plan-count" value={plan.count ?? ''} onChange={(e) => setPlan((p) => ({ ...p, count: e.target.value ? Number(e.target.value) : undefined }))} />
            {errorFor('plan.count') && <span className="field-error" role="alert">{errorFor('plan.count')}</span>}
          </label>
          <label className="form-field"><span>{t('visits.outcome.planFrequency')}</span>
            <select value={plan.frequency} onChange={(e) => setPlan((p) => ({ ...p, frequency: e.target.value as Plan['frequency'] }))}>
              {(['weekly', 'fortnightly', 'monthly'] as const).map((f) => <option key={f} value={f}>{t(`visits.outcome.${f}`)}</option>)}
            </select>
          </label>
          <label className="form-field"><span>{t('visits.outcome.planFirst')}</span>
            <input type="date" value={plan.firstDate ?? ''} onChange={(e) => setPlan((p) => ({ ...p, firstDate: e.target.value }))} />
            {errorFor('plan.firstDate') && <span className="field-error" role="alert">{errorFor('plan.firstDate')}</span>}
          </label>
        </div>
      )}
      <label className="form-field">
        <span>{t('visits.outcome.note')}</span>
        <textarea rows={3} value={note} data-testid="visit-note" aria-invalid={flagged.length > 0 ? true : undefined} onChange={(e) => setNote(e.target.value)} />
        {flagged.length > 0 && <span className="field-error" role="alert" data-testid="visit-note-flagged">{t('visits.outcome.notePhrases', { phrases: flagged.join(', ') })}</span>}
        {errorFor('note.phrases') && flagged.length === 0 && <span className="field-error" role="alert">{t('visits.outcome.notePhrases', { phrases: errorFor('note.phrases') })}</span>}
      </label>
      <fieldset className="visits-photos">
        <legend>{t('visits.outcome.photos')}</legend>
        <input ref={fileInput} type="file" accept="image/jpeg,image/png,image/webp" multiple data-testid="visit-photos" className="visually-hidden"
          onChange={(e) => void attach(e.target.files)} />
        <button type="button" className="button" disabled={attaching !== null} onClick={() => fileInput.current?.click()}>{t('visits.outcome.addPhotos')}</button>
        <span className="visits-muted" role="status" data-testid="visit-photo-status">
          {attaching ? t('visits.outcome.attaching', attaching) : t('visits.outcome.photosHint')}
        </span>
        {photos.length > 0 && (
          <ul className="visits-photo-list" data-testid="visit-photo-list">
            {photos.map((p) => (
              <li key={p.sha256}>
                <span>{p.name}</span>
                <span className="visits-muted">{format.number(Math.ceil(p.bytes / 1024))} KB</span>
                <button type="button" className="button button-quiet" aria-label={t('visits.outcome.removePhoto', { name: p.name })}
                  onClick={() => setPhotos((list) => list.filter((x) => x.sha256 !== p.sha256))}>×</button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <button type="submit" className="button button-primary" data-testid="visit-save" disabled={busy || attaching !== null || !outcome || flagged.length > 0}>
        {busy ? t('visits.outcome.submitting') : t('visits.outcome.submit')}
      </button>
    </form>
  );
}
