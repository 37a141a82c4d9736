import type { Catalogue } from './en';

export const zhCN: Catalogue = {
  app: {
    name: 'Fairline 催收工作台',
  },
};
