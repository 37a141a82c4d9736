// 12 CFR 1006.6(b)(1)(i) and comment 6(b)(1)(i)-1: when the collector's information about where
// the consumer is conflicts, a time is convenient only if it is convenient at every place the
// collector has reason to associate with the consumer. These cases follow the comment's examples
// (an area code in one time zone and an address in another; numbers in two zones), for every
// channel and whichever of the numbers is used.
import { describe, expect, it } from 'vitest';
import { usRegf } from '../../../shared/compliance/packs';
import { decide, iso, rules, usDoc, type DocInput } from './helpers';

const EASTERN_212 = { id: 'ny', number: '+12125550123', type: 'mobile' as const };
const CENTRAL_312 = { id: 'chi', number: '+13125550123', type: 'home' as const };
const PACIFIC_415 = { id: 'sf', number: '+14155550123', type: 'work' as const };

type Phone = typeof EASTERN_212 | typeof CENTRAL_312 | typeof PACIFIC_415;
const debtor = (address: DocInput['debtor']['address'], phones: Phone[]) => ({ address, phones });
const attempt = (channel: 'call' | 'sms' | 'email', phoneId?: string): DocInput['attempt'] =>
  ({ channel, party: 'debtor', ...(phoneId ? { phoneId } : {}), debtIds: ['d1'] });

const ADDRESS_NY = { country: 'US', region: 'NY', postalCode: '10001' };
const ADDRESS_SF = { country: 'US', region: 'CA', postalCode: '94103' };

interface Row {
  case: string;
  cite: string;
  debtor: ReturnType<typeof debtor>;
  channel: 'call' | 'sms' | 'email';
  phoneId?: string;
  at: string;
  decision: 'allow' | 'block';
  allowedFrom?: string;
}

const rows: Row[] = [
  // An area code in one zone and an address in another: convenient in both.
  { case: 'Eastern number, Pacific address: 10:30 Eastern is 07:30 at the address', cite: 'comment 6(b)(1)(i)-1', debtor: debtor(ADDRESS_SF, [EASTERN_212]), channel: 'call', phoneId: 'ny', at: '2026-06-02T10:30:00-04:00', decision: 'block', allowedFrom: '2026-06-02T08:00:00-07:00' },
  { case: 'Eastern number, Pacific address: 11:00 Eastern is 08:00 at the address', cite: 'comment 6(b)(1)(i)-1', debtor: debtor(ADDRESS_SF, [EASTERN_212]), channel: 'call', phoneId: 'ny', at: '2026-06-02T11:00:00-04:00', decision: 'allow' },
  { case: 'Eastern number, Pacific address: 18:30 Pacific is 21:30 for the number', cite: 'comment 6(b)(1)(i)-1', debtor: debtor(ADDRESS_SF, [EASTERN_212]), channel: 'call', phoneId: 'ny', at: '2026-06-02T18:30:00-07:00', decision: 'block', allowedFrom: '2026-06-03T08:00:00-07:00' },
  // Two numbers in two zones: convenient at both, whichever is called (the false allow of issue 19).
  { case: 'two numbers, Eastern and Pacific: calling the Eastern one at 10:30 Eastern', cite: 'comment 6(b)(1)(i)-1', debtor: debtor(ADDRESS_NY, [EASTERN_212, PACIFIC_415]), channel: 'call', phoneId: 'ny', at: '2026-06-02T10:30:00-04:00', decision: 'block', allowedFrom: '2026-06-02T11:00:00-04:00' },
  { case: 'two numbers, Eastern and Pacific: calling the Pacific one at 10:30 Eastern', cite: 'comment 6(b)(1)(i)-1', debtor: debtor(ADDRESS_NY, [EASTERN_212, PACIFIC_415]), channel: 'call', phoneId: 'sf', at: '2026-06-02T10:30:00-04:00', decision: 'block', allowedFrom: '2026-06-02T11:00:00-04:00' },
  { case: 'two numbers, Eastern and Central: 08:30 Eastern is 07:30 for the Central number', cite: 'comment 6(b)(1)(i)-1', debtor: debtor(ADDRESS_NY, [EASTERN_212, CENTRAL_312]), channel: 'call', phoneId: 'ny', at: '2026-06-02T08:30:00-04:00', decision: 'block', allowedFrom: '2026-06-02T09:00:00-04:00' },
  { case: 'two numbers, Eastern and Central: 09:00 Eastern is convenient at both', cite: 'comment 6(b)(1)(i)-1', debtor: debtor(ADDRESS_NY, [EASTERN_212, CENTRAL_312]), channel: 'call', phoneId: 'chi', at: '2026-06-02T09:00:00-04:00', decision: 'allow' },
  { case: 'two numbers, Eastern and Central: 20:30 Central is 21:30 for the Eastern number', cite: 'comment 6(b)(1)(i)-1', debtor: debtor(ADDRESS_NY, [EASTERN_212, CENTRAL_312]), channel: 'call', phoneId: 'chi', at: '2026-06-02T20:30:00-05:00', decision: 'block' },
  // Texts and email are communications too (1006.6(b)(1)(i) applies to every medium).
  { case: 'a text to the Eastern number with a Pacific number on file', cite: '1006.6(b)(1)(i)', debtor: debtor(ADDRESS_NY, [EASTERN_212, PACIFIC_415]), channel: 'sms', phoneId: 'ny', at: '2026-06-02T10:30:00-04:00', decision: 'block', allowedFrom: '2026-06-02T11:00:00-04:00' },
  { case: 'an email, Eastern address and a Pacific number', cite: '1006.6(b)(1)(i)', debtor: debtor(ADDRESS_NY, [PACIFIC_415]), channel: 'email', at: '2026-06-02T10:30:00-04:00', decision: 'block', allowedFrom: '2026-06-02T11:00:00-04:00' },
  { case: 'an email at 12:00 Eastern: convenient at the address and every number', cite: '1006.6(b)(1)(i)', debtor: debtor(ADDRESS_NY, [EASTERN_212, CENTRAL_312, PACIFIC_415]), channel: 'email', at: '2026-06-02T12:00:00-04:00', decision: 'allow' },
  // No conflict: one zone everywhere.
  { case: 'number and address both Eastern: 08:00 Eastern', cite: '1006.6(b)(1)(i)', debtor: debtor(ADDRESS_NY, [EASTERN_212]), channel: 'call', phoneId: 'ny', at: '2026-06-02T08:00:00-04:00', decision: 'allow' },
];

