// State overlays on us-regf, each row with its citation. Massachusetts: two telephone or text
// communications per 7 days to the residence or cell phone and two per 30 days to other numbers,
// per debt (940 CMR 7.04(1)(f) for creditors, 209 CMR 18.16(1)(d) for collectors), a call counted
// when it could have left a message (Watkins v. Glenn Assocs., 474 Mass. 1 (2016)).
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../../shared/compliance/messages';
import { usRegf } from '../../../shared/compliance/packs';
import { tighten } from '../../../shared/compliance/tighten';
import { call, decide, iso, reasonFor, rules, usDoc } from './helpers';

const BOSTON = { address: { country: 'US', region: 'MA', postalCode: '02108' }, phones: [{ id: 'm', number: '+16175550123', type: 'mobile' as const }, { id: 'w', number: '+16175550999', type: 'work' as const }] };
const NOW = '2026-06-10T12:00:00-04:00';
const ma = (history: ReturnType<typeof call>[], over: { phoneId?: string; channel?: 'call' | 'sms'; debtIds?: string[] } = {}) =>
  usDoc({ attempt: { channel: over.channel ?? 'call', party: 'debtor', phoneId: over.phoneId ?? 'm', debtIds: over.debtIds ?? ['d1'] }, history }, BOSTON);

describe('Massachusetts (940 CMR 7.04(1)(f); 209 CMR 18.16(1)(d))', () => {
  it.each([
    ['answered', 'conversation', true],
    ['voicemail, message or not', 'voicemail', true],
    ['limited-content message', 'limited_content_message', true],
    ['rang unanswered: could have left a message (Watkins v. Glenn Assocs., 2016)', 'no_answer', true],
    ['busy: no message possible', 'busy', false],
    ['not in service', 'not_in_service', false],
    ['never connected', 'failed', false],
  ] as const)('a call that was %s %s counts: %s', (_what, result, counts) => {
    const history = [call('2026-06-08T10:00:00-04:00', 'voicemail'), call('2026-06-09T10:00:00-04:00', result)];
    const d = decide(usRegf, ma(history), NOW);
    expect(rules(d).includes('us.state.ma.residence_or_cell_per_7_days')).toBe(counts);
  });

  it('two in 7 days to the residence or cell: the third waits until the first leaves the run', () => {
    const history = [call('2026-06-05T10:00:00-04:00', 'no_answer'), call('2026-06-09T10:00:00-04:00', 'conversation', { channel: 'sms' })];
    const d = decide(usRegf, ma(history), NOW);
    expect(rules(d)).toEqual(['us.state.ma.residence_or_cell_per_7_days']);
    // June 5 is day 1 of its run; June 12 local midnight starts a run without it.
    expect(reasonFor(d, 'us.state.ma.residence_or_cell_per_7_days')!.allowedFrom).toBe(iso('2026-06-12T00:00:00-04:00'));
    expect(d.allowedFrom).toBe(iso('2026-06-12T08:00:00-04:00'));
  });

  it('texts count and are limited like calls', () => {
    const history = [call('2026-06-08T10:00:00-04:00', 'conversation', { channel: 'sms' }), call('2026-06-09T10:00:00-04:00', 'conversation', { channel: 'sms' })];
    expect(rules(decide(usRegf, ma(history, { channel: 'sms' }), NOW))).toEqual(['us.state.ma.residence_or_cell_per_7_days']);
  });

  it('other numbers: two in 30 days, counted apart from the residence and cell', () => {
    const work = [call('2026-05-15T10:00:00-04:00', 'no_answer', { phoneId: 'w' }), call('2026-06-01T10:00:00-04:00', 'voicemail', { phoneId: 'w' })];
    expect(rules(decide(usRegf, ma(work, { phoneId: 'w' }), NOW))).toEqual(['us.state.ma.other_numbers_per_30_days']);
    // The cell phone's count is its own.
    expect(decide(usRegf, ma(work, { phoneId: 'm' }), NOW).decision).toBe('allow');
  });

  it('per debt: two about d1 do not stop a call about d2', () => {
    const history = [call('2026-06-08T10:00:00-04:00', 'voicemail'), call('2026-06-09T10:00:00-04:00', 'no_answer')];
    expect(decide(usRegf, ma(history, { debtIds: ['d2'] }), NOW).decision).toBe('allow');
    expect(decide(usRegf, ma(history, { debtIds: ['d1'] }), NOW).decision).toBe('block');
  });

  it('applies when any place the debtor may be is in Massachusetts: a 617 number with a New York address', () => {
    const doc = usDoc({ attempt: { channel: 'call', party: 'debtor', phoneId: 'm', debtIds: ['d1'] }, history: [call('2026-06-08T10:00:00-04:00', 'voicemail'), call('2026-06-09T10:00:00-04:00', 'no_answer')] },
      { phones: [{ id: 'm', number: '+12125550123', type: 'mobile' }, { id: 'b', number: '+16175550123', type: 'home' }] });
    expect(rules(decide(usRegf, doc, NOW))).toEqual(['us.state.ma.residence_or_cell_per_7_days']);
  });

  it('does not apply where no place is in Massachusetts', () => {
    const history = [call('2026-06-08T10:00:00-04:00', 'voicemail'), call('2026-06-09T10:00:00-04:00', 'no_answer')];
    expect(decide(usRegf, usDoc({ history }), NOW).decision).toBe('allow');
  });

  it('cites the collector rule by default and the creditor rule when the organisation is a creditor', () => {
    const history = [call('2026-06-08T10:00:00-04:00', 'voicemail'), call('2026-06-09T10:00:00-04:00', 'no_answer')];
    expect(reasonFor(decide(usRegf, ma(history), NOW), 'us.state.ma.residence_or_cell_per_7_days')!.source).toMatch(/^209 CMR 18\.16\(1\)\(d\); Watkins v\. Glenn/);
    const creditor = tighten(usRegf, { organisation: 'lender', organisationRole: 'creditor' });
    expect(reasonFor(decide(creditor, ma(history), NOW), 'us.state.ma.residence_or_cell_per_7_days')!.source).toMatch(/^940 CMR 7\.04\(1\)\(f\)/);
  });

  it('an organisation may tighten the Massachusetts cap, never loosen it', () => {
    const one = tighten(usRegf, { organisation: 'strict', caps: { 'us.state.ma.residence_or_cell_per_7_days': 1 } });
    expect(decide(one, ma([call('2026-06-09T10:00:00-04:00', 'voicemail')]), NOW).decision).toBe('block');
    expect(() => tighten(usRegf, { organisation: 'loose', caps: { 'us.state.ma.residence_or_cell_per_7_days': 3 } })).toThrow(/looser/);
  });

  it('says which numbers, how many, in how many days, in both languages', () => {
    const r = reasonFor(decide(usRegf, ma([call('2026-06-08T10:00:00-04:00', 'voicemail'), call('2026-06-09T10:00:00-04:00', 'no_answer')]), NOW), 'us.state.ma.residence_or_cell_per_7_days')!;
    expect(formatMessage(r.messageKey, r.params, 'en')).toBe('Massachusetts limit reached for debt d1: 2 telephone or text communications to the residence or a cell phone in 7 days (limit 2)');
    expect(formatMessage(r.messageKey, r.params, 'zh-CN')).toBe('已达马萨诸塞州的联系上限（债务 d1）：7 天内已向住宅电话或手机进行电话或短信联系 2 次（上限 2 次）');
  });
});
