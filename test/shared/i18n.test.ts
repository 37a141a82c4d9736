// The two catalogues must stay in step: same keys, nothing left empty, and every translation
// uses exactly the placeholders its English original does.
import { describe, expect, it } from 'vitest';
import { catalogues, Language } from '../../shared/i18n';

/** Every leaf of a catalogue as [dotted key, text]. */
function leaves(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  if (typeof node !== 'object' || node === null) throw new Error(`${prefix || '(root)'} is neither text nor a group`);
  return Object.entries(node).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*-?\s*([^}\s,]+)[^}]*\}\}/g)].map((m) => m[1]!).sort();
}

const english = new Map(leaves(catalogues.en));

describe('i18n catalogues', () => {
  it('covers every supported language', () => {
    expect(Object.keys(catalogues).sort()).toEqual([...Language.options].sort());
  });

  describe.each(Language.options.filter((language) => language !== 'en'))('%s', (language) => {
    const translated = new Map(leaves(catalogues[language]));

    it('has exactly the English keys', () => {
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
    });

    it('uses the same placeholders as English in every string', () => {
      const mismatches = [...english].flatMap(([key, text]) => {
        const expected = placeholders(text);
        const actual = placeholders(translated.get(key) ?? '');
        return expected.join() === actual.join() ? [] : [{ key, expected, actual }];
      });
      expect(mismatches).toEqual([]);
    });
  });

  it.each(Language.options)('%s has no empty strings', (language) => {
    const empty = leaves(catalogues[language]).filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('finds placeholders the way i18next writes them', () => {
    expect(placeholders('Synced {{when}}, {{ n }} of {{total, number}} and {{- raw}}')).toEqual(['n', 'raw', 'total', 'when']);
  });
});
