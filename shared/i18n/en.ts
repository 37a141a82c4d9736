// English catalogue. Keys are grouped by screen; zh-CN.ts must have exactly the same keys
// (test/shared/i18n.test.ts checks it).
export const en = {
  app: {
    name: 'Fairline',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalogue = Widen<typeof en>;
