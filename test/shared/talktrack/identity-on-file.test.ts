// Identity on file as a console gets it: salted digests and masked hints of the date of birth and
// the ID/SSN last-4. The agent types what the person says; the call compares by digest, accepts
// the usual ways of writing a date in Chinese and English and an ID number's x in either case, and
// never shows the value.
import { describe, expect, it } from 'vitest';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { identityDigest, identityOnFile, normalizeDate, normalizeLast4 } from '../../../shared/domain/identity';
import { advance, compareAnswer, demoTrack, start, view, type CallState } from '../../../shared/talktrack';
import { cnContext, T0, usContext } from './helpers';

const SALT = '0123456789abcdef0123456789abcdef';
const cnOnFile = identityOnFile({ dateOfBirth: '1990-07-01', idLast4: '123X', ssnLast4: null }, SALT);
const usOnFile = identityOnFile({ dateOfBirth: '1985-04-12', idLast4: null, ssnLast4: '0042' }, SALT);
const cnIdentity = { debtorName: '张伟', onFile: cnOnFile };
const usIdentity = { debtorName: 'Maria Rivera', onFile: usOnFile };

describe('dates of birth as agents type them', () => {
  it('reads Chinese and English ways of writing a date', () => {
    for (const text of ['1990-07-01', '1990年7月1日', '１９９０年０７月０１日', '1990.7.1', '19900701', '1990/7/1', '01/07/1990']) {
      expect(normalizeDate(text, 'zh-CN'), text).toBe('1990-07-01');
    }
    for (const text of ['07/01/1990', '7-1-1990', 'July 1, 1990', '1 Jul 1990', 'jul. 1 1990', '1990-07-01']) {
      expect(normalizeDate(text, 'en'), text).toBe('1990-07-01');
    }
  });

  it('refuses what is no calendar date', () => {
    for (const text of ['1990-02-30', '13/13/1990', '1990', 'yesterday', '07/01/90', '1991-02-29']) expect(normalizeDate(text, 'en'), text).toBeNull();
    expect(normalizeDate('1992-02-29', 'en')).toBe('1992-02-29');
  });
});

describe('last four characters', () => {
  it('takes the end of a whole number, and an ID number’s x in either case or width', () => {
    expect(normalizeLast4('110105199007011 23x', 'idLast4')).toBe('123X');
    expect(normalizeLast4('１２３ｘ', 'idLast4')).toBe('123X');
    expect(normalizeLast4('xxx-xx-0042', 'ssnLast4')).toBe('0042');
    expect(normalizeLast4('42', 'ssnLast4')).toBeNull();
    expect(normalizeLast4('123X', 'ssnLast4')).toBeNull(); // an SSN has no X
    expect(normalizeLast4('12X3', 'idLast4')).toBeNull(); // X comes last only
  });
});

describe('comparing with the digests on file', () => {
  it('keeps only a salted digest and a hint of each value', () => {
    const text = JSON.stringify(cnOnFile);
    expect(text).not.toMatch(/1990|123X|07-01/);
    expect(cnOnFile.idLast4?.hint).toBe('••••');
    expect(cnOnFile.dateOfBirth?.hint).toBe('19**-**-**');
    expect(cnOnFile.dateOfBirth?.digest).toBe(identityDigest(SALT, 'dateOfBirth', '1990-07-01'));
    // Another account's salt gives another digest for the same date.
    expect(identityOnFile({ dateOfBirth: '1990-07-01', idLast4: null, ssnLast4: null }, 'fedcba9876543210fedcba9876543210').dateOfBirth?.digest)
      .not.toBe(cnOnFile.dateOfBirth?.digest);
  });

  it('matches the right answer however it is written and nothing else', () => {
    expect(compareAnswer('dateOfBirth', '1990年7月1日', cnIdentity, 'zh-CN')).toBe('match');
    expect(compareAnswer('dateOfBirth', '1990年7月2日', cnIdentity, 'zh-CN')).toBe('mismatch');
    expect(compareAnswer('dateOfBirth', '04/12/1985', usIdentity, 'en')).toBe('match');
    expect(compareAnswer('dateOfBirth', 'April 12, 1985', usIdentity, 'en')).toBe('match');
    expect(compareAnswer('dateOfBirth', '12/04/1985', usIdentity, 'en')).toBe('mismatch'); // month first in English
    expect(compareAnswer('idLast4', '123x', cnIdentity, 'zh-CN')).toBe('match');
    expect(compareAnswer('idLast4', '1234', cnIdentity, 'zh-CN')).toBe('mismatch');
    expect(compareAnswer('ssnLast4', '0042', usIdentity, 'en')).toBe('match');
    expect(compareAnswer('dateOfBirth', 'not sure', usIdentity, 'en')).toBe('unreadable');
    expect(compareAnswer('idLast4', '123X', usIdentity, 'en')).toBe('notOnFile');
  });
});

