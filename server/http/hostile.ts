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

// Every hostile string has one of these or is too long; most strings have none, and one test
// for them is all such a string costs (a push body is hundreds of strings).
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

function problemOf(text: string): string | undefined {
  if (text.length <= MAX_REQUEST_STRING && !SUSPECT.test(text)) return undefined;
  if (text.includes('\u0000')) return 'contains the character U+0000 (NUL)';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  if (text.length > MAX_REQUEST_STRING) return `is longer than ${MAX_REQUEST_STRING} characters`;
  return undefined;
}

/** A finding's path as keys, innermost first (joined only when something is found). */
interface Found { keys: string[]; message: string }

function walk(value: unknown, depth: number): Found | undefined {
  if (typeof value === 'string') {
    const message = problemOf(value);
    return message ? { keys: [], message } : undefined;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  if (depth > MAX_DEPTH) return { keys: [], message: `is nested deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], depth + 1);
      if (found) {
        found.keys.push(String(i));
        return found;
      }
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const keyProblem = problemOf(key);
    if (keyProblem) return { keys: [key], message: `has a field name that ${keyProblem}` };
    const found = walk((value as Record<string, unknown>)[key], depth + 1);
    if (found) {
      found.keys.push(key);
      return found;
    }
  }
  return undefined;
}

/** The first string (or object key) in `value` that no request may carry, with its path. */
export function findHostileText(value: unknown, path = '', depth = 0): HostileFinding | undefined {
  const found = walk(value, depth);
  if (!found) return undefined;
  const here = [...(path ? [path] : []), ...found.keys.reverse()].join('.');
  return { path: here || '(value)', message: found.message };
}

/** Throws a VALIDATION error naming the first hostile string in a part of the request. */
export function refuseHostileText(value: unknown, what: string): void {
  const found = findHostileText(value);
  if (!found) return;
  throw new ApiError('VALIDATION', `Invalid ${what}: ${found.path} ${found.message}`, [{ path: found.path, message: found.message }]);
}
