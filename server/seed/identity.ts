// The demo debtors' identity checks on file: a date of birth for most, the last four characters
// of the ID card number (China, about one in ten ending in X) or of the SSN (US). A few lack one
// of them, as real portfolios do, so "not on file" shows too. Drawn after the portfolio so the
// portfolio itself stays as it was; call in the same synchronous run as buildDemoPortfolio.
import type { IdentityFacts } from '../../shared/domain/identity';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { fakerUS, rng } from './random';

function dateOfBirth(now: Date): string {
  const year = now.getUTCFullYear() - rng.int(22, 66);
  const month = rng.int(1, 12);
  const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Each account's facts and its salt. The salts come from the seeded generator so the same `now`
 * gives the same store (real writes get random salts: identity-store.ts).
 */
export function demoIdentities(bundles: readonly AccountBundle[], now: Date): { facts: IdentityFacts[]; salts: Map<string, string> } {
  const salts = new Map<string, string>();
  const facts = bundles.map((b) => {
    salts.set(b.account.id, fakerUS.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' }));
    const cn = b.account.region === 'CN';
    const dob = rng.chance(cn ? 0.92 : 0.9) ? dateOfBirth(now) : null;
    const last4 = rng.chance(cn ? 0.88 : 0.85) ? (cn ? `${rng.digits(3)}${rng.chance(0.1) ? 'X' : rng.digits(1)}` : String(rng.int(1, 9999)).padStart(4, '0')) : null;
    return { accountId: b.account.id, dateOfBirth: dob, idLast4: cn ? last4 : null, ssnLast4: cn ? null : last4 };
  });
  return { facts, salts };
}
