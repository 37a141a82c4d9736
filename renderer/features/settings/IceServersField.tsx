// Settings → ICE servers: one row per STUN or TURN server, with the username and credential a
// TURN server needs. Checked as typed (settings-form.ts); the error names what is wrong.
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../ui/FieldError';
import type { IceRow } from './settings-form';

interface Props {
  rows: IceRow[];
  relayOnly: boolean;
  error?: string;
  onChange: (rows: IceRow[]) => void;
  onRelayOnly: (relayOnly: boolean) => void;
}

export function IceServersField({ rows, relayOnly, error, onChange, onRelayOnly }: Props) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<IceRow>) => onChange(rows.map((row, j) => (i === j ? { ...row, ...patch } : row)));
  return (
    <fieldset className="settings-ice" data-testid="settings-ice" aria-invalid={error ? true : undefined} aria-describedby="settings-ice-note settings-ice-error">
      <legend>{t('softphone.settings.iceTitle')}</legend>
      {rows.map((row, i) => (
        <div className="settings-ice-row" key={i} data-testid="settings-ice-row">
          <label>
            <span>{t('softphone.settings.iceUrl')}</span>
            <input value={row.urls} spellCheck={false} autoComplete="off" data-testid="settings-ice-url" placeholder="turn:turn.example.com:3478?transport=udp"
              onChange={(e) => set(i, { urls: e.target.value })} />
          </label>
          <label>
            <span>{t('softphone.settings.iceUsername')}</span>
            <input value={row.username} spellCheck={false} autoComplete="off" data-testid="settings-ice-username" onChange={(e) => set(i, { username: e.target.value })} />
          </label>
          <label>
            <span>{t('softphone.settings.iceCredential')}</span>
            <input type="password" value={row.credential} autoComplete="off" data-testid="settings-ice-credential" onChange={(e) => set(i, { credential: e.target.value })} />
          </label>
          <button type="button" className="button button-quiet" data-testid="settings-ice-remove" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            {t('softphone.settings.iceRemove')}
          </button>
        </div>
      ))}
      <button type="button" className="button" data-testid="settings-ice-add" onClick={() => onChange([...rows, { urls: '', username: '', credential: '' }])}>
        {t('softphone.settings.iceAdd')}
      </button>
      <label className="settings-check">
        <input type="checkbox" data-testid="settings-ice-relay-only" checked={relayOnly} onChange={(e) => onRelayOnly(e.target.checked)} />
        <span>{t('softphone.settings.iceRelayOnly')}</span>
      </label>
      <p id="settings-ice-note" className="field-note">{t('softphone.settings.iceNote')}</p>
      <FieldError id="settings-ice-error" message={error} />
    </fieldset>
  );
}
