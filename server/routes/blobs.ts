// Uploads of call recordings and visit photos, each named by the SHA-256 of its bytes
// (docs/sync.md "Uploads"):
//   HEAD  /api/blobs/:sha256  → Upload-Offset (bytes held), Upload-Length (once known), Blob-Stored
//   PATCH /api/blobs/:sha256  (or PUT) Upload-Offset + Upload-Length headers, raw bytes → BlobStatus
//
// A small protocol of our own rather than tus (@tus/server): tus names an upload by an id the
// server hands out, so a console that crashed before saving the id starts the file over, and
// two consoles holding one file make two uploads. Here the name is the content's hash: a retry,
// a resume after a restart, or a second copy of the same file all land on the same blob, and the
// server checks the bytes against the name before it calls them stored. The headers and status
// codes follow tus (Upload-Offset, Upload-Length, 409 at a wrong offset) so the flow is familiar.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import { BlobName, type BlobStatus } from '../../shared/sync/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { BlobRecord, ServerStore } from '../store/store';

export interface BlobDeps { auth: Auth; store: ServerStore; now: () => Date }

/** The largest chunk one request may carry; the console sends 1 MiB. */
export const BLOB_CHUNK_LIMIT = 8 * 1024 * 1024;
/** The largest file: an hour's call recording is a few tens of MB, a photo at most 16 MB. */
export const BLOB_MAX_LENGTH = 512 * 1024 * 1024;
const CHUNK_TYPES = ['application/offset+octet-stream', 'application/octet-stream'];

export function blobRoutes(app: FastifyInstance, { auth, store, now }: BlobDeps): void {
  // In their own scope, so the raw-bytes parser and its limit apply to these routes only.
  void app.register(async (scope) => {
    scope.addContentTypeParser(CHUNK_TYPES, { parseAs: 'buffer', bodyLimit: BLOB_CHUNK_LIMIT }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((err, _request, reply) => {
      if ((err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return reply.status(413).send({ error: { code: 'VALIDATION', message: `A chunk may be at most ${BLOB_CHUNK_LIMIT} bytes: send the file in smaller chunks` } });
      }
      throw err; // the app's error handler answers everything else
    });

    /** The signed-in user, and the blob they name, which an event of theirs must name too. */
    async function authorize(request: FastifyRequest) {
      const session = await auth.authenticate(request.headers.authorization);
      const sha256 = parseRequest(BlobName, (request.params as { sha256: string }).sha256, 'blob name');
      const kind = await store.blobReference(sha256, session.user.id);
      if (!kind) {
        throw new ApiError('FORBIDDEN', `No event you have pushed names blob ${sha256}: push the event that records the file before uploading it`);
      }
      return { user: session.user, sha256, kind };
    }

    scope.head('/api/blobs/:sha256', async (request, reply) => {
      const { sha256 } = await authorize(request);
      const blob = await store.getBlob(sha256);
      void reply.header('cache-control', 'no-store').header('upload-offset', String(blob?.received ?? 0)).header('blob-stored', String(Boolean(blob?.storedAt)));
      if (blob) void reply.header('upload-length', String(blob.length));
      return reply.status(200).send();
    });

    const append = async (request: FastifyRequest, reply: FastifyReply) => {
      const { user, sha256, kind } = await authorize(request);
      const offset = byteCount(request, 'Upload-Offset');
      const length = byteCount(request, 'Upload-Length');
      if (length > BLOB_MAX_LENGTH) {
        return reply.status(413).send({ error: { code: 'VALIDATION', message: `Upload-Length ${length} is over the ${BLOB_MAX_LENGTH}-byte limit for one file` } });
      }
      const data = request.body === undefined || request.body === null ? Buffer.alloc(0) : request.body;
      if (!Buffer.isBuffer(data)) {
        return reply.status(415).send({ error: { code: 'VALIDATION', message: 'Send the chunk as raw bytes (content-type application/offset+octet-stream)' } });
      }
      if (offset + data.length > length) {
        throw new ApiError('VALIDATION', `The chunk ends at byte ${offset + data.length}, past Upload-Length ${length}`,
          [{ path: 'headers.upload-length', message: 'Smaller than Upload-Offset plus the chunk' }]);
      }
      const result = await store.appendBlob({ sha256, kind, userId: user.id, offset, length, data, at: now().toISOString() });
      switch (result.outcome) {
        case 'hash_mismatch':
          return reply.status(422).header('upload-offset', '0').send({ error: {
            code: 'VALIDATION',
            message: `The ${length} bytes received hash to ${result.actual}, not ${sha256}: nothing was stored. Check the file and upload it again from offset 0`,
          } });
        case 'wrong_offset':
          return conflict(reply, result.blob, `Blob ${sha256} holds ${result.blob.received} bytes, so a chunk at offset ${offset} does not continue it: resume from Upload-Offset ${result.blob.received}`);
        case 'wrong_length':
          return conflict(reply, result.blob, `The upload of ${sha256} was started with Upload-Length ${result.blob.length}, not ${length}: send a chunk at offset 0 to start it again`);
        default:
          return reply.status(200).header('upload-offset', String(result.blob.received)).send(status(result.blob));
      }
    };
    scope.patch('/api/blobs/:sha256', { bodyLimit: BLOB_CHUNK_LIMIT }, append);
    scope.put('/api/blobs/:sha256', { bodyLimit: BLOB_CHUNK_LIMIT }, append);
  });
}

function status(blob: BlobRecord): BlobStatus {
  return { sha256: blob.sha256, kind: blob.kind, length: blob.length, received: blob.received, stored: blob.storedAt !== null };
}

/** 409 with where to resume: the client continues from Upload-Offset. */
function conflict(reply: FastifyReply, blob: BlobRecord, message: string) {
  return reply.status(409).header('upload-offset', String(blob.received)).header('upload-length', String(blob.length))
    .send({ error: { code: 'VALIDATION', message } });
}

function byteCount(request: FastifyRequest, name: 'Upload-Offset' | 'Upload-Length'): number {
  const raw = request.headers[name.toLowerCase()];
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) {
    throw new ApiError('VALIDATION', `Header ${name} must be a whole number of bytes`, [{ path: `headers.${name.toLowerCase()}`, message: 'A whole number of bytes' }]);
  }
  return Number(raw);
}
