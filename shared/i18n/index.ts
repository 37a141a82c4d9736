import { type Catalogue, en } from './en';
import { zhCN } from './zh-CN';
import type { Language } from './languages';

export { Language } from './languages';
export type { Catalogue } from './en';

import { talktrackMessages } from '../talktrack/messages';
import { wrapupMessages } from '../wrapup/messages';

// The talk-track and wrap-up engines keep their own texts beside them (the core formats field
// errors with them too); the console reads them from one catalogue.
export const catalogues = {
  en: { ...en, ...talktrackMessages.en, ...wrapupMessages.en },
  'zh-CN': { ...zhCN, ...talktrackMessages['zh-CN'], ...wrapupMessages['zh-CN'] },
} as const satisfies Record<Language, Catalogue>;
