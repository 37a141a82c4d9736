// What the call panel reads out beside the script: one day count that applies (never "Days until
// due 0" on an overdue debt), "Due today" on the due day, and legal sources a Chinese reader
// reads under their Chinese names.
import { describe, expect, it } from 'vitest';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { sourceText } from '../../../shared/compliance/messages';
import { advance, demoTrack, start, view, type CallAction, type CallContext, type CallState } from '../../../shared/talktrack';
import { cnContext, T0, usContext } from './helpers';

function verifiedUs(ctx: CallContext): CallState {
  const actions: CallAction[] = [
    { type: 'confirm', at: T0 + 1000 },
    { type: 'verify', at: T0 + 2000, check: 'fullName', passed: true },
    { type: 'verify', at: T0 + 3000, check: 'ssnLast4', answer: '6789' },
  ];
  return actions.reduce(advance, start(demoTrack('early-overdue', 'en'), ctx, usRegf, { now: T0 }));
}

describe('debt details on a verified call', () => {
  it('shows days past due alone on an overdue debt', () => {
    const details = view(verifiedUs(usContext)).details!;
    expect(details.daysPastDue).toBe('17');
    expect(details).not.toHaveProperty('daysUntilDue');
  });

  it('shows days until due alone before the due date', () => {
    const details = view(verifiedUs({ ...usContext, dueDate: '2026-03-14' })).details!;
    expect(details.daysUntilDue).toBe('5');
    expect(details).not.toHaveProperty('daysPastDue');
  });

  it('says "due today" on the due day instead of two zero counts', () => {
    const details = view(verifiedUs({ ...usContext, dueDate: '2026-03-09' })).details!;
    expect(details).toMatchObject({ dueToday: 'March 9, 2026' });
    expect(details).not.toHaveProperty('dueDate');
    expect(details).not.toHaveProperty('daysPastDue');
    expect(details).not.toHaveProperty('daysUntilDue');
  });

  it('writes the staff number apart from 工号 in the Chinese opening', () => {
    const v = view(start(demoTrack('early-overdue', 'zh-CN'), { ...cnContext, agentId: 'collector1' }, cn, { now: T0 }));
    expect(v.step?.text).toContain('工号 collector1。');
  });
});

describe('legal sources in the reader’s language', () => {
  it('names the Chinese texts in Chinese for a Chinese reader', () => {
    expect(sourceText('NIFA convention (2018) art. 15', 'zh-CN')).toBe('中国互联网金融协会自律公约（2018）第 15 条');
    expect(sourceText(cn.disclosures.find((d) => d.id === 'third_party_no_debt')!.source, 'zh-CN')).toBe('中国互联网金融协会自律公约（2018）第 13、14、18 条');
    expect(sourceText('GB/T 45251—2025; CBA consumer-loan collection guideline (2026)', 'zh-CN')).toBe('GB/T 45251—2025；中国银行业协会消费贷款催收指引（2026）');
    expect(sourceText('NIFA convention (2018) arts. 13, 14, 18 (debt never disclosed to third parties); Personal Information Protection Law art. 13', 'zh-CN'))
      .toBe('中国互联网金融协会自律公约（2018）第 13、14、18 条（不得向第三方透露债务）；《个人信息保护法》第 13 条');
    expect(sourceText('organisation override', 'zh-CN')).toBe('本机构自定规则');
  });

  it('leaves every source of the cn pack free of English for a Chinese reader', () => {
    for (const source of Object.values(cn.sources)) expect(sourceText(source, 'zh-CN'), source).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('keeps English names for an English reader and foreign law under its own name', () => {
    expect(sourceText('NIFA convention (2018) art. 15', 'en')).toBe('NIFA convention (2018) art. 15');
    expect(sourceText('12 CFR 1006.6(b)(1)(i)', 'zh-CN')).toMatch(/^12 CFR 1006\.6\(b\)\(1\)\(i\)（/);
  });
});
