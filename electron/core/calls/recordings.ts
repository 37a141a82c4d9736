// Call recordings on disk: written chunk by chunk as the call goes (so a crash loses at most
// the last seconds), then hashed when the call ends; the hash and duration go in the call's
// event. Files live in the data directory under recordings/, named by call id.
import { createHash } from 'node:crypto';
import { appendFileSync, createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../shared/api/errors';

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export class Recordings {
  /** The next chunk expected per call: a chunk out of order is refused, never written twice. */
  private readonly next = new Map<string, number>();

  constructor(private readonly dir: string) {}

  fileFor(callId: string): string {
    if (!SAFE_ID.test(callId)) throw new ApiError('VALIDATION', `Not a call id: ${callId}`, [{ path: 'callId', message: 'Letters, digits, - and _ only' }]);
    return join(this.dir, `${callId}.webm`);
  }

  append(callId: string, seq: number, data: Buffer): void {
    const file = this.fileFor(callId);
    const expected = this.next.get(callId) ?? (existsSync(file) ? -1 : 0);
    if (expected === -1) throw new ApiError('VALIDATION', `Recording ${callId} was already finished or belongs to an earlier run`);
    if (seq < expected) return; // a retry of a chunk already written
    if (seq > expected) throw new ApiError('VALIDATION', `Recording ${callId}: chunk ${seq} arrived before chunk ${expected}`);
    mkdirSync(this.dir, { recursive: true });
    appendFileSync(file, data);
    this.next.set(callId, seq + 1);
  }

  /** Closes the recording: no more chunks; its hash and size. */
  async finish(callId: string): Promise<{ file: string; sha256: string; bytes: number }> {
    this.next.delete(callId);
    return this.hash(callId);
  }

  async hash(callId: string): Promise<{ file: string; sha256: string; bytes: number }> {
    const file = this.fileFor(callId);
    if (!existsSync(file)) throw new ApiError('NOT_FOUND', `No recording for call ${callId}`);
    const hash = createHash('sha256');
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('end', () => resolve()).on('error', reject);
    });
    return { file, sha256: hash.digest('hex'), bytes: statSync(file).size };
  }
}
