// The optional identity columns of the portfolio CSV (docs/server.md "Portfolio CSV"): the date
// of birth and the last four characters of the ID card number (CN) or of the SSN (US), in the
// forms shared/domain/identity.ts normalises, so a value imported here is hashed and compared
// exactly as the agent's typed answer is. A whole ID number or SSN is accepted because that is
// what lenders' exports hold; only its last four characters are kept, the rest is dropped here
// and never reaches the store. Errors name the column but never echo the value: the report of a
// bad file ends up in terminals and tickets.
import { type IdentityFacts, ID_LAST4, normalizeDate, normalizeLast4, SSN_LAST4 } from '../../shared/domain/identity';
import type { Region } from '../../shared/domain/portfolio';

export const IDENTITY_COLUMNS = ['date_of_birth', 'id_last4', 'ssn_last4'] as const;
export type IdentityColumn = (typeof IDENTITY_COLUMNS)[number];
export const IDENTITY_KEY = { date_of_birth: 'dateOfBirth', id_last4: 'idLast4', ssn_last4: 'ssnLast4' } as const satisfies Record<IdentityColumn, keyof IdentityFacts>;

/** An account's identity values as kept (null: not on file), or one message per bad column. */
export type IdentityCells = { ok: true; facts: Omit<IdentityFacts, 'accountId'> } | { ok: false; errors: string[] };

/** Resident ID card numbers: 18 characters (the last may be X), or the old 15-digit form. */
const FULL_ID = /^(\d{17}[\dX]|\d{15})$/;
const FULL_SSN = /^\d{9}$/;

function dateOfBirth(value: string, region: Region, today: string): string {
  // Month first in a US file (04/12/1985), day first in a CN one, as agents type them.
  const date = normalizeDate(value, region === 'US' ? 'en' : 'zh-CN');
  if (date === null) throw new Error('not a real calendar date from 1900 on (write it as YYYY-MM-DD)');
  if (date > today) throw new Error('is after today');
  return date;
}

function last4(value: string, column: 'id_last4' | 'ssn_last4'): string {
  // Spaces and dashes are how numbers are written; anything else is a wrong value, not noise.
  const chars = value.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  if (column === 'id_last4') {
    if (chars.length !== 4 && chars.length !== 18 && chars.length !== 15) {
      throw new Error(`has ${chars.length} characters: give the last 4 of the ID card number, or the whole number (18 characters, or 15 for an old card)`);
    }
    if (!(chars.length === 4 ? ID_LAST4 : FULL_ID).test(chars)) throw new Error('must be digits, the last one may be X');
  } else {
    if (chars.length !== 4 && chars.length !== 9) throw new Error(`has ${chars.length} characters: give the last 4 digits of the SSN, or the whole 9-digit SSN`);
    if (!(chars.length === 4 ? SSN_LAST4 : FULL_SSN).test(chars)) throw new Error('must be digits only');
  }
  return normalizeLast4(chars, IDENTITY_KEY[column])!;
}

/**
 * Reads one row's identity cells (absent or empty: not on file). `today`: YYYY-MM-DD, no birth
 * date after it. An ID number belongs to a CN account and an SSN to a US one.
 */
export function identityCells(cells: Readonly<Record<IdentityColumn, string>>, region: Region, today: string): IdentityCells {
  const errors: string[] = [];
  const read = <T>(column: IdentityColumn, parse: (v: string) => T): T | null => {
    const value = cells[column].trim();
    if (value === '') return null;
    try {
      return parse(value);
    } catch (err) {
      errors.push(`${column}: ${(err as Error).message}`);
      return null;
    }
  };
  const facts = {
    dateOfBirth: read('date_of_birth', (v) => dateOfBirth(v, region, today)),
    idLast4: read('id_last4', (v) => {
      if (region !== 'CN') throw new Error('is for CN accounts (ID card number); a US account uses ssn_last4');
      return last4(v, 'id_last4');
    }),
    ssnLast4: read('ssn_last4', (v) => {
      if (region !== 'US') throw new Error('is for US accounts (SSN); a CN account uses id_last4');
      return last4(v, 'ssn_last4');
    }),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, facts };
}

export const hasIdentity = (f: Omit<IdentityFacts, 'accountId'>): boolean => f.dateOfBirth !== null || f.idLast4 !== null || f.ssnLast4 !== null;
