// Uploads of the files events name (call recordings; visit photos to come) to the central
// server, by the SHA-256 of their bytes, resumable (docs/sync.md "Uploads"). One step of every
// sync run, after the push: the server takes a file only from a user whose pushed event names
// it, so a file waits until the event naming it has left the outbox.
//
// The `uploads` table (local migration 0003) lists what is waiting; a row is queued in the
// transaction of the event naming the file. For each waiting file of the signed-in agent: check
// that it is still there and still hashes to its name, ask the server how much it holds (HEAD),
// and send the rest in 1 MiB chunks from there. A chunk the server did not take (a dropped
// connection, a restart of either side) is sent again from the offset the server reports, so
// nothing is kept locally about a half-sent file. Only the server's answer that the file is
// stored (verified against its name) marks it uploaded here.
//
// A failed upload never fails the sync: it is recorded on its row and tried again next run. A
// file missing or changed on disk can never be uploaded: it is marked failed, reported through
// the sync status, and not tried again.
//
// Files are sealed at rest with the device key (files/sealed-file.ts). They are opened here, record
// by record, right before the bytes go on the wire: the server verifies the SHA-256 of the plain
// file and serves it to reviewers, so it must receive the plain bytes (it is the record of the
// call, with its own access rules), and byte ranges are counted in plain bytes so a resume works
// whatever the records' sizes. Nothing decrypted is ever written to disk.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { ApiError } from '../../../shared/api/errors';
import { type BlobKind, BlobStatus, HttpError } from '../../../shared/sync/protocol';
import type { FileSealer, SealedReader } from '../files/sealed-file';
import type { Fetch } from './http';

/** Bytes per request: small enough that a dropped connection loses little, large enough to be quick. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** How long one sync run spends uploading before it goes on to the pulls; the rest goes next run. */
export const UPLOAD_BUDGET_MS = 60_000;
const REQUEST_TIMEOUT_MS = 60_000;

export interface UploadDeps {
  fetch: Fetch;
  serverUrl: () => string;
  now: () => Date;
  /** The signed-in agent: only their files go up, with their session. */
  token: string;
  userId: string;
  /** Opens the sealed files (the device key). */
  sealer: () => FileSealer;
  chunkBytes?: number;
  budgetMs?: number;
}

interface Waiting { sha256: string; kind: BlobKind; file: string; bytes: number | null }

/**
 * Queues a file an event names, in that event's transaction. A file already queued stays as it
 * is, unless it had failed (missing or changed): the same bytes, found again, are tried again.
 */
export function queueUpload(db: Database.Database, upload: { sha256: string; kind: BlobKind; file: string; bytes: number | null; eventId: string }): void {
  db.prepare(`INSERT INTO uploads (sha256, kind, file, bytes, event_id) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (sha256) DO UPDATE SET file = excluded.file, bytes = excluded.bytes, event_id = excluded.event_id, error = NULL, failed_at = NULL
    WHERE uploads.failed_at IS NOT NULL`)
    .run(upload.sha256, upload.kind, upload.file, upload.bytes, upload.eventId);
}

/** Files of a kind still to go up (not uploaded, not given up on), whoever recorded them. */
export function pendingUploads(db: Database.Database, kind: BlobKind): number {
  const row = db.prepare('SELECT count(*) AS n FROM uploads WHERE kind = ? AND uploaded_at IS NULL AND failed_at IS NULL').get(kind) as { n: number };
  return row.n;
}

/** Files of the agent still to go up (not uploaded, not given up on): what a revoked console must hand in. */
export function waitingUploads(db: Database.Database, userId: string): number {
  const row = db.prepare(`SELECT count(*) AS n FROM uploads u JOIN events e ON e.id = u.event_id
    WHERE u.uploaded_at IS NULL AND u.failed_at IS NULL AND e.user_id = ?`).get(userId) as { n: number };
  return row.n;
}

