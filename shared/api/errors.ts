import { z } from 'zod';

/** Every failure that crosses a process boundary is one of these, never a bare exception. */
export const ErrorCode = z.enum([
  'VALIDATION', // the request did not match its schema
  'UNAUTHORIZED', // not signed in, wrong credentials, or an expired session
  'FORBIDDEN',
  'TOO_LARGE', // a request or file over a size limit; the message names the limit
  'NOT_FOUND',
  'SERVER_UNREACHABLE', // the central server could not be reached
  'STORE_UNAVAILABLE', // the local database could not be opened
  'LOCKED', // the console is locked (idle, or offline too long): debtor data waits for the unlock or the next sync
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** For VALIDATION: one entry per offending field, path joined with dots. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.issues);
  }
}

export function validationError(error: z.ZodError, what: string): ApiError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  const first = issues[0];
  return new ApiError('VALIDATION', `Invalid ${what}: ${first ? `${first.path}: ${first.message}` : 'malformed'}`, issues);
}

/** The envelope every transport (IPC, browser-shell socket) carries back. */
export const Result = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorShape }),
]);
export type Result = z.infer<typeof Result>;
