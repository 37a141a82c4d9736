// A reviewed call's wording reads as it was said: the debtor's salutation, the lender and the
// agent filled in from the account; amounts, which may have changed since, stay named.
import { describe, expect, it } from 'vitest';
import { spokenPieces, spokenText, spokenValues } from '../../renderer/features/review/spoken-text';

const script = {
  track: { locale: 'zh-CN' },
  context: { currency: 'CNY', timeZone: 'Asia/Shanghai', debtorName: '廖鹏飞', salutation: '廖先生', agentName: '王强', institution: '法莱恩', lender: '度小满', amountDueMinor: 1_897_400, dueDate: '2026-04-18' },
};
const start = Date.parse('2026-11-24T02:00:00Z');

describe('the wording of a reviewed call', () => {
  it('fills in who was addressed, the lender and the agent who called', () => {
    const values = spokenValues(script, '李娜', start);
    expect(spokenText('{{salutation}}您好，我是{{agentName}}，关于您在{{lender}}的借款。', values)).toBe('廖先生您好，我是李娜，关于您在度小满的借款。');
  });

  it('counts days from the call, not from today', () => {
    const values = spokenValues(script, '李娜', start);
    expect(spokenText('已逾期{{daysPastDue}}天', values)).toBe('已逾期220天');
  });

  it('names amounts rather than stating today’s, and keeps unknown variables named', () => {
    const values = spokenValues(script, '李娜', start);
    expect(spokenPieces('应还{{amountDue}}，{{nonsense}}', values)).toEqual(['应还', { variable: 'amountDue', value: null }, '，', { variable: 'nonsense', value: null }]);
  });

  it('keeps every variable named until the account is read', () => {
    expect(spokenText('{{salutation}}您好', null)).toBe('{{salutation}}您好');
  });
});
