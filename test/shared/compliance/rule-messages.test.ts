// Compliance reasons in words for the team lead's board: the message the agent read when its
// key and parameters were logged, the rule's message without details otherwise, never a raw
// rule id for a rule the packs know.
import { describe, expect, it } from 'vitest';
import { MESSAGES, type MessageKey } from '../../../shared/compliance/messages';
import { PACKS } from '../../../shared/compliance/packs';
import { messageWithoutDetails, reasonInWords, ruleMessageKey } from '../../../shared/compliance/rule-messages';

describe('compliance reasons in words', () => {
  it('words a logged reason with its parameters, in either language', () => {
    const reason = { rule: 'cn.hold.cease', messageKey: 'hold.cease', params: { since: '2026-11-20', debts: '', phone: '' } };
    expect(reasonInWords(reason, 'en')).toBe('The person asked the collector to cease communication (since 2026-11-20)');
    expect(reasonInWords(reason, 'zh-CN')).toBe('对方已要求停止联系（自 2026-11-20 起）');
    expect(reasonInWords(reason, 'en', (p) => ({ ...p, since: '20 Nov' }))).toBe('The person asked the collector to cease communication (since 20 Nov)');
  });

  it('words a bare rule id (an override, a violation, an older decision) without the details it lacks', () => {
    expect(reasonInWords({ rule: 'cn.hold.cease' }, 'en')).toBe('The person asked the collector to cease communication');
    expect(reasonInWords({ rule: 'hold.cease' }, 'zh-CN')).toBe('对方已要求停止联系'); // a violation's rule is its message key
    expect(reasonInWords({ rule: 'us.hold.do_not_call' }, 'en')).toBe('Do not call …: the person asked not to be called on it');
    expect(reasonInWords({ rule: 'cn.quiet_hours' }, 'en')).toBe('Quiet hours: collection contact is allowed only … Beijing time');
    expect(reasonInWords({ rule: 'us.warn.calls_per_day' }, 'zh-CN')).toBe('今天已拨打 … 次：单日第 … 次可能构成骚扰');
    expect(reasonInWords({ rule: 'us.workplace' }, 'en')).toBe('Contact at the workplace is prohibited (employer or person said so)');
    // Unknown to every pack: the id, as the only thing known.
    expect(reasonInWords({ rule: 'acme.custom' }, 'en')).toBe('acme.custom');
  });

  it('knows a message for every rule the packs can give a reason under', () => {
    // Sources also cite the numbers rules use (caps, and these), which no reason is given under.
    const parameters = new Set(['us.frequency.consent_days', 'us.warn.unanswered_same_number_minutes', ...Object.values(PACKS).flatMap((p) => Object.keys(p.caps))]);
    const rules = Object.values(PACKS).flatMap((p) => Object.keys(p.sources)).filter((r) => !parameters.has(r));
    expect(rules.filter((r) => ruleMessageKey(r) === undefined)).toEqual([]);
  });

  it('leaves no placeholder or empty brackets in a message without details', () => {
    for (const key of Object.keys(MESSAGES) as MessageKey[]) {
      for (const language of ['en', 'zh-CN'] as const) {
        const text = messageWithoutDetails(key, language);
        expect(text, `${key} ${language}`).not.toMatch(/\{\{|\(\s*\)|（\s*）|^\s*$/);
      }
    }
  });
});
