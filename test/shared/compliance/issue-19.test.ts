// What issue 19 found wrong, each kept from coming back: audit look-ahead, consent per debt and
// by recipient, messages (numbers not ids, no dangling "debts", local times with zone labels,
// places by name, sources glossed), and the properties every decision keeps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit } from '../../../shared/compliance/audit';
import { Facts, FactsDocument } from '../../../shared/compliance/facts';
import { formatMessage, sourceText } from '../../../shared/compliance/messages';
import { usRegf } from '../../../shared/compliance/packs';
import { call, decide, reasonFor, rules, usDoc, type DocInput } from './helpers';

describe('audit judges each contact on what was known at its time', () => {
  it('a cease filed three days later neither blocks an earlier contact nor makes its next time null', () => {
    const facts = Facts.parse({
      debtor: { id: 'd', address: { country: 'US', region: 'NY', postalCode: '10001' }, phones: [{ id: 'm', number: '+12125550123', type: 'mobile' }],
        holds: [{ kind: 'cease', effectiveAt: '2026-06-05T12:00:00-04:00' }] },
      history: [call('2026-06-02T07:30:00-04:00', 'no_answer'), call('2026-06-06T12:00:00-04:00', 'no_answer')],
    });
    const findings = audit(usRegf, facts);
    expect(findings.map((f) => [f.index, rules(f.decision)])).toEqual([[0, ['us.time_of_day']], [1, ['us.hold.cease']]]);
    // Known then: only the window; it opened at 08:00 that day.
    expect(findings[0]!.decision.allowedFrom).toBe('2026-06-02T12:00:00.000Z');
  });

  it('a hold lifted after the contact is judged as a hold with no lift in sight', () => {
    const facts = Facts.parse({
      debtor: { id: 'd', address: { country: 'US', region: 'NY', postalCode: '10001' }, phones: [{ id: 'm', number: '+12125550123', type: 'mobile' }],
        holds: [{ kind: 'dispute', effectiveAt: '2026-06-01T00:00:00Z', liftedAt: '2026-06-09T00:00:00Z' }] },
      history: [call('2026-06-02T12:00:00-04:00', 'conversation')],
    });
    expect(audit(usRegf, facts)[0]!.decision.allowedFrom).toBeNull();
  });
});

describe('consent per debt, and only when given directly to the collector (12 CFR 1006.14(b)(3)(i), 1006.6(b)(1))', () => {
  const week = ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07'].map((d) => call(`${d}T10:00:00-04:00`, 'no_answer', { debtIds: ['d1', 'd2'] }));
  const withConsent = (consent: NonNullable<DocInput['debtor']['consents']>[number], debt: string) =>
    usDoc({ attempt: { channel: 'call', party: 'debtor', phoneId: 'm', debtIds: [debt] }, history: week }, { consents: [consent] });
  const AT = '2026-06-07T15:00:00-04:00';

  it('consent about d1 excludes calls about d1, not about d2', () => {
    const consent = { scope: 'call_frequency' as const, givenTo: 'collector' as const, debtIds: ['d1'], givenAt: '2026-06-01T09:00:00-04:00' };
    expect(decide(usRegf, withConsent(consent, 'd1'), AT).decision).toBe('allow');
    expect(rules(decide(usRegf, withConsent(consent, 'd2'), AT))).toEqual(['us.frequency.calls_per_7_days']);
  });

  it.each(['creditor', 'other'] as const)('consent given to the %s lifts nothing', (givenTo) => {
    const consent = { scope: 'call_frequency' as const, givenTo, givenAt: '2026-06-01T09:00:00-04:00' };
    expect(rules(decide(usRegf, withConsent(consent, 'd1'), AT))).toEqual(['us.frequency.calls_per_7_days']);
  });

  it('the schema requires who received the consent', () => {
    const r = FactsDocument.safeParse(usDoc({}, { consents: [{ scope: 'time_of_day', givenAt: '2026-06-01T00:00:00Z' } as never] }));
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['debtor.consents.0.givenTo']);
  });
});

