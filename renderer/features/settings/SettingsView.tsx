import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useLoad } from '../../app/use-load';
import { SettingsEditor } from './SettingsEditor';
import './settings.css';

export function SettingsView() {
  const api = useApi();
  const { t } = useTranslation();
  const [loaded, reload] = useLoad(() => Promise.all([api.invoke('settings.get', {}), api.invoke('app.info', {})]), [api]);
  return (
    <div className="settings-view">
      <h1>{t('settings.title')}</h1>
      {loaded.status === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.status === 'failed' && (
        <div className="notice notice-error" role="alert">
          <span>{t('settings.loadFailed', { reason: errorText(t, loaded.error) })}</span>
          <button type="button" className="button" onClick={reload}>{t('app.retry')}</button>
        </div>
      )}
      {loaded.status === 'ready' && <SettingsEditor settings={loaded.value[0]} info={loaded.value[1]} />}
    </div>
  );
}
