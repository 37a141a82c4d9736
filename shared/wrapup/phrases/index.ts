// The phrase checker: flags threats, insults, false legal claims, impersonation, public
// shaming and improper payment requests in a note (or any text) while the agent types. Lists
// are data (en.ts, zh-CN.ts), extended by the organisation with mergePhraseLists.
import { z } from 'zod';
import { compilePhrase, findAll, skeleton, type CompiledPhrase } from './match';
import { EN_PHRASES } from './en';
import { ZH_CN_PHRASES } from './zh-CN';

export { skeleton } from './match';

export const PhraseCategory = z.enum(['threat', 'insult', 'false_legal_claim', 'impersonation', 'shaming', 'improper_payment']);
export type PhraseCategory = z.infer<typeof PhraseCategory>;

export const PhraseEntry = z.object({ phrase: z.string().min(1).max(200), category: PhraseCategory });
export type PhraseEntry = z.infer<typeof PhraseEntry>;

export const PhraseList = z.object({
  /** The language the phrases are in (a note is checked against every list given). */
  language: z.enum(['en', 'zh-CN']),
  entries: z.array(PhraseEntry),
});
export type PhraseList = z.infer<typeof PhraseList>;

/** The lists Fairline ships. */
export const DEFAULT_PHRASE_LISTS: readonly PhraseList[] = [EN_PHRASES, ZH_CN_PHRASES];

/**
 * An organisation's additions merged into the base lists, per language. A phrase already listed
 * (the same after normalisation: case, width, spacing) keeps its first category; the base is
 * never shortened.
 */
export function mergePhraseLists(base: readonly PhraseList[], additions: readonly PhraseList[]): PhraseList[] {
  const byLanguage = new Map<PhraseList['language'], { entries: PhraseEntry[]; seen: Set<string> }>();
  for (const list of [...base, ...additions]) {
    let target = byLanguage.get(list.language);
    if (!target) byLanguage.set(list.language, (target = { entries: [], seen: new Set() }));
    for (const entry of list.entries) {
      const key = skeleton(entry.phrase).text;
      if (key === '' || target.seen.has(key)) continue;
      target.seen.add(key);
      target.entries.push(entry);
    }
  }
  return [...byLanguage].map(([language, { entries }]) => ({ language, entries }));
}

export interface PhraseFlag {
  /** The listed phrase that matched. */
  phrase: string;
  category: PhraseCategory;
  language: PhraseList['language'];
  /** The matched span in the original text, [start, end) in UTF-16 units (for highlighting). */
  start: number;
  end: number;
}

interface Compiled {
  phrases: (CompiledPhrase & PhraseEntry & { language: PhraseList['language'] })[];
}

// Lists are compiled once and remembered per list object: checking on every keystroke then
// costs one skeleton of the note and one indexOf scan per phrase.
const compiled = new WeakMap<PhraseList, Compiled>();

function compile(list: PhraseList): Compiled {
  let c = compiled.get(list);
  if (!c) {
    c = { phrases: [] };
    for (const entry of list.entries) {
      const p = compilePhrase(entry.phrase);
      if (p) c.phrases.push({ ...p, ...entry, language: list.language });
    }
    compiled.set(list, c);
  }
  return c;
}

/**
 * Every listed phrase found in `text`, in text order. A match lying wholly inside a longer
 * match is left out (你会坐牢 is reported, not also 坐牢 inside it).
 */
export function checkNote(text: string, lists: readonly PhraseList[] = DEFAULT_PHRASE_LISTS): { flags: PhraseFlag[] } {
  const s = skeleton(text);
  const found: PhraseFlag[] = [];
  for (const list of lists) {
    for (const p of compile(list).phrases) {
      for (const [from, to] of findAll(s, p)) {
        found.push({ phrase: p.phrase, category: p.category, language: p.language, start: s.starts[from]!, end: s.ends[to - 1]! });
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const flags: PhraseFlag[] = [];
  let reach = -1;
  for (const f of found) {
    if (f.end <= reach) continue; // inside (or equal to) one already kept
    flags.push(f);
    reach = f.end;
  }
  return { flags };
}