describe('messages', () => {
  it('do-not-call names the number, not the phone record', () => {
    const d = decide(usRegf, usDoc({ attempt: { channel: 'call', party: 'debtor', phoneId: 'debtor-phone-2', debtIds: [] } }, { phones: [{ id: 'debtor-phone-2', number: '+12125550123', type: 'mobile' }], holds: [{ kind: 'do_not_call', phoneId: 'debtor-phone-2', effectiveAt: '2026-05-01T00:00:00Z' }] }), '2026-06-02T12:00:00-04:00');
    const text = formatMessage('hold.do_not_call', reasonFor(d, 'us.hold.do_not_call')!.params, 'en');
    expect(text).toBe('Do not call +1 212 555 0123: the person asked not to be called on it (since Thu, Apr 30, 2026, 20:00 EDT)');
    expect(text).not.toContain('debtor-phone-2');
  });

  it('a dispute naming no debt reads without a dangling "debts"', () => {
    const d = decide(usRegf, usDoc({}, { holds: [{ kind: 'dispute', effectiveAt: '2026-05-01T00:00:00Z' }] }), '2026-06-02T12:00:00-04:00');
    const params = reasonFor(d, 'us.hold.dispute')!.params;
    expect(formatMessage('hold.dispute', params, 'en')).toBe('The debt is disputed: no collection until verification is sent (since Thu, Apr 30, 2026, 20:00 EDT)');
    expect(formatMessage('hold.dispute', params, 'zh-CN')).toMatch(/^债务存在异议：核实材料寄出前不得催收（自 2026年4月30日周四 20:00（北美东部夏令时间） 起）$/);
    expect(formatMessage('hold.dispute', { ...params, debts: 'd1, d2' }, 'en')).toMatch(/; debts d1, d2\)$/);
  });

  it('a closed window names places as people do, with local time and zone label, summary first', () => {
    const d = decide(usRegf, usDoc({}, { address: { country: 'US', region: 'CA', postalCode: '94103' } }), '2026-06-02T10:30:00-04:00');
    const r = reasonFor(d, 'us.time_of_day')!;
    expect(formatMessage(r.messageKey, r.params, 'en')).toBe('Outside contact hours at a place the person may be (allowed 08:00–21:00 local time): California 07:30 PDT (address ZIP 94103)');
    expect(formatMessage(r.messageKey, r.params, 'zh-CN')).toBe('对方可能所在的某地不在允许联系的时段内（当地时间 08:00–21:00）：加利福尼亚州 07:30（北美太平洋夏令时间）（地址邮编 94103）');
  });

  it('a location-unknown block is a short list by local time, not every zone', () => {
    const d = decide(usRegf, usDoc({ attempt: { channel: 'email', party: 'debtor', debtIds: [] } }, { address: { country: 'US' }, phones: [] }), '2026-06-02T09:30:00-04:00');
    const text = formatMessage('outsideWindow', reasonFor(d, 'us.time_of_day')!.params, 'en');
    expect(text).not.toMatch(/America\//);
    expect(text).toMatch(/^Outside contact hours at a place the person may be \(allowed 08:00–21:00 local time\): Hawaii 03:30 HST \(address unknown\); .* and \d more time zones$/);
    expect(text.split('; ').length).toBeLessThanOrEqual(4);
  });

  it('legal sources keep their language, with a gloss in zh-CN', () => {
    expect(sourceText('12 CFR 1006.6(b)(1)(i)', 'en')).toBe('12 CFR 1006.6(b)(1)(i)');
    expect(sourceText('12 CFR 1006.6(b)(1)(i)', 'zh-CN')).toBe('12 CFR 1006.6(b)(1)(i)（美国联邦法规第 12 编第 1006 部分，即消费者金融保护局《F 条例》（债务催收规则））');
  });

  it('no product source names a file outside the repository', () => {
    for (const source of Object.values(usRegf.sources)) expect(source).not.toMatch(/COMPLIANCE\.md/);
  });
});

describe('properties (fast-check)', () => {
  const KEYS = ['debtor', 'attempt', 'history', 'thirdParties'];
  const where = fc.constantFrom<[string[], string]>(
    [[], 'document'], [['debtor'], 'debtor'], [['debtor', 'address'], 'address'], [['attempt'], 'attempt'], [['debtor', 'phones', '0'], 'phone'],
  );

  it('an unknown key anywhere always fails validation, and the error names it', () => {
    fc.assert(fc.property(where, fc.string({ minLength: 1, maxLength: 12 }).filter((k) => /^[a-z]\w*$/i.test(k) && !KEYS.includes(k)), ([path], key) => {
      const doc = structuredClone(usDoc({}, { phones: [{ id: 'm', number: '+12125550123', type: 'mobile' }] })) as Record<string, unknown>;
      let node = doc as Record<string, unknown>;
      for (const step of path) node = node[step] as Record<string, unknown>;
      if (Object.hasOwn(node, key)) return;
      node[key] = true;
      const r = FactsDocument.safeParse(doc);
      expect(r.success).toBe(false);
      expect(r.error!.issues.some((i) => i.code === 'unrecognized_keys' && i.keys.includes(key))).toBe(true);
    }), { numRuns: 200 });
  });

  const phone = fc.record({
    number: fc.constantFrom('+12125550100', '+13105550100', '+13125550100', '+17025550100', '+16175550100', '+18005550100', '+19075550100', '+18085550100', '+8613800138000'),
    type: fc.constantFrom('mobile' as const, 'home' as const, 'work' as const, 'other' as const),
  });
  const address = fc.constantFrom(
    { country: 'US', region: 'NY', postalCode: '10001' }, { country: 'US', region: 'CA', postalCode: '94103' }, { country: 'US', region: 'MA', postalCode: '02108' },
    { country: 'US', region: 'NV' }, { country: 'US' }, { country: 'US', region: 'PA', postalCode: '19103' },
  );

  it('adding any phone or place never turns a block into an allow, for any channel', () => {
    fc.assert(fc.property(address, address, fc.array(phone, { minLength: 1, maxLength: 3 }), phone, fc.integer({ min: 0, max: 7 * 24 * 60 - 1 }), fc.constantFrom('call' as const, 'sms' as const, 'email' as const),
      (home, moved, phones, extra, minutes, channel) => {
        const at = new Date(Date.parse('2026-06-01T00:00:00Z') + minutes * 60_000).toISOString();
        const on = (list: typeof phones, addr: typeof home) => usDoc(
          { attempt: { channel, party: 'debtor', ...(channel === 'email' ? {} : { phoneId: 'p0' }), debtIds: ['d1'] }, history: [call('2026-05-31T12:00:00Z', 'voicemail', { phoneId: 'p0' })] },
          { address: addr, phones: list.map((p, i) => ({ id: `p${i}`, ...p })) });
        const before = decide(usRegf, on(phones, home), at);
        if (before.decision !== 'block') return;
        expect(decide(usRegf, on([...phones, extra], home), at).decision).toBe('block');
        // A place added: the moved-to address with the old address's number kept as a phone.
        expect(decide(usRegf, on([...phones, extra], moved.country === home.country ? moved : home), at).decision === 'block' || moved !== home).toBe(true);
      }), { numRuns: 300 });
  });
});
