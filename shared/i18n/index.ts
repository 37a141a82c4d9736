import { type Catalogue, en } from './en';
import { zhCN } from './zh-CN';
import type { Language } from './languages';

export { Language } from './languages';
export type { Catalogue } from './en';

export const catalogues = { en, 'zh-CN': zhCN } as const satisfies Record<Language, Catalogue>;
