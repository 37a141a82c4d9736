// Right-party verification per pack: the identity checks a call must pass before anything about
// the debt is said or shown. Until then the engine masks every debt detail, and a person who
// fails is offered a retry or treated as a third party.
import { HIDDEN_CHECKS, identityDigest, identityHint, normalizeDate, normalizeIdentity, type HiddenCheck, type IdentityOnFile } from '../domain/identity';
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

export { normalizeDate };

/**
 * What the call has to compare each check with. Plain values (a test, a track preview) and the
 * central store's digests (`onFile`, what a console gets) are both accepted; either way the agent
 * never sees a date of birth or a last-4, only its hint.
 */
export interface IdentityRecord {
  debtorName: string;
  address?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  ssnLast4?: string;
  idLast4?: string;
  onFile?: IdentityOnFile | null;
}

/**
 * How a check can be done: `shown` (the agent sees the record and judges: name, address),
 * `hidden` (the agent types the answer and the console compares: date of birth, last-4), or
 * `none` (nothing on file: it can only be recorded as not on file, which never verifies).
 */
export type OnFileKind = 'shown' | 'hidden' | 'none';

const isHidden = (check: IdentityCheck): check is HiddenCheck => (HIDDEN_CHECKS as readonly string[]).includes(check);

export function onFileKind(check: IdentityCheck, identity: IdentityRecord): OnFileKind {
  if (check === 'fullName') return 'shown';
  if (check === 'address') return identity.address ? 'shown' : 'none';
  return identity[check] !== undefined || (identity.onFile?.[check] ?? null) !== null ? 'hidden' : 'none';
}

/** What the agent sees of the record: the value when shown, the masked hint when hidden, null when none. */
export function onFileText(check: IdentityCheck, identity: IdentityRecord, locale: TrackLocale): string | null {
  if (check === 'fullName') return identity.debtorName;
  if (check === 'address') return identity.address || null;
  const plainValue = identity[check];
  if (plainValue !== undefined) {
    const n = normalizeIdentity(check, plainValue, locale);
    return n === null ? null : identityHint(check, n);
  }
  return identity.onFile?.[check]?.hint ?? null;
}

/** `unreadable`: the answer is no date (or no last four characters) at all; nothing was compared. */
export type Comparison = 'match' | 'mismatch' | 'notOnFile' | 'unreadable';

/**
 * Compares an answer with the record: names and addresses ignoring case, width, spaces and
 * punctuation; a date of birth in any common order (zh-CN and en); a last-4 on its last four
 * characters, an ID number's x matching X. Hidden values are compared by digest.
 */
export function compareAnswer(check: IdentityCheck, answer: string, identity: IdentityRecord, locale: TrackLocale): Comparison {
  if (check === 'fullName') return plain(answer) === plain(identity.debtorName) ? 'match' : 'mismatch';
  if (check === 'address') {
    if (!identity.address) return 'notOnFile';
    return plain(answer) === plain(identity.address) ? 'match' : 'mismatch';
  }
  if (!isHidden(check) || onFileKind(check, identity) === 'none') return 'notOnFile';
  const given = normalizeIdentity(check, answer, locale);
  if (given === null) return 'unreadable';
  const plainValue = identity[check];
  if (plainValue !== undefined) return normalizeIdentity(check, plainValue, locale) === given ? 'match' : 'mismatch';
  const onFile = identity.onFile!;
  return identityDigest(onFile.salt, check, given) === onFile[check]!.digest ? 'match' : 'mismatch';
}

/** compareAnswer as a yes/no: undefined when there is no record to compare with. */
export function matchesIdentity(check: IdentityCheck, answer: string, identity: IdentityRecord, locale: TrackLocale): boolean | undefined {
  const r = compareAnswer(check, answer, identity, locale);
  return r === 'notOnFile' ? undefined : r === 'match';
}
