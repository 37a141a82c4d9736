// The phrase checker: forbidden wording found in English and Chinese notes, including the
// usual evasions (case, full-width characters, extra spaces, punctuation between Chinese
// characters, spelled-out letters), with spans that point at the original text.
import { describe, expect, it } from 'vitest';
import { checkNote, DEFAULT_PHRASE_LISTS, mergePhraseLists, PhraseCategory, PhraseList } from '../../../shared/wrapup';
import { EN_PHRASES } from '../../../shared/wrapup/phrases/en';
import { ZH_CN_PHRASES } from '../../../shared/wrapup/phrases/zh-CN';

const found = (text: string, lists = DEFAULT_PHRASE_LISTS) => checkNote(text, lists).flags.map((f) => [f.phrase, f.category, text.slice(f.start, f.end)]);

describe('phrase lists', () => {
  it.each([EN_PHRASES, ZH_CN_PHRASES])('$language has 30+ phrases in every category, each valid and unique', (list) => {
    expect(PhraseList.safeParse(list).success).toBe(true);
    expect(list.entries.length).toBeGreaterThanOrEqual(30);
    for (const category of PhraseCategory.options) expect(list.entries.filter((e) => e.category === category).length, category).toBeGreaterThan(0);
    expect(mergePhraseLists([list], [])[0]!.entries).toHaveLength(list.entries.length);
  });

  it('finds every listed phrase in a text that is just that phrase', () => {
    for (const list of DEFAULT_PHRASE_LISTS) for (const e of list.entries) expect(found(e.phrase).map((f) => f[0]), e.phrase).toContain(e.phrase);
  });
});

describe('checkNote in English', () => {
  it('flags threats, insults, false legal claims and impersonation with their spans', () => {
    const text = 'Told him we will arrest you if he does not pay, called him a deadbeat, said this is the police.';
    expect(found(text)).toEqual([
      ['we will arrest you', 'threat', 'we will arrest you'],
      ['deadbeat', 'insult', 'deadbeat'],
      ['this is the police', 'impersonation', 'this is the police'],
    ]);
  });

  it('ignores case, extra spaces, line breaks and punctuation between words', () => {
    expect(found('WE   WILL\narrest, you!!')).toEqual([['we will arrest you', 'threat', 'WE   WILL\narrest, you']]);
    expect(found('There is a Warrant-For-Your-Arrest')).toEqual([['warrant for your arrest', 'false_legal_claim', 'Warrant-For-Your-Arrest']]);
  });

  it('sees through full-width letters, apostrophes and spelled-out words', () => {
    expect(found('ｗｅ ｗｉｌｌ ａｒｒｅｓｔ ｙｏｕ')).toEqual([['we will arrest you', 'threat', 'ｗｅ ｗｉｌｌ ａｒｒｅｓｔ ｙｏｕ']]);
    expect(found('you are a l i a r')).toEqual([['liar', 'insult', 'l i a r']]);
    expect(found('I said you’re a D.E.A.D.B.E.A.T')).toEqual([['deadbeat', 'insult', 'D.E.A.D.B.E.A.T']]);
    expect(found('calling from the I.R.S.')).toEqual([['calling from the irs', 'impersonation', 'calling from the I.R.S']]);
  });

  it('matches whole words only', () => {
    expect(found('A familiar, thorough, unstupidly pleasant call about the bumper.')).toEqual([]);
    expect(found('Debtor was polite; promised to pay on Friday via the app.')).toEqual([]);
  });
});

describe('checkNote in Chinese', () => {
  it('flags threats, insults, false legal claims and impersonation', () => {
    const text = '催收员说“我们是法院的，你会坐牢”，还骂对方是老赖。';
    expect(found(text)).toEqual([
      ['我们是法院的', 'impersonation', '我们是法院的'],
      ['你会坐牢', 'threat', '你会坐牢'],
      ['老赖', 'insult', '老赖'],
    ]);
  });

  it('sees through spaces, full-width spaces and punctuation between characters', () => {
    expect(found('你 会 坐 牢')).toEqual([['你会坐牢', 'threat', '你 会 坐 牢']]);
    expect(found('你\u3000会\u3000坐\u3000牢')).toEqual([['你会坐牢', 'threat', '你\u3000会\u3000坐\u3000牢']]);
    expect(found('你.会.坐.牢')).toEqual([['你会坐牢', 'threat', '你.会.坐.牢']]);
    expect(found('骗＊子')).toEqual([['骗子', 'insult', '骗＊子']]);
    expect(found('骗\u200b子')).toEqual([['骗子', 'insult', '骗\u200b子']]);
    expect(found('爆-通-讯-录')).toEqual([['爆通讯录', 'shaming', '爆-通-讯-录']]);
  });

  it('reports a longer match once, not the shorter phrases inside it', () => {
    const lists = mergePhraseLists(DEFAULT_PHRASE_LISTS, [{ language: 'zh-CN', entries: [{ phrase: '坐牢', category: 'threat' }] }]);
    expect(found('你会坐牢', lists)).toEqual([['你会坐牢', 'threat', '你会坐牢']]);
    expect(found('他说要坐牢', lists)).toEqual([['坐牢', 'threat', '坐牢']]);
  });

  it('does not flag a respectful note', () => {
    expect(found('客户表示本月收入减少，申请分期，已约定3月15日通过官方App还款1200元。')).toEqual([]);
  });

  it('checks mixed-language notes against both lists', () => {
    expect(found('Agent said 你这个垃圾 and shut up').map((f) => f[1])).toEqual(['insult', 'insult']);
  });
});

describe('mergePhraseLists', () => {
  it('adds an organisation’s phrases and keeps the base', () => {
    const merged = mergePhraseLists(DEFAULT_PHRASE_LISTS, [
      { language: 'en', entries: [{ phrase: 'final demand before seizure', category: 'false_legal_claim' }, { phrase: 'DEADBEAT', category: 'threat' }] },
      { language: 'zh-CN', entries: [{ phrase: '再不还就上门', category: 'threat' }] },
    ]);
    const en = merged.find((l) => l.language === 'en')!;
    expect(en.entries).toHaveLength(EN_PHRASES.entries.length + 1); // DEADBEAT is already listed
    expect(en.entries.find((e) => e.phrase.toLowerCase() === 'deadbeat')?.category).toBe('insult');
    expect(found('This is a final  demand before seizure', merged)).toEqual([['final demand before seizure', 'false_legal_claim', 'final  demand before seizure']]);
    expect(found('再 不 还 就 上 门', merged)).toEqual([['再不还就上门', 'threat', '再 不 还 就 上 门']]);
    // The defaults are untouched.
    expect(found('final demand before seizure')).toEqual([]);
  });
});
