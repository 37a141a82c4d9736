// Small helpers for the engines' own message catalogues (wrap-up, talk tracks). The console's
// i18n catalogues live in shared/i18n; these catalogues are shaped the same way (nested groups,
// {{name}} placeholders) so their subtrees can be merged there as they are.

/** A catalogue with the same groups and keys as `T`, every leaf a string. */
export type SameShape<T> = { readonly [K in keyof T]: T[K] extends string ? string : SameShape<T[K]> };

/** Dotted keys of every leaf: `wrapup.outcome.promise_to_pay`. */
export type LeafKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafKeys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type CatalogueLanguage = 'en' | 'zh-CN';

export type Params = Readonly<Record<string, string | number>>;

/** A translatable text: key and parameters, rendered by the console or by `formatCatalogue`. */
export interface Message<K extends string = string> {
  messageKey: K;
  params: Params;
}

/** The text at a dotted key, or undefined. */
export function lookup(catalogue: unknown, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Fill {{name}} placeholders; a missing parameter leaves the placeholder visible. */
export function interpolate(text: string, params: Params): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** Every leaf of a catalogue as [dotted key, text] (tests and merging). */
export function leaves(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  if (typeof node !== 'object' || node === null) throw new Error(`${prefix || '(root)'} is neither text nor a group`);
  return Object.entries(node).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}
