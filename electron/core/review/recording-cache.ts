// Recordings a lead reviews, downloaded from the central server (GET /api/blobs/:sha256) into
// a cache under the data directory, named by their SHA-256. A download is kept only once its
// bytes hash to that name. The server is asked every time, even for a cached file (a
// conditional GET: 304 when the file is still the viewer's to hear), so a recording never plays
// for someone the server would refuse, e.g. another lead signed in on the same computer.
// Oldest files go first once the cache passes its size. Cached files are sealed with the device
// key (files/sealed-file.ts) like every file the console keeps: the download is sealed record by
// record as it arrives, and opened only to hash it or play it.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ensurePrivateDir } from '../files/private-files';
import type { FileSealer } from '../files/sealed-file';
import { ApiError } from '../../../shared/api/errors';
import { HttpError } from '../../../shared/sync/protocol';
import { codeFor, type Fetch } from '../sync/http';

/** The cache's size; past it the least recently played files are removed. */
export const RECORDING_CACHE_BYTES = 512 * 1024 * 1024;
/** No recording is larger (the server's own limit for one file). */
const MAX_RECORDING_BYTES = 512 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 120_000;
const SHA256 = /^[0-9a-f]{64}$/;

export interface CacheDeps {
  fetch: Fetch;
  serverUrl: () => string;
  dir: string;
  maxBytes?: number;
  sealer: () => FileSealer;
}

/** The plain recording's hash, or null when the file is absent or cannot be opened (another key, damage). */
async function hashFile(sealer: FileSealer, file: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    for await (const part of sealer.chunks(file)) hash.update(part);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (err instanceof Error && err.name === 'SealedFileError') return null;
    throw err;
  }
  return hash.digest('hex');
}

export class RecordingCache {
  constructor(private readonly deps: CacheDeps) {}

  fileFor(sha256: string): string {
    if (!SHA256.test(sha256)) throw new ApiError('VALIDATION', `Not a recording's SHA-256: ${sha256}`, [{ path: 'sha256', message: '64 lowercase hex digits' }]);
    return join(this.deps.dir, `${sha256}.webm`);
  }

  /** The recording's bytes, from the cache when the server agrees, else downloaded and verified. */
  async get(sha256: string, token: string): Promise<Buffer> {
    const file = this.fileFor(sha256);
    const cached = (await hashFile(this.deps.sealer(), file)) === sha256;
    if (!cached) await rm(file, { force: true }); // changed on disk: fetched again
    const url = new URL(`api/blobs/${sha256}`, this.deps.serverUrl().replace(/\/?$/, '/'));
    let res: Response;
    try {
      res = await this.deps.fetch(url, {
        headers: { authorization: `Bearer ${token}`, ...(cached ? { 'if-none-match': `"${sha256}"` } : {}) },
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      });
    } catch (err) {
      throw unreachable(this.deps.serverUrl(), err);
    }
    if (res.status === 304 && cached) {
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined); // recently played: kept longest
      return this.deps.sealer().readFile(file);
    }
    if (!res.ok || !res.body) throw await refusal(res);
    await this.download(res, sha256, file);
    await this.prune(file);
    return this.deps.sealer().readFile(file);
  }

  /** Seals the answer into a temporary file as it arrives, hashing it; moves it into place only if it matches its name. */
  private async download(res: Response, sha256: string, file: string): Promise<void> {
    ensurePrivateDir(this.deps.dir);
    const part = join(this.deps.dir, `${sha256}.${randomUUID()}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const out = this.deps.sealer().appender(part);
    try {
      for await (const chunk of Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > MAX_RECORDING_BYTES) throw new ApiError('INTERNAL', `The central server sent more than ${MAX_RECORDING_BYTES} bytes for recording ${sha256}`);
        hash.update(chunk);
        out.append(chunk);
      }
      out.sync();
    } catch (err) {
      out.close();
      await rm(part, { force: true });
      if (err instanceof ApiError) throw err;
      throw unreachable(this.deps.serverUrl(), err, 'the connection broke during the download');
    }
    out.close();
    const actual = hash.digest('hex');
    if (actual !== sha256) {
      await rm(part, { force: true });
      throw new ApiError('INTERNAL', `The recording the central server sent hashes to ${actual}, not ${sha256}: it was not kept. Try again; if it persists, the server's copy is damaged`);
    }
    await rename(part, file);
  }

  /** Removes the least recently played files (never `keep`) until the cache fits. */
  private async prune(keep: string): Promise<void> {
    const max = this.deps.maxBytes ?? RECORDING_CACHE_BYTES;
    const names = await readdir(this.deps.dir).catch(() => [] as string[]);
    const files = (await Promise.all(names.filter((n) => n.endsWith('.webm')).map(async (n) => {
      const path = join(this.deps.dir, n);
      const s = await stat(path).catch(() => null);
      return s ? { path, size: s.size, at: s.mtimeMs } : null;
    }))).flatMap((f) => (f ? [f] : []));
    let total = files.reduce((n, f) => n + f.size, 0);
    for (const f of files.sort((a, b) => a.at - b.at)) {
      if (total <= max) break;
      if (f.path === keep) continue;
      await rm(f.path, { force: true });
      total -= f.size;
    }
  }
}

function unreachable(baseUrl: string, err: unknown, otherwise = 'connection failed'): ApiError {
  const why = err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : otherwise;
  return new ApiError('SERVER_UNREACHABLE', `Call review needs the central server, which cannot be reached at ${baseUrl} (${why})`);
}

/** The server's refusal as a typed error, with its own message. */
async function refusal(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let message = `HTTP ${res.status}`;
  let issues: { path: string; message: string }[] | undefined;
  try {
    const parsed = HttpError.safeParse(JSON.parse(text));
    if (parsed.success) ({ message, issues } = parsed.data.error);
  } catch {
    // not JSON: the status says enough
  }
  return new ApiError(codeFor(res.status), message, issues);
}