describe('a call against identity on file', () => {
  const cnCall = () => {
    let s: CallState = start(demoTrack('early-overdue', 'zh-CN'), { ...cnContext, identity: { onFile: cnOnFile } }, cn, { now: T0 });
    while (s.phase === 'opening') s = advance(s, { type: 'confirm', at: T0 + 1000 });
    return advance(s, { type: 'verify', at: T0 + 2000, check: 'fullName', passed: true });
  };

  it('shows hints only, refuses a "Matches" the agent cannot know, and verifies a typed answer that matches', () => {
    let s = cnCall();
    const checks = view(s).verification!.checks;
    expect(checks.map((c) => [c.check, c.onFile, c.expected])).toEqual([['fullName', 'shown', '张伟'], ['idLast4', 'hidden', '••••'], ['dateOfBirth', 'hidden', '19**-**-**']]);
    expect(advance(s, { type: 'verify', at: T0 + 3000, check: 'idLast4', passed: true }).rejected?.code).toBe('checkNeedsAnswer');
    const unreadable = advance(s, { type: 'verify', at: T0 + 3000, check: 'dateOfBirth', answer: '九零年' });
    expect(view(unreadable).rejected?.message).toBe('这不是有效日期：请按 1985-04-12、1985年4月12日 或 19850412 的格式输入');
    expect(unreadable.verification.attempts).toBe(0); // nothing compared, nothing used up
    s = advance(s, { type: 'verify', at: T0 + 3000, check: 'idLast4', answer: '123x' });
    expect(view(s).party).toBe('debtor');
    expect(JSON.stringify(s.records)).not.toMatch(/123/);
  });

  it('fails a wrong answer', () => {
    const s = advance(cnCall(), { type: 'verify', at: T0 + 3000, check: 'dateOfBirth', answer: '1990-07-02' });
    expect(view(s).verification?.status).toBe('failed');
    expect(view(s).masked).toBe(true);
  });

  it('records a check with nothing on file as such and still verifies on another one that matches', () => {
    let s: CallState = start(demoTrack('early-overdue', 'en'), { ...usContext, identity: { onFile: { ...usOnFile, ssnLast4: null } } }, usRegf, { now: T0 });
    while (s.phase === 'opening') s = advance(s, { type: 'confirm', at: T0 + 1000 });
    s = advance(s, { type: 'verify', at: T0 + 2000, check: 'fullName', passed: true });
    s = advance(s, { type: 'verify', at: T0 + 3000, check: 'ssnLast4', notOnFile: true });
    expect(view(s).verification?.checks.find((c) => c.check === 'ssnLast4')?.result).toBe('notOnFile');
    expect(view(s).verification?.status).toBe('pending');
    expect(view(s).verification?.cannotVerify).toBe(false);
    s = advance(s, { type: 'verify', at: T0 + 4000, check: 'dateOfBirth', answer: '4/12/1985' });
    expect(view(s).party).toBe('debtor');
  });
});
