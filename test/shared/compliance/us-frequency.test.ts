// Regulation F call frequency: 7 calls in 7 days per debt, 7 days after a conversation, what
// counts and what is excluded, and the CFPB's warning signs.
import { describe, expect, it } from 'vitest';
import { usRegf } from '../../../shared/compliance/packs';
import { call, decide, iso, reasonFor, rules, usDoc } from './helpers';

/** One call a day at 10:00 New York time, June 1.. June n, 2026. */
const daily = (n: number, result: Parameters<typeof call>[1] = 'no_answer', over: Parameters<typeof call>[2] = {}) =>
  Array.from({ length: n }, (_, i) => call(`2026-06-0${i + 1}T10:00:00-04:00`, result, over));

describe('7 calls within 7 consecutive days (1006.14(b)(2)(i))', () => {
  it('six calls allow a seventh; seven block an eighth', () => {
    expect(decide(usRegf, usDoc({ history: daily(6) }), '2026-06-07T15:00:00-04:00').decision).toBe('allow');
    const d = decide(usRegf, usDoc({ history: daily(7) }), '2026-06-07T15:00:00-04:00');
    expect(rules(d)).toEqual(['us.frequency.calls_per_7_days']);
    expect(reasonFor(d, 'us.frequency.calls_per_7_days')).toMatchObject({
      source: '12 CFR 1006.14(b)(2)(i)',
      params: { debt: 'd1', count: 7, limit: 7 },
      // June 1's call leaves the run at midnight June 8 (New York)…
      allowedFrom: iso('2026-06-08T00:00:00-04:00'),
    });
    // …but midnight is outside the calling window: the attempt is next allowed at 08:00.
    expect(d.allowedFrom).toBe(iso('2026-06-08T08:00:00-04:00'));
  });

  it('counts calls by calendar day: the run is the 7 days ending today', () => {
    // Seven calls on June 1; on June 7 they are still inside, on June 8 they are not.
    const burst = Array.from({ length: 7 }, (_, i) => call(`2026-06-01T1${i}:00:00-04:00`, 'voicemail'));
    expect(decide(usRegf, usDoc({ history: burst }), '2026-06-07T12:00:00-04:00').decision).toBe('block');
    expect(decide(usRegf, usDoc({ history: burst }), '2026-06-08T08:00:00-04:00').decision).toBe('allow');
  });

  it.each([
    ['answered', 'conversation' as const, true],
    ['unanswered', 'no_answer' as const, true],
    ['voicemail', 'voicemail' as const, true],
    ['limited-content message', 'limited_content_message' as const, true],
    ['busy', 'busy' as const, false],
    ['not in service', 'not_in_service' as const, false],
    ['never connected', 'failed' as const, false],
  ])('a %s call %s', (_label, result, counts) => {
    // Six countable calls plus one of the kind under test, all on different days before June 8.
    const history = [...daily(6), call('2026-06-07T09:00:00-04:00', result)];
    // Evaluate on June 8 so a conversation on June 7 would not be what blocks.
    const d = decide(usRegf, usDoc({ history }), '2026-06-07T20:00:00-04:00');
    expect(reasonFor(d, 'us.frequency.calls_per_7_days') !== undefined).toBe(counts);
  });

  it('texts, emails and calls to third parties do not count', () => {
    const history = [
      ...daily(6),
      call('2026-06-07T09:00:00-04:00', 'conversation', { channel: 'sms' }),
      call('2026-06-07T09:10:00-04:00', 'conversation', { channel: 'email', phoneId: undefined }),
      call('2026-06-07T09:20:00-04:00', 'no_answer', { party: 'third_party', partyId: 'tp', phoneId: 'tp-m' }),
    ];
    const doc = usDoc({ history, thirdParties: [{ id: 'tp', relation: 'relative', phones: [{ id: 'tp-m', number: '+12125550999', type: 'mobile' }] }] });
    expect(decide(usRegf, doc, '2026-06-07T15:00:00-04:00').decision).toBe('allow');
  });

  it('a call about several debts counts for each of them', () => {
    const both = daily(7, 'no_answer', { debtIds: ['d1', 'd2'] });
    const aboutD2 = usDoc({ history: both, attempt: { channel: 'call', party: 'debtor', phoneId: 'm', debtIds: ['d2'] } });
    expect(reasonFor(decide(usRegf, aboutD2, '2026-06-07T15:00:00-04:00'), 'us.frequency.calls_per_7_days')!.params.debt).toBe('d2');
    // Four calls about d1 only and three about both: d1 has 7, d2 has 3.
    const mixed = [...daily(4), ...daily(7, 'no_answer', { debtIds: ['d1', 'd2'] }).slice(4)];
    expect(decide(usRegf, { ...aboutD2, history: mixed }, '2026-06-07T15:00:00-04:00').decision).toBe('allow');
    const aboutBoth = { ...aboutD2, history: mixed, attempt: { channel: 'call' as const, party: 'debtor' as const, phoneId: 'm', debtIds: ['d1', 'd2'] } };
    const d = decide(usRegf, aboutBoth, '2026-06-07T15:00:00-04:00');
    expect(d.reasons.map((r) => r.params.debt)).toEqual(['d1']);
  });

  it('an unanswered call that names no debt counts toward every debt', () => {
    const history = daily(7, 'no_answer', { debtIds: [] });
    const doc = usDoc({ history, attempt: { channel: 'call', party: 'debtor', phoneId: 'm', debtIds: ['d9'] } });
    expect(decide(usRegf, doc, '2026-06-07T15:00:00-04:00').decision).toBe('block');
  });

  describe('prior consent given directly to the collector (1006.14(b)(3)(i))', () => {
    const consent = { scope: 'call_frequency' as const, givenTo: 'collector' as const, givenAt: '2026-06-03T09:00:00-04:00' };

    it('calls within 7 days of the consent are not counted', () => {
      const doc = usDoc({ history: daily(7) }, { consents: [consent] });
      // June 3..7 calls were made with consent: 2 counted. The attempt itself is also within it.
      expect(decide(usRegf, doc, '2026-06-07T15:00:00-04:00').decision).toBe('allow');
    });

    it('consent lasts 7 days at most', () => {
      const early = { scope: 'call_frequency' as const, givenTo: 'collector' as const, givenAt: '2026-05-25T09:00:00-04:00' };
      // Consent from May 25 ended June 1 09:00: every June call counts again.
      expect(decide(usRegf, usDoc({ history: daily(7) }, { consents: [early] }), '2026-06-07T15:00:00-04:00').decision).toBe('block');
    });

    it('ends on revocation', () => {
      const revoked = { ...consent, revokedAt: '2026-06-04T12:00:00-04:00' };
      // Consent covered the June 3 and 4 calls (10:00); June 1, 2, 5, 6, 7 count: 5, allowed.
      expect(decide(usRegf, usDoc({ history: daily(7) }, { consents: [revoked] }), '2026-06-07T15:00:00-04:00').decision).toBe('allow');
      // Add two more calls after the revocation: 7 counted.
      const more = [...daily(7), call('2026-06-07T11:00:00-04:00', 'no_answer'), call('2026-06-07T12:00:00-04:00', 'no_answer')];
      expect(decide(usRegf, usDoc({ history: more }, { consents: [revoked] }), '2026-06-07T15:00:00-04:00').decision).toBe('block');
    });

    it('ends at the end of the period the person stated', () => {
      const short = { ...consent, expiresAt: '2026-06-03T12:00:00-04:00' };
      const more = [...daily(7), call('2026-06-07T11:00:00-04:00', 'no_answer')];
      expect(decide(usRegf, usDoc({ history: more }, { consents: [short] }), '2026-06-07T15:00:00-04:00').decision).toBe('block');
    });
  });
});

