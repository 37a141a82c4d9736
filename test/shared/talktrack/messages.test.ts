// The talk-track catalogue: same keys in both languages, no empty text, same placeholders.
import { describe, expect, it } from 'vitest';
import { formatTalktrackMessage, talktrackMessages } from '../../../shared/talktrack';
import { leaves } from '../../../shared/wrapup/catalogue';

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();

describe('talk-track messages', () => {
  const en = new Map(leaves(talktrackMessages.en));
  const zh = new Map(leaves(talktrackMessages['zh-CN']));

  it('has the same keys in en and zh-CN, all under talktrack.', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    expect([...en.keys()].every((k) => k.startsWith('talktrack.'))).toBe(true);
  });

  it('has no empty text, Chinese in every zh-CN string and the same placeholders', () => {
    for (const [key, text] of en) {
      const translated = zh.get(key)!;
      expect(text.trim(), key).not.toBe('');
      expect(translated, key).toMatch(/[\u4e00-\u9fff]/);
      expect(placeholders(translated), key).toEqual(placeholders(text));
    }
  });

  it('formats with parameters', () => {
    expect(formatTalktrackMessage('talktrack.import.unreachable', { step: 'orphan' }, 'zh-CN')).toBe('从起始步骤无法到达步骤 orphan');
  });
});
