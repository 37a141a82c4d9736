// The cn pack: quiet hours in Beijing time, daily caps across agents, third parties only once
// the debtor is unreachable, field visits.
import { describe, expect, it } from 'vitest';
import { cn } from '../../../shared/compliance/packs';
import { call, cnDoc, decide, iso, reasonFor, rules } from './helpers';

const cnCall = (at: string, result: Parameters<typeof call>[1], over: Parameters<typeof call>[2] = {}) => call(at, result, { debtIds: ['loan-1'], ...over });

describe('quiet hours 22:00–08:00 Beijing time', () => {
  it.each([
    ['2026-06-02T07:59:00+08:00', 'block'],
    ['2026-06-02T08:00:00+08:00', 'allow'],
    ['2026-06-02T21:59:00+08:00', 'allow'],
    ['2026-06-02T22:00:00+08:00', 'block'],
  ])('%s → %s', (at, decision) => {
    expect(decide(cn, cnDoc(), at).decision).toBe(decision);
  });

  it('names the rule, its source and 08:00 the next morning', () => {
    const d = decide(cn, cnDoc(), '2026-06-02T22:00:00+08:00');
    expect(reasonFor(d, 'cn.quiet_hours')).toMatchObject({ source: 'GB/T 45251—2025; CBA consumer-loan collection guideline (2026)', allowedFrom: iso('2026-06-03T08:00:00+08:00') });
    expect(d.allowedFrom).toBe(iso('2026-06-03T08:00:00+08:00'));
  });

  it('is Beijing time even for a debtor in Xinjiang', () => {
    const urumqi = cnDoc({}, { address: { country: 'CN', region: '新疆', timeZone: 'Asia/Urumqi' } });
    expect(decide(cn, urumqi, '2026-06-02T08:00:00+08:00').decision).toBe('allow');
  });

  it('covers messages too, and lifts while the debtor agreed otherwise', () => {
    const sms = cnDoc({ attempt: { channel: 'sms', party: 'debtor', phoneId: 'm', debtIds: ['loan-1'] } });
    expect(decide(cn, sms, '2026-06-02T23:00:00+08:00').decision).toBe('block');
    const agreed = cnDoc({}, { consents: [{ scope: 'time_of_day', givenTo: 'collector', givenAt: '2026-06-01T00:00:00+08:00', expiresAt: '2026-06-03T00:00:00+08:00' }] });
    expect(decide(cn, agreed, '2026-06-02T22:30:00+08:00').decision).toBe('allow');
  });
});

describe('at most 3 connected collection calls per debtor per day, across agents', () => {
  const connected = [
    cnCall('2026-06-02T09:00:00+08:00', 'conversation', { agentId: 'agent-1' }),
    cnCall('2026-06-02T11:00:00+08:00', 'conversation', { agentId: 'agent-2', phoneId: 'h' }),
    cnCall('2026-06-02T14:00:00+08:00', 'conversation', { agentId: 'agency-7' }),
  ];

  it('the fourth is blocked until the next Beijing day (08:00, after quiet hours)', () => {
    const d = decide(cn, cnDoc({ history: connected }), '2026-06-02T16:00:00+08:00');
    expect(rules(d)).toEqual(['cn.connected_calls_per_day']);
    expect(reasonFor(d, 'cn.connected_calls_per_day')).toMatchObject({ params: { count: 3, limit: 3 }, allowedFrom: iso('2026-06-03T00:00:00+08:00') });
    expect(d.allowedFrom).toBe(iso('2026-06-03T08:00:00+08:00'));
  });

  it('two connected calls allow a third; yesterday’s do not count', () => {
    expect(decide(cn, cnDoc({ history: connected.slice(1) }), '2026-06-02T16:00:00+08:00').decision).toBe('allow');
    expect(decide(cn, cnDoc({ history: connected }), '2026-06-03T09:00:00+08:00').decision).toBe('allow');
  });

  it('the Beijing day, not UTC: 23:30Z on June 1 is already June 2 in Beijing', () => {
    const early = [cnCall('2026-06-01T23:30:00Z', 'conversation'), ...connected.slice(1)];
    expect(decide(cn, cnDoc({ history: early }), '2026-06-02T16:00:00+08:00').decision).toBe('block');
  });
});