describe('conflicting locations: convenient at every place the consumer may be (12 CFR 1006.6(b)(1)(i))', () => {
  it.each(rows)('$case ($cite)', (row) => {
    const d = decide(usRegf, usDoc({ attempt: attempt(row.channel, row.phoneId) }, row.debtor), row.at);
    expect(d.decision).toBe(row.decision);
    if (row.decision === 'block') expect(rules(d)).toContain('us.time_of_day');
    if (row.allowedFrom) expect(d.allowedFrom).toBe(iso(row.allowedFrom));
  });

  it('the same instant gives the same answer for every number of the debtor, by call or text', () => {
    const who = debtor(ADDRESS_NY, [EASTERN_212, CENTRAL_312, PACIFIC_415]);
    for (const at of ['2026-06-02T08:30:00-04:00', '2026-06-02T10:59:00-04:00', '2026-06-02T11:00:00-04:00', '2026-06-02T20:59:00-05:00', '2026-06-02T21:00:00-05:00']) {
      const answers = new Set(['ny', 'chi', 'sf'].flatMap((phoneId) => (['call', 'sms'] as const).map((channel) =>
        decide(usRegf, usDoc({ attempt: attempt(channel, phoneId) }, who), at).decision)));
      expect(answers.size, at).toBe(1);
    }
  });

  it('a number not on file is added to the places on file, not put in their stead', () => {
    const d = decide(usRegf, usDoc({ attempt: { channel: 'call', party: 'debtor', number: '+12125550999', debtIds: ['d1'] } }, debtor(ADDRESS_SF, [])), '2026-06-02T10:30:00-04:00');
    expect(d.decision).toBe('block');
    expect(d.allowedFrom).toBe(iso('2026-06-02T08:00:00-07:00'));
  });

  it('the reason names each place where it is too early, with its local time and how it is known', () => {
    const d = decide(usRegf, usDoc({ attempt: attempt('call', 'ny') }, debtor(ADDRESS_NY, [EASTERN_212, PACIFIC_415])), '2026-06-02T10:30:00-04:00');
    expect(d.reasons[0]!.params.places).toBe('US-CA|America/Los_Angeles|phone +14155550123');
  });
});
