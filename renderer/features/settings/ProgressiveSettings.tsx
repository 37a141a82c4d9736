// Settings → Progressive dialling: the switch (saved at once, as the top bar's) and how long the
// next account and number are shown before each dial (saved with the form).
import { useTranslation } from 'react-i18next';
import { TextField } from '../../ui/TextField';
import { useProgressive } from '../progressive/ProgressiveProvider';

interface Props {
  previewSec: string;
  error: string | undefined;
  onPreviewSec: (value: string) => void;
}

export function ProgressiveSettings({ previewSec, error, onPreviewSec }: Props) {
  const { t } = useTranslation();
  const { mode, setEnabled } = useProgressive();
  return (
    <section className="panel" data-testid="settings-progressive">
      <h2>{t('progressive.settings.title')}</h2>
      <label className="settings-check">
        <input type="checkbox" data-testid="settings-progressive-enabled" checked={mode.kind !== 'off'} onChange={(e) => void setEnabled(e.target.checked)} />
        <span>{t('progressive.settings.enabled')}</span>
      </label>
      <p className="field-note">{t('progressive.settings.enabledNote')}</p>
      <TextField id="settings-progressive-preview" testId="settings-progressive-preview" type="number" label={t('progressive.settings.previewSec')}
        value={previewSec} note={t('progressive.settings.previewNote')} error={error} onChange={onPreviewSec} />
    </section>
  );
}
