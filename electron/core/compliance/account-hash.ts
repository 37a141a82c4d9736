// A 64-bit fingerprint of what an account's gate facts are built from: the same values, in the
// same order, as its signature (account-signature.ts walk), so the queue can keep 8 bytes per
// account instead of the values themselves and still tell any change. Two 32-bit lanes with
// different multipliers and a final cross-mix (cyrb53's scheme, kept at 64 bits); each value is
// tagged with its type and strings with their length, so no two different walks feed the same
// stream. Built for speed in the sweep: no allocation, one pass over the characters.
import type { AccountDetail } from '../../../shared/api/contract';
import { walk } from './account-signature';

let h1 = 0;
let h2 = 0;

function mix(code: number): void {
  h1 = Math.imul(h1 ^ code, 2654435761);
  h2 = Math.imul(h2 ^ code, 1597334677);
}

function visit(v: string | number | boolean | null | undefined): boolean {
  if (typeof v === 'string') {
    mix(1);
    const n = v.length;
    mix(n);
    // Two UTF-16 units per step (each below 2^16, so the pair is exact; the length settles an odd tail).
    let i = 0;
    for (; i + 1 < n; i += 2) mix(v.charCodeAt(i) | (v.charCodeAt(i + 1) << 16));
    if (i < n) mix(v.charCodeAt(i));
  } else if (typeof v === 'number') {
    if ((v | 0) === v) {
      mix(2);
      mix(v);
    } else visit(String(v));
  } else mix(v === true ? 3 : v === false ? 4 : v === null ? 5 : 6);
  return true;
}

/**
 * The fingerprint of the account's detail, salted (the queue salts it with the policy pack it was
 * decided under), written to `out` as two 32-bit words.
 */
export function fingerprint(detail: AccountDetail, salt: number, out: Int32Array): void {
  h1 = 0xdeadbeef ^ salt;
  h2 = 0x41c6ce57 ^ salt;
  walk(detail, visit);
  const a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = a;
  out[1] = b;
}
