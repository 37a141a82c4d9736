// One corpus of hostile text, shared by every test that throws input at the server. `refused`
// values can never be valid in any field and must get a 4xx at the edge on both stores; the
// rest may be accepted or refused by a field's own rules, but never with a 5xx.
export interface HostileValue { name: string; value: string; refused: boolean }

/** Letters and digits that do not compress (a fixed xorshift sequence, the same every run). */
function incompressible(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let x = 0x2545f491;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

export const HOSTILE_CORPUS: readonly HostileValue[] = [
  { name: 'NUL alone', value: '\u0000', refused: true },
  { name: 'NUL inside', value: 'CN-1\u0000x', refused: true },
  { name: 'lone high surrogate', value: 'a\uD800', refused: true },
  { name: 'lone low surrogate', value: '\uDC00b', refused: true },
  { name: 'surrogates reversed', value: '\uDC00\uD800', refused: true },
  { name: 'over-long (20k)', value: 'a'.repeat(20_000), refused: true },
  // Over PostgreSQL's btree entry limit (~2700 bytes) when it reaches an indexed column.
  { name: 'long (3000 two-byte chars)', value: 'é'.repeat(3000), refused: false },
  // The same limit for text PostgreSQL cannot compress below it, and the longest text allowed anywhere.
  { name: 'long incompressible (3000)', value: incompressible(3000), refused: false },
  { name: 'incompressible at the ceiling (16384)', value: incompressible(16_384), refused: false },
  { name: 'over the ceiling by one (16385)', value: incompressible(16_385), refused: true },
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
  { name: 'constructor key', value: 'constructor', refused: false },
  { name: 'negative and exponent as text', value: '-1e308', refused: false },
  { name: 'NaN as text', value: 'NaN', refused: false },
  { name: 'non-characters and astral', value: '\uFFFE\uFFFF\u{10FFFF}\u{1D11E}', refused: false },
  { name: 'Unicode that changes under NFC/case folding', value: 'ÅÅİıẞ', refused: false },
];

/**
 * Values of the wrong type or absurd size, put where a request carries any JSON value (every
 * leaf of a body). `json` is the value's JSON text, so numbers JavaScript cannot hold (2^63,
 * 1e400) travel as an attacker would write them.
 */
export interface HostileJson { name: string; json: string }

export const HOSTILE_JSON_VALUES: readonly HostileJson[] = [
  { name: 'number 1e308', json: '1e308' },
  { name: 'number -1e308', json: '-1e308' },
  { name: 'number 1e400 (Infinity when read)', json: '1e400' },
  { name: 'number 2^53+1', json: '9007199254740993' },
  { name: 'number 2^63', json: '9223372036854775808' },
  { name: 'number -1', json: '-1' },
  { name: 'number -0', json: '-0' },
  { name: 'number 0.5', json: '0.5' },
  { name: 'number 4.9e-324', json: '4.9e-324' },
  { name: 'true', json: 'true' },
  { name: 'null', json: 'null' },
  { name: 'empty array', json: '[]' },
  { name: 'array of a string', json: '["x"]' },
  { name: 'empty object', json: '{}' },
  { name: 'prototype-polluting object', json: '{"__proto__":{"polluted":true}}' },
  { name: 'constructor-polluting object', json: '{"constructor":{"prototype":{"polluted":true}}}' },
  { name: 'nested 40 deep', json: `${'['.repeat(40)}${']'.repeat(40)}` },
];

/** Keys an attacker adds to any object of a body, each with the value `{"polluted":true}`. */
export const HOSTILE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$where'];

/** Whole bodies no route takes: broken JSON, other types at the top, other content types, too big, too deep. */
export interface HostileBody { name: string; contentType: string; body: string; bytes?: 'latin1' }

export const HOSTILE_BODIES: readonly HostileBody[] = [
  { name: 'broken JSON', contentType: 'application/json', body: '{"a":' },
  { name: 'empty JSON body', contentType: 'application/json', body: '' },
  { name: 'JSON null', contentType: 'application/json', body: 'null' },
  { name: 'JSON number', contentType: 'application/json', body: '1e400' },
  { name: 'JSON string', contentType: 'application/json', body: '"x"' },
  { name: 'JSON array', contentType: 'application/json', body: '[{"a":1}]' },
  { name: 'top-level __proto__', contentType: 'application/json', body: '{"__proto__":{"isAdmin":true,"role":"admin"}}' },
  { name: 'top-level constructor.prototype', contentType: 'application/json', body: '{"constructor":{"prototype":{"isAdmin":true}}}' },
  { name: 'duplicate keys', contentType: 'application/json', body: '{"a":1,"a":"\\u0000"}' },
  { name: 'NUL as an escape', contentType: 'application/json', body: '{"x":"\\u0000"}' },
  { name: 'lone surrogate as an escape', contentType: 'application/json', body: '{"x":"\\ud800"}' },
  // Sent as these bytes (latin1), which are not UTF-8.
  { name: 'invalid UTF-8 bytes', contentType: 'application/json; charset=utf-8', body: '{"x":"\xff\xfe\xc0\x80"}', bytes: 'latin1' },
  { name: 'nested 20,000 deep', contentType: 'application/json', body: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
  { name: 'objects nested 10,000 deep', contentType: 'application/json', body: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` },
  { name: 'over the body limit', contentType: 'application/json', body: `{"x":"${'a'.repeat(70 * 1024)}"}` },
  { name: 'form encoded', contentType: 'application/x-www-form-urlencoded', body: 'username=admin&password=x' },
  { name: 'plain text', contentType: 'text/plain', body: 'hello' },
  { name: 'multipart', contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n' },
  { name: 'JSON with a bogus charset', contentType: 'application/json; charset=utf-7', body: '{}' },
];

/** Raw query strings (already encoded as they travel): broken escapes, odd shapes, too many. */
export const HOSTILE_QUERIES: readonly { name: string; query: string }[] = [
  { name: 'bare percent', query: '%' },
  { name: 'broken escape', query: 'x=%ZZ' },
  { name: 'truncated UTF-8', query: 'x=%E0%A4' },
  { name: 'overlong NUL', query: 'x=%C0%80' },
  { name: 'raw NUL escape', query: '%00=%00' },
  { name: 'empty pairs', query: '&&=&=x&' },
  { name: 'bracket keys', query: 'a[b]=c&a[__proto__][x]=1' },
  { name: 'proto key', query: '__proto__=x&constructor=y' },
  { name: '2,000 parameters', query: Array.from({ length: 2000 }, (_, i) => `p${i}=${i}`).join('&') },
];

/** Authorization headers as they can be sent (headers are bytes: text travels as UTF-8). */
export const HOSTILE_AUTHORIZATION: readonly { name: string; value: string }[] = [
  { name: 'empty', value: '' },
  { name: 'Bearer alone', value: 'Bearer' },
  { name: 'Bearer and a space', value: 'Bearer ' },
  { name: 'Basic', value: 'Basic YWRtaW46ZGVtbzEyMzQ=' },
  { name: 'SQL in the token', value: "Bearer x' OR '1'='1" },
  { name: 'long token (8000)', value: `Bearer ${incompressible(8000)}` },
  { name: 'UTF-8 bytes', value: `Bearer ${Buffer.from('é😀', 'utf8').toString('latin1')}` },
  { name: 'two tokens', value: 'Bearer a, Bearer b' },
  { name: 'JSON', value: 'Bearer {"$ne":null}' },
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
