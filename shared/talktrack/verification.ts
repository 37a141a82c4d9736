// Right-party verification per pack: the identity checks a call must pass before anything about
// the debt is said or shown. Until then the engine masks every debt detail, and a person who
// fails is offered a retry or treated as a third party.
import type { TrackLocale } from './schema';

export type IdentityCheck = 'fullName' | 'dateOfBirth' | 'ssnLast4' | 'address' | 'idLast4';

export interface VerificationPolicy {
  packId: 'us-regf' | 'cn';
  /** Every one of these must pass … */
  required: readonly IdentityCheck[];
  /** … and at least one of these (none: `required` alone suffices). */
  oneOf: readonly IdentityCheck[];
  /** Attempts before retry is no longer offered (the person is then a third party or the call ends). */
  maxAttempts: number;
  source: string;
}

export const VERIFICATION: Record<'us-regf' | 'cn', VerificationPolicy> = {
  // The FDCPA forbids discussing the debt with anyone but the consumer (and a few listed
  // persons); speaking to the wrong person is third-party disclosure. Collectors therefore
  // confirm the full name and one more identifier before the mini-Miranda.
  'us-regf': {
    packId: 'us-regf',
    required: ['fullName'],
    oneOf: ['dateOfBirth', 'ssnLast4', 'address'],
    maxAttempts: 2,
    source: '15 U.S.C. 1692c(b); 12 CFR 1006.6(d)(1) (no communication about the debt with third parties)',
  },
  // The debt may never be disclosed to a third party, and personal information is processed
  // only as far as necessary: name plus the last four characters of the ID card number (or the
  // date of birth where the ID number is not on file).
  cn: {
    packId: 'cn',
    required: ['fullName'],
    oneOf: ['idLast4', 'dateOfBirth'],
    maxAttempts: 2,
    source: 'NIFA convention (2018) arts. 13, 14, 18 (debt never disclosed to third parties); Personal Information Protection Law art. 13',
  },
};

/** Checks in the order the agent asks them. */
export function checksOf(policy: VerificationPolicy): IdentityCheck[] {
  return [...policy.required, ...policy.oneOf];
}

export type VerificationStatus = 'pending' | 'passed' | 'failed';

/** Passed when every required check and (if any are listed) one of `oneOf` passed; failed as soon as one fails. */
export function verificationStatus(policy: VerificationPolicy, results: Partial<Record<IdentityCheck, boolean>>): VerificationStatus {
  if (Object.values(results).some((r) => r === false)) return 'failed';
  const required = policy.required.every((c) => results[c] === true);
  const oneOf = policy.oneOf.length === 0 || policy.oneOf.some((c) => results[c] === true);
  return required && oneOf ? 'passed' : 'pending';
}

/** Text for comparing identity answers: NFKC, lower case, letters and digits only. */
function plain(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** A date of birth as YYYY-MM-DD from 1985-04-12, 19850412, 04/12/1985 (US order) or 1985年4月12日. */
export function normalizeDate(text: string, locale: TrackLocale): string | null {
  const groups = text.normalize('NFKC').match(/\d+/g) ?? [];
  let y: string | undefined;
  let m: string | undefined;
  let d: string | undefined;
  if (groups.length === 1 && groups[0]!.length === 8) [y, m, d] = [groups[0]!.slice(0, 4), groups[0]!.slice(4, 6), groups[0]!.slice(6)];
  else if (groups.length === 3 && groups[0]!.length === 4) [y, m, d] = groups as [string, string, string];
  else if (groups.length === 3 && groups[2]!.length === 4) [m, d, y] = locale === 'en' ? (groups as [string, string, string]) : [groups[1]!, groups[0]!, groups[2]!];
  if (!y || !m || !d) return null;
  const mm = Number(m);
  const dd = Number(d);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  return `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/**
 * Whether an answer matches the record: names and addresses ignoring case, width, spaces and
 * punctuation; last-4 checks on the last four characters (an ID number may end in X); dates in
 * any common order. Undefined when there is no record to compare with (the agent judges).
 */
export function matchesIdentity(
  check: IdentityCheck,
  answer: string,
  identity: { debtorName: string; dateOfBirth?: string; ssnLast4?: string; idLast4?: string; address?: string },
  locale: TrackLocale,
): boolean | undefined {
  switch (check) {
    case 'fullName':
      return plain(answer) === plain(identity.debtorName);
    case 'dateOfBirth':
      return identity.dateOfBirth === undefined ? undefined : normalizeDate(answer, locale) === normalizeDate(identity.dateOfBirth, locale);
    case 'ssnLast4':
    case 'idLast4': {
      const expected = check === 'ssnLast4' ? identity.ssnLast4 : identity.idLast4;
      if (expected === undefined) return undefined;
      const given = plain(answer).toUpperCase();
      return given.length >= 4 && given.slice(-4) === plain(expected).toUpperCase().slice(-4);
    }
    case 'address':
      return identity.address === undefined ? undefined : plain(answer) === plain(identity.address);
  }
}
