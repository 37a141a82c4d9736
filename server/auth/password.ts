// Password hashing with scrypt (memory-hard KDF from node:crypto). The stored string carries
// its own parameters and salt — `scrypt$N$r$p$salt$hash` (base64url) — so the cost can be
// raised without breaking existing hashes: a hash made with weaker parameters still verifies,
// and sign-in replaces it with a current one (needsRehash).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * OWASP Password Storage Cheat Sheet (2025): scrypt with N=2^17, r=8, p=1 (128 MiB). About
 * 0.4 s per hash on the project's 2-core machines; the sign-in guard (throttle.ts,
 * hash-slots.ts) keeps guessing from turning that into a denial of service.
 */
export const SCRYPT_PARAMS = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Parameters beyond these are refused rather than run: a tampered hash must not eat the server's memory. */
const MAX_N = 2 ** 20;

function derive(password: string, salt: Buffer, n: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128·N·r or node refuses the parameters.
    scrypt(password.normalize('NFC'), salt, keyLength, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key));
  });
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params.N, params.r, params.p, KEY_LENGTH);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** False for a wrong password and for a hash it cannot read; never throws on bad input. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length === 0 || Number(n) > MAX_N || Number(r) > 32 || Number(p) > 16) return false;
  try {
    const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p), expected.length);
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with weaker parameters than today's (then sign-in replaces it). */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < SCRYPT_PARAMS.N || Number(r) < SCRYPT_PARAMS.r || Number(p) < SCRYPT_PARAMS.p;
}