describe('at most 6 unanswered attempts per number per day', () => {
  const six = ['no_answer', 'busy', 'voicemail', 'no_answer', 'no_answer', 'busy'].map((result, i) =>
    cnCall(`2026-06-02T1${i}:00:00+08:00`, result as 'no_answer', { agentId: `agent-${i % 2}` }),
  );

  it('blocks the seventh attempt to that number, not to another', () => {
    const d = decide(cn, cnDoc({ history: six }), '2026-06-02T17:00:00+08:00');
    expect(rules(d)).toEqual(['cn.unanswered_attempts_per_number_per_day']);
    expect(reasonFor(d, 'cn.unanswered_attempts_per_number_per_day')!.params).toMatchObject({ count: 6, limit: 6, phone: '+8613800138000' });
    const home = cnDoc({ history: six, attempt: { channel: 'call', party: 'debtor', phoneId: 'h', debtIds: ['loan-1'] } });
    expect(decide(cn, home, '2026-06-02T17:00:00+08:00').decision).toBe('allow');
  });

  it('numbers out of service, calls that never connected and conversations are no unanswered attempts', () => {
    const mixed = [...six.slice(0, 5), cnCall('2026-06-02T15:30:00+08:00', 'failed'), cnCall('2026-06-02T15:40:00+08:00', 'not_in_service')];
    expect(decide(cn, cnDoc({ history: mixed }), '2026-06-02T17:00:00+08:00').decision).toBe('allow');
  });
});

describe('third parties only after the debtor is unreachable', () => {
  const tp = { id: 'ec', relation: 'emergency_contact' as const, phones: [{ id: 'ec-m', number: '+8613900139000', type: 'mobile' as const }] };
  const toContact = (history: ReturnType<typeof cnCall>[], extra: object = {}) =>
    cnDoc({ attempt: { channel: 'call', party: 'third_party', partyId: 'ec', phoneId: 'ec-m', purpose: 'reestablish_contact' }, thirdParties: [{ ...tp, ...extra }], history });
  const AT = '2026-06-02T16:00:00+08:00';

  it('blocked while the debtor may still be reached', () => {
    const d = decide(cn, toContact([cnCall('2026-06-02T09:00:00+08:00', 'no_answer')]), AT);
    expect(rules(d)).toEqual(['cn.third_party.debtor_reachable']);
    expect(d.allowedFrom).toBeNull();
  });

  it('allowed after 3 consecutive failed calls', () => {
    const failed = ['no_answer', 'busy', 'no_answer'].map((r, i) => cnCall(`2026-06-02T${String(8 + i).padStart(2, '0')}:00:00+08:00`, r as 'no_answer'));
    expect(decide(cn, toContact(failed), AT).decision).toBe('allow');
    // A conversation in between breaks the run.
    const broken = [failed[0]!, cnCall('2026-06-02T08:30:00+08:00', 'conversation'), failed[1]!, failed[2]!];
    expect(decide(cn, toContact(broken), AT).decision).toBe('block');
  });

  it('allowed when every debtor number is invalid', () => {
    const invalid = [cnCall('2026-06-02T09:00:00+08:00', 'not_in_service'), cnCall('2026-06-02T09:05:00+08:00', 'not_in_service', { phoneId: 'h' })];
    expect(decide(cn, toContact(invalid), AT).decision).toBe('allow');
    expect(decide(cn, toContact(invalid.slice(0, 1)), AT).decision).toBe('block');
  });

  it('stops when they ask, and never to collect', () => {
    const failed = ['no_answer', 'no_answer', 'no_answer'].map((r, i) => cnCall(`2026-06-02T${String(8 + i).padStart(2, '0')}:00:00+08:00`, r as 'no_answer'));
    expect(rules(decide(cn, toContact(failed, { askedNoContact: true }), AT))).toEqual(['cn.third_party.declined']);
    const collect = { ...toContact(failed), attempt: { channel: 'call' as const, party: 'third_party' as const, partyId: 'ec', phoneId: 'ec-m', purpose: 'collection' as const } };
    expect(rules(decide(cn, collect, AT))).toEqual(['cn.third_party.purpose']);
  });
});

describe('field visits', () => {
  const visit = (collectors: string[]) => cnDoc({ attempt: { channel: 'visit', party: 'debtor', debtIds: ['loan-1'], collectors } });

  it('need at least 2 collectors', () => {
    const d = decide(cn, visit(['zhang']), '2026-06-02T10:00:00+08:00');
    expect(rules(d)).toEqual(['cn.visit.collectors']);
    expect(reasonFor(d, 'cn.visit.collectors')).toMatchObject({ source: 'CBA consumer-loan collection guideline (2026) art. 22', allowedFrom: null });
    expect(decide(cn, visit(['zhang', 'li']), '2026-06-02T10:00:00+08:00').decision).toBe('allow');
    expect(decide(cn, visit(['zhang', 'zhang']), '2026-06-02T10:00:00+08:00').decision).toBe('block');
  });

  it('only 08:00–22:00 Beijing time', () => {
    const d = decide(cn, visit(['zhang', 'li']), '2026-06-02T22:00:00+08:00');
    expect(rules(d)).toEqual(['cn.visit_hours']);
    expect(d.allowedFrom).toBe(iso('2026-06-03T08:00:00+08:00'));
  });
});
