import { type Catalogue, en } from './en';
import { zhCN } from './zh-CN';
import type { Language } from './languages';

export { Language } from './languages';
export type { Catalogue } from './en';

import { talktrackMessages } from '../talktrack/messages';
import { wrapupMessages } from '../wrapup/messages';
import { visitsMessages } from './visits';
import { boardMessages } from './board';
import { reviewMessages } from './review';
import { monitorMessages } from './monitor';
import { softphoneMessages } from './softphone';
import { dayMessages } from './day';
import { securityMessages } from './security';
import { messagingMessages } from './messaging';
import { complaintsMessages } from './complaints';
import { reportsMessages } from './reports';
import { ladderMessages } from './ladder';
import { progressiveMessages } from './progressive';

// The talk-track and wrap-up engines keep their own texts beside them (the core formats field
// errors with them too); the console reads them from one catalogue. The board adds `nav.board`
// to the existing `nav` group, so that group is merged rather than replaced.
export const catalogues = {
  en: { ...en, ...talktrackMessages.en, ...wrapupMessages.en, ...visitsMessages.en, ...boardMessages.en, ...reviewMessages.en, ...monitorMessages.en, ...softphoneMessages.en, ...dayMessages.en, ...securityMessages.en, ...messagingMessages.en, ...complaintsMessages.en, ...reportsMessages.en, ...ladderMessages.en, ...progressiveMessages.en, nav: { ...en.nav, ...boardMessages.en.nav, ...reviewMessages.en.nav, ...dayMessages.en.nav, ...complaintsMessages.en.nav, ...reportsMessages.en.nav, ...ladderMessages.en.nav } },
  'zh-CN': {
    ...zhCN, ...talktrackMessages['zh-CN'], ...wrapupMessages['zh-CN'], ...visitsMessages['zh-CN'],
    ...boardMessages['zh-CN'], ...reviewMessages['zh-CN'], ...monitorMessages['zh-CN'], ...softphoneMessages['zh-CN'], ...dayMessages['zh-CN'], ...securityMessages['zh-CN'], ...messagingMessages['zh-CN'], ...complaintsMessages['zh-CN'], ...reportsMessages['zh-CN'], ...ladderMessages['zh-CN'], ...progressiveMessages['zh-CN'], nav: { ...zhCN.nav, ...boardMessages['zh-CN'].nav, ...reviewMessages['zh-CN'].nav, ...dayMessages['zh-CN'].nav, ...complaintsMessages['zh-CN'].nav, ...reportsMessages['zh-CN'].nav, ...ladderMessages['zh-CN'].nav },
  },
} as const satisfies Record<Language, Catalogue>;