describe('7 days after a telephone conversation (1006.14(b)(2)(ii))', () => {
  const talked = [call('2026-06-01T10:00:00-04:00', 'conversation')];

  it('the conversation day is day 1: blocked through June 7, allowed June 8', () => {
    const sameDay = decide(usRegf, usDoc({ history: talked }), '2026-06-01T15:00:00-04:00');
    expect(rules(sameDay)).toEqual(['us.frequency.days_after_conversation']);
    expect(reasonFor(sameDay, 'us.frequency.days_after_conversation')).toMatchObject({
      source: '12 CFR 1006.14(b)(2)(ii)',
      allowedFrom: iso('2026-06-08T00:00:00-04:00'),
      params: { debt: 'd1', conversationAt: '2026-06-01T10:00:00-04:00', days: 7 },
    });
    expect(sameDay.allowedFrom).toBe(iso('2026-06-08T08:00:00-04:00'));
    expect(decide(usRegf, usDoc({ history: talked }), '2026-06-07T20:59:00-04:00').decision).toBe('block');
    expect(decide(usRegf, usDoc({ history: talked }), '2026-06-08T08:00:00-04:00').decision).toBe('allow');
  });

  it('is per debt: a conversation about d1 does not stop a call about d2', () => {
    const doc = usDoc({ history: talked, attempt: { channel: 'call', party: 'debtor', phoneId: 'm', debtIds: ['d2'] } });
    expect(decide(usRegf, doc, '2026-06-03T12:00:00-04:00').decision).toBe('allow');
  });

  it('a conversation by text is no telephone conversation', () => {
    const doc = usDoc({ history: [call('2026-06-01T10:00:00-04:00', 'conversation', { channel: 'sms' })] });
    expect(decide(usRegf, doc, '2026-06-03T12:00:00-04:00').decision).toBe('allow');
  });

  it('does not stop a text or an email', () => {
    const doc = usDoc({ history: talked, attempt: { channel: 'sms', party: 'debtor', phoneId: 'm', debtIds: ['d1'] } });
    expect(decide(usRegf, doc, '2026-06-03T12:00:00-04:00').decision).toBe('allow');
  });
});

