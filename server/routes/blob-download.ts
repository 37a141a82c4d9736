// Downloads of stored blobs (docs/server.md "Call review"): `GET /api/blobs/:sha256`, with one
// HTTP Range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) so a player can seek. Allowed to admins, the
// uploader, users whose pushed event names the blob, and leads of a team whose agent or account
// such an event belongs to (review-store.ts blobAccess). Only verified blobs are served.
//
// The bytes never change (they are named by their hash), so the ETag is the hash and the answer
// may be cached privately for good.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import { BlobName } from '../../shared/sync/protocol';
import { logRead } from '../audit/reads';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { ServerStore } from '../store/store';

const TYPES = { recording: 'audio/webm', photo: 'application/octet-stream' } as const;

/** The one range a Range header asks for within `length` bytes; 'all' to send everything, 'unsatisfiable' for 416. */
export function parseRange(header: string | undefined, length: number): { start: number; end: number } | 'all' | 'unsatisfiable' {
  if (!header) return 'all';
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, or another unit: RFC 9110 lets a server ignore the header and send it all.
  if (!m || (m[1] === '' && m[2] === '')) return 'all';
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || length === 0) return 'unsatisfiable';
    return { start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? length - 1 : Math.min(Number(m[2]), length - 1);
  if (start >= length || end < start) return 'unsatisfiable';
  return { start, end };
}

export function blobDownloadRoutes(app: FastifyInstance, { auth, store }: { auth: Auth; store: ServerStore }): void {
  // HEAD on this path is the upload protocol's (routes/blobs.ts): no HEAD made from this GET.
  app.get('/api/blobs/:sha256', { exposeHeadRoute: false }, async (request, reply) => {
    const session = await auth.authenticate(request.headers.authorization);
    const sha256 = parseRequest(BlobName, (request.params as { sha256: string }).sha256, 'blob name');
    const access = await store.blobAccess(sha256, session.user);
    if (access === 'unknown') throw new ApiError('NOT_FOUND', `No event names blob ${sha256}`);
    if (access === 'forbidden') throw new ApiError('FORBIDDEN', `Blob ${sha256} belongs to calls and visits outside your teams`);
    const blob = await store.getBlob(sha256);
    if (!blob?.storedAt) {
      throw new ApiError('NOT_FOUND', `Blob ${sha256} is not on the server yet (${blob?.received ?? 0} of ${blob ? blob.length : 'its'} bytes received): the agent's console uploads it at its next sync`);
    }
    logRead(store, request, session, { what: blob.kind, objectId: sha256, reason: `${blob.kind} download` });
    const etag = `"${sha256}"`;
    void reply.header('accept-ranges', 'bytes').header('etag', etag).header('cache-control', 'private, max-age=31536000, immutable');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    const range = parseRange(request.headers.range, blob.length);
    if (range === 'unsatisfiable') {
      return reply.status(416).header('content-range', `bytes */${blob.length}`)
        .send({ error: { code: 'VALIDATION', message: `Range ${request.headers.range} is outside the blob's ${blob.length} bytes` } });
    }
    void reply.header('content-type', TYPES[blob.kind]);
    if (blob.length === 0) return reply.status(200).header('content-length', '0').send(Buffer.alloc(0));
    const part = range === 'all' ? { start: 0, end: blob.length - 1 } : range;
    const stream = await store.readBlob(sha256, part);
    if (!stream) throw new ApiError('NOT_FOUND', `Blob ${sha256} is not on the server`);
    if (range !== 'all') void reply.status(206).header('content-range', `bytes ${part.start}-${part.end}/${blob.length}`);
    return reply.header('content-length', String(part.end - part.start + 1)).send(stream);
  });
}
