// Files the renderer hands to the core (visit photos) arrive in chunks, each one message of the
// API (shared/api/limits.ts): one frame of the browser shell must never carry a whole photo. The
// chunks are appended to a staging file named by the upload's id; the feature that wanted the
// file then takes it whole. A chunk sent twice (a retry) is accepted once; a chunk out of order
// or past the limit is refused with the offset or the limit it broke. Nothing here knows what
// the file is: the taker checks that. Staged files are sealed with the device key like every
// file the console keeps (sealed-file.ts): offsets and sizes here are of the plain bytes.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import { formatBytes } from '../../../shared/api/limits';
import { ensurePrivateDir } from './private-files';
import type { FileSealer } from './sealed-file';

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A staged file nobody took (the agent closed the form mid-upload) is removed after this long. */
export const STAGED_FILE_TTL_MS = 24 * 60 * 60 * 1000;

export interface StagedChunk {
  uploadId: string;
  offset: number;
  data: Buffer;
}

export class StagedUploads {
  constructor(private readonly dir: string, private readonly maxBytes: number, private readonly sealer: () => FileSealer) {}

  /** Appends a chunk at its offset; answers how many bytes the staged file now holds. */
  append({ uploadId, offset, data }: StagedChunk): { received: number } {
    const file = this.fileFor(uploadId);
    const size = existsSync(file) ? this.sealer().plainSize(file) : 0;
    // A retry of a chunk already written (its answer was lost): nothing to do.
    if (offset + data.length <= size && offset < size) return { received: size };
    if (offset !== size) {
      throw new ApiError('VALIDATION', `Upload ${uploadId}: chunk at byte ${offset} arrived, byte ${size} was expected next`, [{ path: 'offset', message: `Expected ${size}` }]);
    }
    if (size + data.length > this.maxBytes) {
      throw new ApiError('TOO_LARGE', `The file is larger than ${formatBytes(this.maxBytes)}, the most the console keeps`, [{ path: 'data', message: `Larger than ${formatBytes(this.maxBytes)}` }]);
    }
    ensurePrivateDir(this.dir);
    const out = this.sealer().appender(file);
    try {
      out.append(data);
    } finally {
      out.close();
    }
    return { received: size + data.length };
  }

  /** The staged file's path and size, for the taker to check and move; NOT_FOUND if nothing was sent. */
  staged(uploadId: string): { file: string; bytes: number } {
    const file = this.fileFor(uploadId);
    if (!existsSync(file)) throw new ApiError('NOT_FOUND', `Nothing was uploaded as ${uploadId}: send the file again`, [{ path: 'uploadId', message: 'Unknown upload' }]);
    return { file, bytes: this.sealer().plainSize(file) };
  }

  discard(uploadId: string): void {
    rmSync(this.fileFor(uploadId), { force: true });
  }

  /** Removes staged files older than the limit (uploads abandoned mid-way); answers how many. */
  sweep(now: Date, ttlMs = STAGED_FILE_TTL_MS): number {
    if (!existsSync(this.dir)) return 0;
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      const file = join(this.dir, name);
      if (now.getTime() - statSync(file).mtimeMs > ttlMs) {
        rmSync(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  private fileFor(uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new ApiError('VALIDATION', `Not an upload id: ${uploadId.slice(0, 60)}`, [{ path: 'uploadId', message: 'Must be a UUID' }]);
    return join(this.dir, `${uploadId}.part`);
  }
}
