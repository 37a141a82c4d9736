// JSON over HTTP to the central server, with every answer validated and every failure turned
// into a typed ApiError the console can explain.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { z } from 'zod';
import { ApiError, type ErrorCode } from '../../../shared/api/errors';
import { HttpError } from '../../../shared/sync/protocol';

export type Fetch = typeof fetch;

/**
 * Trusts a private certificate authority (PEM file) for https:// server URLs, besides the
 * system's: a central server whose certificate an organisation signs itself. It is set on the
 * process's fetch dispatcher (undici's global one, which Node's fetch uses), so sign-in, sync and
 * uploads all trust it. The npm undici (for its Agent) is loaded only here: a second copy beside
 * Node's own costs about 9 MB, which a console without a private CA need not carry.
 */
export async function trustCertificateAuthority(file: string): Promise<void> {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ApiError('VALIDATION', `Cannot read the certificate authority file ${file} (FAIRLINE_CA_FILE): ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ApiError('VALIDATION', `${file} (FAIRLINE_CA_FILE) is not a PEM certificate`);
  const { Agent, setGlobalDispatcher } = await import('undici');
  setGlobalDispatcher(new Agent({ connect: { ca: [...rootCertificates, pem] } }));
}

/**
 * FAIRLINE_CA_FILE's authority, trusted before the core is created: the process's entry points
 * (electron/main.ts, scripts/start.ts) await it, so no request leaves before it is in place.
 */
export async function trustConfiguredCertificateAuthority(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.FAIRLINE_CA_FILE) await trustCertificateAuthority(env.FAIRLINE_CA_FILE);
}

export interface RequestOptions<S extends z.ZodType> {
  method?: 'GET' | 'POST';
  token?: string;
  body?: unknown;
  schema: S;
  timeoutMs?: number;
}

export async function requestJson<S extends z.ZodType>(fetchImpl: Fetch, baseUrl: string, path: string, opts: RequestOptions<S>): Promise<z.output<S>> {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: opts.method ?? 'GET',
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
  } catch (err) {
    throw unreachable(baseUrl, err, 'connection failed');
  }
  // The body arrives after the status line: a connection that breaks (or a timeout that strikes)
  // in the middle of it is the network failing, not the server answering nonsense.
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw unreachable(baseUrl, err, 'the connection broke during the answer');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError('INTERNAL', `The central server at ${baseUrl} sent an unreadable answer (HTTP ${res.status})`);
  }
  if (!res.ok) {
    const parsed = HttpError.safeParse(json);
    const code = codeFor(res.status);
    throw new ApiError(code, parsed.success ? parsed.data.error.message : `HTTP ${res.status}`, parsed.success ? parsed.data.error.issues : undefined);
  }
  const parsed = opts.schema.safeParse(json);
  if (!parsed.success) throw new ApiError('INTERNAL', `The central server sent an answer this console does not understand (${path})`);
  return parsed.data;
}

function unreachable(baseUrl: string, err: unknown, otherwise: string): ApiError {
  const why = err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : otherwise;
  return new ApiError('SERVER_UNREACHABLE', `Cannot reach the central server at ${baseUrl} (${why})`);
}

export function codeFor(status: number): ErrorCode {
  if (status === 400) return 'VALIDATION';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  // Sign-in throttled (the message says how long to wait): still not signed in.
  if (status === 429) return 'UNAUTHORIZED';
  if (status === 502 || status === 503 || status === 504) return 'SERVER_UNREACHABLE';
  return 'INTERNAL';
}
