// Per-pack verification and required disclosures: definitions, sources and answer matching.
import { describe, expect, it } from 'vitest';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { ALL_PARTY_CONSENT_STATES, matchesIdentity, requiredSteps, VERIFICATION, verificationStatus } from '../../../shared/talktrack';
import { normalizeDate } from '../../../shared/talktrack/verification';

describe('verification policies', () => {
  it('us-regf: full name plus date of birth, last 4 of SSN or address', () => {
    const p = VERIFICATION['us-regf'];
    expect(verificationStatus(p, { fullName: true })).toBe('pending');
    expect(verificationStatus(p, { dateOfBirth: true, ssnLast4: true })).toBe('pending');
    expect(verificationStatus(p, { fullName: true, address: true })).toBe('passed');
    expect(verificationStatus(p, { fullName: true, address: false })).toBe('failed');
    expect(p.source).toContain('1692c(b)');
  });

  it('cn: name plus the last 4 of the ID number (or the date of birth)', () => {
    const p = VERIFICATION.cn;
    expect(verificationStatus(p, { fullName: true, idLast4: true })).toBe('passed');
    expect(verificationStatus(p, { fullName: true, dateOfBirth: true })).toBe('passed');
    expect(verificationStatus(p, { idLast4: true })).toBe('pending');
    expect(p.source).toContain('NIFA');
  });

  it('matches answers against the record', () => {
    const id = { debtorName: 'Zhang Wei', dateOfBirth: '1990-07-01', idLast4: '123X', ssnLast4: '0042', address: '12 Oak St, Fresno CA 93701' };
    expect(matchesIdentity('fullName', 'ZHANG  wei', id, 'en')).toBe(true);
    expect(matchesIdentity('fullName', 'Zhang Wen', id, 'en')).toBe(false);
    expect(matchesIdentity('idLast4', '１２３ｘ', id, 'zh-CN')).toBe(true);
    expect(matchesIdentity('ssnLast4', '42', id, 'en')).toBe(false);
    expect(matchesIdentity('dateOfBirth', '1990年7月1日', id, 'zh-CN')).toBe(true);
    expect(matchesIdentity('dateOfBirth', '07/01/1990', id, 'en')).toBe(true);
    expect(matchesIdentity('dateOfBirth', '01/07/1990', id, 'en')).toBe(false);
    expect(matchesIdentity('address', '12 oak st. fresno, ca 93701', id, 'en')).toBe(true);
    expect(matchesIdentity('dateOfBirth', '1990-07-01', { debtorName: 'x' }, 'en')).toBeUndefined();
    expect(normalizeDate('19900701', 'en')).toBe('1990-07-01');
    expect(normalizeDate('13/13/1990', 'en')).toBeNull();
  });
});

describe('required disclosures', () => {
  it('use the all-party-consent states listed in docs/compliance/sources.md', () => {
    expect([...ALL_PARTY_CONSENT_STATES].sort()).toEqual(['CA', 'DE', 'FL', 'IL', 'MA', 'MD', 'MT', 'NH', 'PA', 'WA']);
  });

  it('take their sources from the pack where the pack lists the disclosure', () => {
    for (const pack of [usRegf, cn]) {
      for (const kind of ['early-overdue', 'field-visit'] as const) {
        for (const step of requiredSteps(pack, kind, undefined)) {
          if (!step.packDisclosure) continue;
          const d = pack.disclosures.find((x) => x.id === step.packDisclosure);
          expect(d, step.id).toBeDefined();
          expect(step.source).toContain(d!.source);
        }
      }
    }
  });

  it('list the opening, post-verification and third-party steps per pack', () => {
    const ids = (pack: typeof usRegf, kind: 'early-overdue' | 'field-visit', region?: string) => requiredSteps(pack, kind, region).map((s) => `${s.phase}:${s.id}`);
    expect(ids(usRegf, 'early-overdue', 'US-FL')).toEqual(['opening:recording_notice', 'afterVerification:mini_miranda', 'thirdParty:third_party_identity']);
    expect(ids(usRegf, 'early-overdue', 'NY')).toEqual(['afterVerification:mini_miranda', 'thirdParty:third_party_identity']);
    expect(requiredSteps(usRegf, 'early-overdue', 'NY', { recordingNoticeStates: ['NY'] })[0]?.id).toBe('recording_notice');
    expect(ids(cn, 'early-overdue')).toEqual(['opening:institution_name', 'thirdParty:third_party_no_debt']);
    expect(ids(cn, 'field-visit')).toEqual(['opening:field_credentials', 'thirdParty:third_party_no_debt']);
  });
});
