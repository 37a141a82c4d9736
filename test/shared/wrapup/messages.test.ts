// The wrap-up catalogue: same keys in both languages, no empty text, same placeholders; every
// outcome, contact result, field error and phrase category has a label.
import { describe, expect, it } from 'vitest';
import { ContactResult } from '../../../shared/compliance/facts';
import { formatWrapupMessage, OutcomeCode, PhraseCategory, wrapupMessages } from '../../../shared/wrapup';
import { leaves, lookup } from '../../../shared/wrapup/catalogue';

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();

describe('wrap-up messages', () => {
  const en = new Map(leaves(wrapupMessages.en));
  const zh = new Map(leaves(wrapupMessages['zh-CN']));

  it('has the same keys in en and zh-CN, all under wrapup.', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    expect([...en.keys()].every((k) => k.startsWith('wrapup.'))).toBe(true);
  });

  it('has no empty text, Chinese in every zh-CN string and the same placeholders', () => {
    for (const [key, text] of en) {
      const translated = zh.get(key)!;
      expect(text.trim(), key).not.toBe('');
      expect(translated, key).toMatch(/[\u4e00-\u9fff]/);
      expect(placeholders(translated), key).toEqual(placeholders(text));
    }
  });

  it('labels every outcome, contact result and phrase category', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      for (const code of OutcomeCode.options) expect(lookup(wrapupMessages[language], `wrapup.outcome.${code}`), code).toBeTruthy();
      for (const r of ContactResult.options) expect(lookup(wrapupMessages[language], `wrapup.contact.${r}`), r).toBeTruthy();
      for (const c of PhraseCategory.options) expect(lookup(wrapupMessages[language], `wrapup.phraseCategory.${c}`), c).toBeTruthy();
    }
  });

  it('formats with parameters', () => {
    expect(formatWrapupMessage('wrapup.error.countOutOfRange', { min: 1, max: 24 }, 'zh-CN')).toBe('期数须在 1 到 24 之间');
  });
});