/** What keeps files from going up, for the sync status: a file given up on, else the latest trouble; null when none. */
export function uploadProblem(db: Database.Database): string | null {
  const failed = db.prepare(`SELECT error, count(*) OVER () AS n FROM uploads WHERE failed_at IS NOT NULL
    ORDER BY failed_at DESC LIMIT 1`).get() as { error: string; n: number } | undefined;
  if (failed) return failed.n > 1 ? `${failed.error} (and ${failed.n - 1} more files that cannot be uploaded)` : failed.error;
  const waiting = db.prepare(`SELECT error FROM uploads WHERE uploaded_at IS NULL AND failed_at IS NULL AND error IS NOT NULL
    ORDER BY tried_at DESC LIMIT 1`).get() as { error: string } | undefined;
  return waiting?.error ?? null;
}

/**
 * Uploads the signed-in agent's waiting files whose events have been pushed, oldest event
 * first, for at most the time budget. Never throws: trouble is recorded on each file's row.
 */
export async function uploadPending(db: Database.Database, deps: UploadDeps): Promise<void> {
  try {
    const deadline = performance.now() + (deps.budgetMs ?? UPLOAD_BUDGET_MS);
    const waiting = db.prepare(`SELECT u.sha256, u.kind, u.file, u.bytes FROM uploads u JOIN events e ON e.id = u.event_id
      WHERE u.uploaded_at IS NULL AND u.failed_at IS NULL AND e.user_id = ?
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.seq = e.seq)
      ORDER BY e.seq`).all(deps.userId) as Waiting[];
    for (const upload of waiting) {
      if (performance.now() > deadline) return;
      if (await uploadOne(db, upload, deps, deadline) === 'stop') return;
    }
  } catch (err) {
    // The local store failed (closed under a running sync, disk trouble): the next run tries again.
    console.warn(`Fairline: uploads stopped: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** 'stop': no point trying more files this run (server unreachable, session gone, time up). */
async function uploadOne(db: Database.Database, upload: Waiting, deps: UploadDeps, deadline: number): Promise<'next' | 'stop'> {
  const label = `${upload.kind === 'recording' ? 'Recording' : 'Photo'} ${basename(upload.file)}`;
  const at = () => deps.now().toISOString();
  try {
    const problem = await checkFile(upload, deps.sealer());
    if (problem) {
      db.prepare('UPDATE uploads SET failed_at = ?, tried_at = ?, error = ? WHERE sha256 = ?').run(at(), at(), `${label} cannot be uploaded: ${problem}`, upload.sha256);
      return 'next';
    }
    const done = await send(upload, deps, deadline);
    if (done) db.prepare('UPDATE uploads SET uploaded_at = ?, tried_at = ?, error = NULL WHERE sha256 = ?').run(at(), at(), upload.sha256);
    return done ? 'next' : 'stop';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    db.prepare('UPDATE uploads SET tried_at = ?, error = ? WHERE sha256 = ?').run(at(), `${label} is not uploaded yet (tried again at the next sync): ${message}`, upload.sha256);
    return err instanceof ApiError && (err.code === 'SERVER_UNREACHABLE' || err.code === 'UNAUTHORIZED') ? 'stop' : 'next';
  }
}

/** Files already hashed in this process and unchanged since (path → size, mtime and hash). */
const verified = new Map<string, string>();

/** Why the file can never be uploaded, or null when it is still what its event names. */
async function checkFile(upload: Waiting, sealer: FileSealer): Promise<string | null> {
  let size: number;
  let mtime: number;
  try {
    ({ size, mtimeMs: mtime } = await stat(upload.file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return `the file is missing (${upload.file})`;
    throw err;
  }
  const changed = `it changed on disk after it was recorded: its SHA-256 no longer matches (${upload.file})`;
  const key = `${size}:${mtime}:${upload.sha256}`;
  if (verified.get(upload.file) === key) return null;
  const hash = createHash('sha256');
  let plainBytes = 0;
  try {
    for await (const part of sealer.chunks(upload.file)) {
      hash.update(part);
      plainBytes += part.length;
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'SealedFileError') return changed; // not sealed with this device's key, or damaged
    throw err;
  }
  if (upload.bytes !== null && plainBytes !== upload.bytes) return changed;
  if (hash.digest('hex') !== upload.sha256) return changed;
  verified.set(upload.file, key);
  return null;
}

/** Sends what the server is missing of the file; true once the server has it stored, false when out of time. */
async function send(upload: Waiting, deps: UploadDeps, deadline: number): Promise<boolean> {
  const file = deps.sealer().reader(upload.file);
  try {
    return await sendFrom(file, upload, deps, deadline);
  } finally {
    file.close();
  }
}

async function sendFrom(file: SealedReader, upload: Waiting, deps: UploadDeps, deadline: number): Promise<boolean> {
  const size = file.size;
  const head = await request(deps, 'HEAD', upload.sha256);
  if (!head.ok) throw await refusal(head);
  if (head.headers.get('blob-stored') === 'true') return true;
  let offset = resumeAt(head, size);

  const chunkBytes = deps.chunkBytes ?? UPLOAD_CHUNK_BYTES;
  let conflicts = 0;
  for (;;) {
    if (performance.now() > deadline) return false;
    const plain = file.read(offset, Math.min(chunkBytes, size - offset));
    const data = new Uint8Array(plain.length);
    data.set(plain);
    const res = await request(deps, 'PATCH', upload.sha256, { offset, length: size, data });
    if (res.ok) {
      const status = BlobStatus.safeParse(await readJson(res, deps.serverUrl()));
      if (!status.success) throw new ApiError('INTERNAL', 'The central server sent an answer this console does not understand (blob upload)');
      if (status.data.stored) return true;
      offset = status.data.received;
      conflicts = 0;
      continue;
    }
    // Not where the server is (a chunk it never got, or another upload of the same bytes):
    // go on from the offset it reports. Three in a row means something else is wrong.
    if (res.status === 409 && ++conflicts <= 3) {
      offset = resumeAt(res, size);
      continue;
    }
    if (res.status === 422) verified.delete(upload.file); // the server found other bytes: hash the file again next time
    throw await refusal(res);
  }
}

/** Where to go on from, as the server reports it; from 0 when what it holds is not of this file's length. */
function resumeAt(res: Response, size: number): number {
  const offset = Number(res.headers.get('upload-offset') ?? 0);
  const length = res.headers.get('upload-length');
  if (length !== null && Number(length) !== size) return 0;
  return Number.isSafeInteger(offset) && offset >= 0 && offset <= size ? offset : 0;
}

async function request(deps: UploadDeps, method: 'HEAD' | 'PATCH', sha256: string, chunk?: { offset: number; length: number; data: Uint8Array<ArrayBuffer> }): Promise<Response> {
  const base = deps.serverUrl();
  const url = new URL(`api/blobs/${sha256}`, base.endsWith('/') ? base : `${base}/`);
  try {
    return await deps.fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${deps.token}`,
        ...(chunk ? {
          'content-type': 'application/offset+octet-stream', 'upload-offset': String(chunk.offset), 'upload-length': String(chunk.length),
        } : {}),
      },
      body: chunk?.data,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    const why = err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : 'connection failed';
    throw new ApiError('SERVER_UNREACHABLE', `Cannot reach the central server at ${base} (${why})`);
  }
}

/**
 * The answer's body as JSON (null when it is not JSON). A body cut off on the way is the network
 * failing, not the server misbehaving: SERVER_UNREACHABLE, so the run stops and tries again later.
 */
async function readJson(res: Response, base: string): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    throw new ApiError('SERVER_UNREACHABLE', `Cannot reach the central server at ${base} (the answer was cut off)`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The server's refusal as an ApiError, with its message (a HEAD answer has none: said here). */
async function refusal(res: Response): Promise<ApiError> {
  const parsed = HttpError.safeParse(await readJson(res, res.url));
  const code = res.status === 401 ? 'UNAUTHORIZED' : res.status === 403 ? 'FORBIDDEN'
    : [502, 503, 504].includes(res.status) ? 'SERVER_UNREACHABLE' : res.status >= 500 ? 'INTERNAL' : 'VALIDATION';
  if (parsed.success) return new ApiError(code, parsed.data.error.message);
  const message = res.status === 401 ? 'Not signed in'
    : res.status === 403 ? 'the central server has no pushed event of yours naming this file'
      : `the central server answered HTTP ${res.status}`;
  return new ApiError(code, message);
}
