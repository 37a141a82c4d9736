// What every answer carries and what the log never does (OWASP ASVS V14.4, V7.1):
// - helmet's headers on every response (HSTS, nosniff, frame-ancestors 'none',
//   no referrer, a CSP that allows nothing: the server serves no pages, only JSON and blobs).
// - `Cache-Control: no-store` on every API answer, so no proxy or browser cache keeps debtors'
//   data; blob downloads set their own (private, immutable: content named by its hash).
// - Request lines are logged without their query string, and headers not at all: no token or
//   personal data from a URL reaches the log.
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

type HelmetMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: Error) => void) => void;
type Helmet = (options: Record<string, unknown>) => HelmetMiddleware;

// The helmet that @fastify/helmet wraps (its own dependency, resolved from it). The plugin
// rebuilt helmet's middleware from its options on every request (directives parsed and
// checked again each time, about 50 µs a request under load); built once here, the headers
// and their values are the same.
const helmet = (createRequire(import.meta.resolve('@fastify/helmet'))('helmet') as { default: Helmet }).default;

const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
  // One year, as OWASP suggests; browsers ignore it over plain HTTP.
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
};

export function securityHeaders(app: FastifyInstance): void {
  const applyHelmet = helmet(HELMET_OPTIONS);
  app.addHook('onRequest', (request, reply, done) => applyHelmet(request.raw, reply.raw, done));
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}

interface LoggedRequest { method: string; url: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }

/** Pino options with a request serializer that drops the query string (and never logs headers). */
export function withSafeRequestLog(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger || typeof logger !== 'object') return logger;
  return {
    ...logger,
    serializers: {
      ...(logger as { serializers?: Record<string, unknown> }).serializers,
      req: (req: LoggedRequest) => ({ method: req.method, url: req.url.split('?')[0], host: req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
    },
  } as FastifyServerOptions['logger'];
}
