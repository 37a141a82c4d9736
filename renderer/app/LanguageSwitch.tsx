// Switches the console's language at once and remembers it in settings.
import { useTranslation } from 'react-i18next';
import { Language } from '../../shared/i18n/languages';
import { useApi } from '../api/ApiContext';
import { errorText } from './error-text';
import { currentLanguage } from './i18n';
import { useNotify } from './Toasts';

interface Props {
  /** Id of a visible label; without one the switch labels itself. */
  labelledBy?: string;
  testId?: string;
  className?: string;
}

export function LanguageSwitch({ labelledBy, testId = 'lang-switch', className = 'lang-switch' }: Props) {
  const api = useApi();
  const notify = useNotify();
  const { t, i18n } = useTranslation();

  async function change(language: Language): Promise<void> {
    await i18n.changeLanguage(language);
    try {
      await api.invoke('settings.update', { language });
    } catch (error) {
      notify('error', errorText(t, error));
    }
  }

  return (
    <select
      className={className}
      data-testid={testId}
      aria-labelledby={labelledBy}
      aria-label={labelledBy ? undefined : t('language.label')}
      value={currentLanguage(i18n.language)}
      onChange={(e) => void change(Language.parse(e.target.value))}
    >
      {Language.options.map((language) => (
        <option key={language} value={language}>{t(`language.${language}`)}</option>
      ))}
    </select>
  );
}
