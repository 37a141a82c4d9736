// Identity on file: what the central store holds to confirm it is speaking with the debtor (date
// of birth, last four characters of the ID card number in China or of the SSN in the US), and the
// form in which that reaches a console.
//
// Why hashed: the agent only needs to know whether what the person says matches, never the value
// itself, so the central store keeps the values and a console gets, for each one, a salted HMAC
// of its normalised form plus a masked hint ("19**-**-**", "••••") telling the agent something is
// on file. The agent types what the person says; the console normalises and hashes it the same
// way and compares. The value is therefore never on the agent's screen, in the renderer, in the
// call log or in the console's store. The key (salt) is random per account and per write, so one
// table of digests cannot serve every account. Limit, stated plainly: a date of birth or four
// digits is a small space, so someone holding a console's decrypted store and the salt could
// still try every value; that store is encrypted at rest and hidden after the offline limit
// (docs/security.md), and this scheme only keeps the values out of sight and out of plain text.
//
// The address is not hashed: the account view shows it to the agent anyway.
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils';
import { z } from 'zod';

/** The identity values the console receives only as digests. */
export type HiddenCheck = 'dateOfBirth' | 'idLast4' | 'ssnLast4';
export const HIDDEN_CHECKS: readonly HiddenCheck[] = ['dateOfBirth', 'idLast4', 'ssnLast4'];

export const ID_LAST4 = /^\d{3}[\dX]$/;
export const SSN_LAST4 = /^\d{4}$/;

/** The values as the central store keeps them (null: not on file). */
export const IdentityFacts = z.object({
  accountId: z.string().min(1),
  dateOfBirth: z.iso.date().nullable(),
  /** China: the last four characters of the resident ID card number (the last may be X). */
  idLast4: z.string().regex(ID_LAST4, 'three digits and a digit or X').nullable(),
  /** US: the last four digits of the Social Security number. */
  ssnLast4: z.string().regex(SSN_LAST4, 'four digits').nullable(),
}).strict();
export type IdentityFacts = z.infer<typeof IdentityFacts>;

export const HiddenValue = z.object({
  /** HMAC-SHA256 (key: the salt) of `<check>:<normalised value>`, lowercase hex. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  /** What the agent may see: enough to know something is on file, nothing more. */
  hint: z.string().min(1).max(20),
}).strict();
export type HiddenValue = z.infer<typeof HiddenValue>;

/** What a console receives for one account. */
export const IdentityOnFile = z.object({
  salt: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  dateOfBirth: HiddenValue.nullable(),
  idLast4: HiddenValue.nullable(),
  ssnLast4: HiddenValue.nullable(),
}).strict();
export type IdentityOnFile = z.infer<typeof IdentityOnFile>;

const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null; // 31 April, 29 February of a common year
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A date of birth as YYYY-MM-DD, from what an agent types: 1985-04-12, 19850412, 1985年4月12日,
 * 1985.4.12, 04/12/1985 (month first in English, day first otherwise), April 12, 1985 or
 * 12 Apr 1985. Null when it is not a real calendar date.
 */
export function normalizeDate(text: string, locale: 'zh-CN' | 'en'): string | null {
  const s = text.normalize('NFKC').toLowerCase();
  const groups = s.match(/\d+/g) ?? [];
  const month = s.match(/[a-z]+/g)?.map((w) => EN_MONTHS.indexOf(w.slice(0, 3))).find((i) => i >= 0);
  if (month !== undefined && groups.length === 2) {
    const [a, b] = groups as [string, string];
    return a.length === 4 ? validDate(Number(a), month + 1, Number(b)) : b.length === 4 ? validDate(Number(b), month + 1, Number(a)) : null;
  }
  if (groups.length === 1 && groups[0]!.length === 8) {
    const g = groups[0]!;
    return validDate(Number(g.slice(0, 4)), Number(g.slice(4, 6)), Number(g.slice(6)));
  }
  if (groups.length !== 3) return null;
  const [a, b, c] = groups as [string, string, string];
  if (a.length === 4) return validDate(Number(a), Number(b), Number(c));
  if (c.length === 4) return locale === 'en' ? validDate(Number(c), Number(a), Number(b)) : validDate(Number(c), Number(b), Number(a));
  return null;
}

/**
 * The last four characters of what the agent typed (a whole number, or only its end), in capitals
 * (an ID number's final x is X). Null when they are not four digits (an ID number may end in X).
 */
export function normalizeLast4(text: string, check: 'idLast4' | 'ssnLast4'): string | null {
  const chars = text.normalize('NFKC').toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (chars.length < 4) return null;
  const last = chars.slice(-4);
  return (check === 'idLast4' ? ID_LAST4 : SSN_LAST4).test(last) ? last : null;
}

/** The normalised form a value of `check` is hashed in; null when the text is no such value. */
export function normalizeIdentity(check: HiddenCheck, text: string, locale: 'zh-CN' | 'en'): string | null {
  return check === 'dateOfBirth' ? normalizeDate(text, locale) : normalizeLast4(text, check);
}

export function identityDigest(salt: string, check: HiddenCheck, normalised: string): string {
  return bytesToHex(hmac(sha256, utf8ToBytes(salt), utf8ToBytes(`${check}:${normalised}`)));
}

/** The masked hint: the century of a birth date (it tells apart a parent), no digit of a last-4. */
export function identityHint(check: HiddenCheck, normalised: string): string {
  return check === 'dateOfBirth' ? `${normalised.slice(0, 2)}**-**-**` : '••••';
}

/** A fresh per-account key: 128 random bits, hex. */
export function newIdentitySalt(): string {
  return bytesToHex(randomBytes(16));
}

/** The console's form of an account's facts (`salt` given for reproducible tests). */
export function identityOnFile(facts: Omit<IdentityFacts, 'accountId'>, salt = newIdentitySalt()): IdentityOnFile {
  const hidden = (check: HiddenCheck, value: string | null): HiddenValue | null => {
    if (value === null) return null;
    const normalised = normalizeIdentity(check, value, 'en');
    if (normalised === null) throw new RangeError(`${check} on file is not valid: ${check === 'dateOfBirth' ? value : 'not four characters'}`);
    return { digest: identityDigest(salt, check, normalised), hint: identityHint(check, normalised) };
  };
  return { salt, dateOfBirth: hidden('dateOfBirth', facts.dateOfBirth), idLast4: hidden('idLast4', facts.idLast4), ssnLast4: hidden('ssnLast4', facts.ssnLast4) };
}
