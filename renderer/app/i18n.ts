import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues, Language } from '../../shared/i18n';

/** Before settings are read: the system's language if we have it, else English. */
function systemLanguage(): Language {
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export async function initI18n(): Promise<void> {
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  await i18next.use(initReactI18next).init({
    resources: {
      en: { translation: catalogues.en },
      'zh-CN': { translation: catalogues['zh-CN'] },
    },
    lng: systemLanguage(),
    fallbackLng: 'en',
    supportedLngs: Language.options,
    interpolation: { escapeValue: false }, // React escapes
  });
}

/** The current language as one of ours (i18next may report a fallback chain otherwise). */
export function currentLanguage(language: string): Language {
  const parsed = Language.safeParse(language);
  return parsed.success ? parsed.data : 'en';
}
