// One corpus of hostile text, shared by every test that throws input at the server. `refused`
// values can never be valid in any field and must get a 4xx at the edge on both stores; the
// rest may be accepted or refused by a field's own rules, but never with a 5xx.
export interface HostileValue { name: string; value: string; refused: boolean }

export const HOSTILE_CORPUS: readonly HostileValue[] = [
  { name: 'NUL alone', value: '\u0000', refused: true },
  { name: 'NUL inside', value: 'CN-1\u0000x', refused: true },
  { name: 'lone high surrogate', value: 'a\uD800', refused: true },
  { name: 'lone low surrogate', value: '\uDC00b', refused: true },
  { name: 'surrogates reversed', value: '\uDC00\uD800', refused: true },
  { name: 'over-long (20k)', value: 'a'.repeat(20_000), refused: true },
  // Over PostgreSQL's btree entry limit (~2700 bytes) when it reaches an indexed column.
  { name: 'long (3000 two-byte chars)', value: 'é'.repeat(3000), refused: false },
  { name: 'SQL injection', value: "x' OR '1'='1'; DROP TABLE users; --", refused: false },
  { name: 'LIKE wildcards', value: '%_%\\', refused: false },
  { name: 'path traversal', value: '../../../etc/passwd', refused: false },
  { name: 'percent-encoded NUL as text', value: '%00', refused: false },
  { name: 'control characters', value: '\u0001\u001b[31m\r\n\t', refused: false },
  { name: 'bidi override and emoji', value: '\u202Egnp.exe😀👨‍👩‍👧', refused: false },
  { name: 'BOM and zero-width', value: '\uFEFF\u200B\u2060', refused: false },
  { name: 'empty', value: '', refused: false },
  { name: 'digits beyond 2^53', value: '9'.repeat(400), refused: false },
  { name: 'prototype key', value: '__proto__', refused: false },
  { name: 'JSON in a string', value: '{"$ne":null}', refused: false },
];

/**
 * Text as it can travel in a URL. Lone surrogates cannot be UTF-8 encoded, so a URL carries the
 * bytes an attacker would send instead (CESU-8 style), which the server must still answer sanely.
 */
export function urlEncode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(value[i]!);
    }
  }
  return out;
}
