// Checking in at the door: who is there (each collector by name and staff ID) and where, then
// the gate's answer for a visit now. A refusal shows every reason; nothing is logged as a visit.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteStop, VisitGate } from '../../../shared/api/visits';
import type { VisitAttendee, VisitLocation } from '../../../shared/domain/events';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useNotify } from '../../app/Toasts';
import { GateStatus } from '../account/GateStatus';

interface Props {
  stop: RouteStop;
  lastAttendees: VisitAttendee[];
  onDone: () => void;
}

type Located = { state: 'idle' } | { state: 'locating' } | { state: 'found'; location: Extract<VisitLocation, { kind: 'gps' }> } | { state: 'failed'; reason: LocationFailure };
/** Why the device gave no position, in words of our own (the browser's message is English only). */
type LocationFailure = 'unsupported' | 'denied' | 'unavailable' | 'timeout';
const FAILURE_BY_CODE: Record<number, LocationFailure> = { 1: 'denied', 2: 'unavailable', 3: 'timeout' };

export function CheckInPanel({ stop, lastAttendees, onDone }: Props) {
  const api = useApi();
  const notify = useNotify();
  const { t } = useTranslation();
  const [attendees, setAttendees] = useState<VisitAttendee[]>(lastAttendees.length > 0 ? lastAttendees : [{ name: '', staffId: '' }]);
  const [place, setPlace] = useState('');
  const [located, setLocated] = useState<Located>({ state: 'idle' });
  const [refused, setRefused] = useState<VisitGate | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function locate(): void {
    if (!('geolocation' in navigator)) {
      setLocated({ state: 'failed', reason: 'unsupported' });
      return;
    }
    setLocated({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (p) => setLocated({ state: 'found', location: { kind: 'gps', latitude: p.coords.latitude, longitude: p.coords.longitude, accuracyM: Math.round(p.coords.accuracy) } }),
      (e) => setLocated({ state: 'failed', reason: FAILURE_BY_CODE[e.code] ?? 'unavailable' }),
      { timeout: 10_000, maximumAge: 60_000 },
    );
  }

  async function checkIn(): Promise<void> {
    const named = attendees.map((a) => ({ name: a.name.trim(), staffId: a.staffId.trim() })).filter((a) => a.name || a.staffId);
    if (named.length === 0 || named.some((a) => !a.name || !a.staffId)) return setProblem(t('visits.checkIn.needCollector'));
    const location: VisitLocation | null = located.state === 'found' ? located.location : place.trim() ? { kind: 'typed', place: place.trim() } : null;
    if (!location) return setProblem(t('visits.checkIn.needPlace'));
    setProblem(null);
    setBusy(true);
    try {
      const result = await api.invoke('visits.checkIn', { accountId: stop.accountId, location, attendees: named });
      if (result.ok) onDone();
      else setRefused(result.gate);
    } catch (error) {
      notify('error', errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  const update = (i: number, patch: Partial<VisitAttendee>) => setAttendees((list) => list.map((a, j) => (j === i ? { ...a, ...patch } : a)));

  return (
    <form className="visits-form" data-testid="checkin-form" onSubmit={(e) => { e.preventDefault(); void checkIn(); }}>
      <h3>{t('visits.checkIn.title')}</h3>
      {/* Before anyone is named the staffing rule says nothing useful; other blocks (hours, holds) always show. */}
      {(refused || lastAttendees.length > 0 || stop.gate.reasons.some((r) => r.severity === 'block' && r.messageKey !== 'visitCollectors')) && (
        <GateStatus gate={refused ?? stop.gate} channel="visit" />
      )}
      {refused && <p className="visits-refused" role="alert" data-testid="checkin-refused">{t('visits.checkIn.refused')}</p>}
      <fieldset className="visits-collectors">
        <legend>{t('visits.checkIn.collectors')}</legend>
        <p className="visits-muted">{t('visits.checkIn.collectorsHint')}</p>
        {attendees.map((a, i) => (
          <div className="visits-collector" key={i}>
            <label className="form-field"><span>{t('visits.checkIn.name')}</span>
              <input value={a.name} data-testid={`collector-name-${i}`} onChange={(e) => update(i, { name: e.target.value })} />
            </label>
            <label className="form-field"><span>{t('visits.checkIn.staffId')}</span>
              <input value={a.staffId} data-testid={`collector-id-${i}`} onChange={(e) => update(i, { staffId: e.target.value })} />
            </label>
            {attendees.length > 1 && (
              <button type="button" className="button button-quiet" onClick={() => setAttendees((list) => list.filter((_, j) => j !== i))}>
                {t('visits.checkIn.removeCollector')}
              </button>
            )}
          </div>
        ))}
        {attendees.length < 10 && (
          <button type="button" className="button button-quiet" onClick={() => setAttendees((list) => [...list, { name: '', staffId: '' }])}>
            {t('visits.checkIn.addCollector')}
          </button>
        )}
      </fieldset>
      <fieldset className="visits-location">
        <legend>{t('visits.checkIn.location')}</legend>
        <button type="button" className="button" onClick={locate} disabled={located.state === 'locating'} data-testid="use-location">
          {located.state === 'locating' ? t('visits.checkIn.locating') : t('visits.checkIn.useDevice')}
        </button>
        {located.state === 'found' && (
          <span className="visits-located" data-testid="located">{t('visits.checkIn.located', {
            lat: located.location.latitude.toFixed(5), lon: located.location.longitude.toFixed(5), accuracy: located.location.accuracyM,
          })}</span>
        )}
        {located.state === 'failed' && <p className="visits-muted" role="status">{t('visits.checkIn.locationUnavailable', { reason: t(`visits.checkIn.locationFailure.${located.reason}`) })}</p>}
        {located.state !== 'found' && (
          <label className="form-field"><span>{t('visits.checkIn.place')}</span>
            <input value={place} placeholder={t('visits.checkIn.placeHint')} data-testid="visit-place" onChange={(e) => setPlace(e.target.value)} />
          </label>
        )}
      </fieldset>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <button type="submit" className="button button-primary" disabled={busy} data-testid="checkin-submit">
        {busy ? t('visits.checkIn.submitting') : t('visits.checkIn.submit')}
      </button>
    </form>
  );
}
