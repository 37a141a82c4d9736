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

// The helmet that @fastify/helmet wraps (its own dependency, resolved from it).
const helmet = (createRequire(import.meta.resolve('@fastify/helmet'))('helmet') as { default: Helmet }).default;

const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
  // One year, as OWASP suggests; browsers ignore it over plain HTTP.
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
};

/**
 * The headers helmet's middleware sets with these options, read once: none of them depends on
 * the request. Set on every reply with Fastify's own headers, they go out in the one writeHead;
 * set on the raw response one by one (as @fastify/helmet does, rebuilding the middleware from
 * its options each time) they cost twice as much, a request's largest fixed cost after parsing.
 */
function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => { headers[name.toLowerCase()] = String(value); },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()]; },
  };
  helmet(HELMET_OPTIONS)({ method: 'GET', url: '/', headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (err) => {
    if (err) throw err;
  });
  if (!headers['content-security-policy'] || !headers['strict-transport-security']) throw new Error('helmet set none of the expected security headers');
  return headers;
}

export function securityHeaders(app: FastifyInstance): void {
  // A route that sets its own Cache-Control (blob and letter downloads) replaces the no-store.
  const headers = { ...helmetHeaders(), 'cache-control': 'no-store' };
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
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
