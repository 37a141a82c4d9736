// Every reason a pack can give has an English and a Chinese text with the same placeholders,
// and every rule id a pack can report cites a source.
import { describe, expect, it } from 'vitest';
import { formatMessage, MESSAGES } from '../../../shared/compliance/messages';
import { PACKS } from '../../../shared/compliance/packs';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('engine messages', () => {
  it.each(Object.keys(MESSAGES))('%s: same placeholders in en and zh-CN, neither empty', (key) => {
    const entry = MESSAGES[key as keyof typeof MESSAGES];
    expect(entry.en.length).toBeGreaterThan(0);
    expect(entry['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(placeholders(entry['zh-CN'])).toEqual(placeholders(entry.en));
  });

  it('formats with params', () => {
    expect(formatMessage('visitCollectors', { min: 2, count: 1 }, 'zh-CN')).toBe('上门催收须至少 2 名催收员，当前仅 1 名');
  });

  it.each(Object.values(PACKS).map((p) => [p.id, p] as const))('%s cites a source for every window, cap and hold', (_id, pack) => {
    for (const id of [...pack.windows.map((w) => w.id), ...Object.keys(pack.caps), ...pack.holds.map((h) => h.rule)]) expect(pack.sources[id], id).toBeTruthy();
  });
});