describe('warning signs (comment 14(b)(2)(i)-2): warn, never block', () => {
  it('two unanswered calls to the same number within 5 minutes', () => {
    const history = [call('2026-06-02T10:00:00-04:00', 'no_answer')];
    const d = decide(usRegf, usDoc({ history }), '2026-06-02T10:04:00-04:00');
    expect(d.decision).toBe('warn');
    expect(d.allowedFrom).toBe(iso('2026-06-02T10:04:00-04:00'));
    expect(reasonFor(d, 'us.warn.unanswered_same_number')).toMatchObject({ severity: 'warn', allowedFrom: iso('2026-06-02T10:05:00-04:00') });
    expect(decide(usRegf, usDoc({ history }), '2026-06-02T10:05:00-04:00').decision).toBe('allow');
    const otherNumber = usDoc({ history, attempt: { channel: 'call', party: 'debtor', phoneId: 'h', debtIds: ['d1'] } }, {
      phones: [
        { id: 'm', number: '+12125550123', type: 'mobile' },
        { id: 'h', number: '+12125550456', type: 'home' },
      ],
    });
    expect(decide(usRegf, otherNumber, '2026-06-02T10:04:00-04:00').decision).toBe('allow');
  });

  it('the seventh call in one day', () => {
    const history = Array.from({ length: 6 }, (_, i) => call(`2026-06-02T1${i}:00:00-04:00`, 'busy'));
    const d = decide(usRegf, usDoc({ history }), '2026-06-02T17:00:00-04:00');
    expect(rules(d)).toEqual(['us.warn.calls_per_day']);
    expect(d.decision).toBe('warn');
    expect(decide(usRegf, usDoc({ history: history.slice(1) }), '2026-06-02T17:00:00-04:00').decision).toBe('allow');
  });

  it('the seventh voicemail in one day', () => {
    const history = Array.from({ length: 6 }, (_, i) => call(`2026-06-02T1${i}:00:00-04:00`, 'voicemail'));
    const d = decide(usRegf, usDoc({ history }), '2026-06-02T17:00:00-04:00');
    expect(rules(d)).toEqual(['us.warn.calls_per_day', 'us.warn.voicemails_per_day']);
    expect(reasonFor(d, 'us.warn.voicemails_per_day')!.allowedFrom).toBe(iso('2026-06-03T00:00:00-04:00'));
  });
});
