// Every error leaves the server as HttpError `{ error: { code, message, issues? } }` with a
// status matching the code, whether it came from a handler, Fastify itself or a bug.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ApiError, type ErrorCode, validationError } from '../../shared/api/errors';
import type { HttpError } from '../../shared/sync/protocol';
import { StoreError } from '../store/store';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  TOO_LARGE: 413,
  NOT_FOUND: 404,
  SERVER_UNREACHABLE: 502,
  STORE_UNAVAILABLE: 503,
  LOCKED: 423, // a console's own state; the server never sends it
  INTERNAL: 500,
};

/** Parses a request part with its shared schema; a mismatch becomes a VALIDATION error naming the field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, what);
  return result.data;
}

function toHttp(err: FastifyError | Error): { status: number; body: HttpError } {
  if (err instanceof ApiError) return { status: STATUS[err.code], body: { error: err.toJSON() } };
  if (err instanceof StoreError) {
    if (err.reason === 'not_found') return { status: 404, body: { error: { code: 'NOT_FOUND', message: err.message } } };
    if (err.reason === 'forbidden') return { status: 403, body: { error: { code: 'FORBIDDEN', message: err.message } } };
    return { status: 409, body: { error: { code: 'VALIDATION', message: err.message } } };
  }
  // Fastify's own 4xx (unparseable JSON, body too large, unsupported content type): the
  // client sent something unusable, so it is a VALIDATION error with Fastify's status.
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code: ErrorCode = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'VALIDATION';
    return { status, body: { error: { code, message: err.message } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    const { status, body } = toHttp(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: HttpError = { error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` } };
    return reply.status(404).send(body);
  });
}
