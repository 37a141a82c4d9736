// Typed translation keys: t('…') only accepts keys of the English catalogue, with their
// placeholders required.
import 'i18next';
import type { catalogues } from '../shared/i18n';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: (typeof catalogues)['en'] };
    strictKeyChecks: true;
    strictInterpolationChecks: true;
  }
}
