// Text no Fairline field ever holds, refused at the edge for every route, before any schema or
// store sees it: U+0000 (PostgreSQL cannot store it in text and fails the whole statement, while
// SQLite stores it silently, so the two stores answered differently), UTF-16 lone surrogates
// (not valid Unicode: they cannot be encoded as UTF-8 for either database or for other clients),
// and strings over a ceiling far above any field's own limit (the longest, a note, is 4000).
// Each shared schema still sets its own, tighter maximum; this is the floor every route gets
// even where one was forgotten.
import { ApiError } from '../../shared/api/errors';

/** No string in a request may be longer than this (characters). */
export const MAX_REQUEST_STRING = 16_384;
/** Nesting deeper than any request shape: a deeper body is refused instead of walked. */
const MAX_DEPTH = 32;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface HostileFinding { path: string; message: string }

function problemOf(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains the character U+0000 (NUL)';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  if (text.length > MAX_REQUEST_STRING) return `is longer than ${MAX_REQUEST_STRING} characters`;
  return undefined;
}

/** The first string (or object key) in `value` that no request may carry, with its path. */
export function findHostileText(value: unknown, path = '', depth = 0): HostileFinding | undefined {
  if (typeof value === 'string') {
    const message = problemOf(value);
    return message ? { path: path || '(value)', message } : undefined;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  if (depth > MAX_DEPTH) return { path: path || '(value)', message: `is nested deeper than ${MAX_DEPTH} levels` };
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const here = path ? `${path}.${key}` : key;
    const keyProblem = Array.isArray(value) ? undefined : problemOf(key);
    if (keyProblem) return { path: here, message: `has a field name that ${keyProblem}` };
    const found = findHostileText(child, here, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Throws a VALIDATION error naming the first hostile string in a part of the request. */
export function refuseHostileText(value: unknown, what: string): void {
  const found = findHostileText(value);
  if (!found) return;
  throw new ApiError('VALIDATION', `Invalid ${what}: ${found.path} ${found.message}`, [{ path: found.path, message: found.message }]);
}
