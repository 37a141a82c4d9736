// Call recordings on disk: written chunk by chunk as the call goes (so a crash loses at most
// the last seconds), then hashed when the call ends; the hash and duration go in the call's
// event. Files live in the data directory under recordings/, named by call id, sealed with the
// device key (files/sealed-file.ts): each chunk the softphone sends becomes one sealed record,
// so nothing of the call is ever on disk in the clear. The hash is of the plain audio, the bytes
// the central server receives and verifies.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import type { FileSealer, SealedAppender } from '../files/sealed-file';
import { ensurePrivateDir } from '../files/private-files';

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export class Recordings {
  /** The next chunk expected per call: a chunk out of order is refused, never written twice. */
  private readonly next = new Map<string, number>();
  /** The open file of each call under way. */
  private readonly open = new Map<string, SealedAppender>();

  constructor(private readonly dir: string, private readonly sealer: () => FileSealer) {}

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
    let out = this.open.get(callId);
    if (!out) {
      ensurePrivateDir(this.dir);
      out = this.sealer().appender(file);
      this.open.set(callId, out);
    }
    out.append(data);
    this.next.set(callId, seq + 1);
  }

  /** Closes the recording: no more chunks; its hash and size. */
  async finish(callId: string): Promise<{ file: string; sha256: string; bytes: number }> {
    this.next.delete(callId);
    const out = this.open.get(callId);
    this.open.delete(callId);
    if (out) {
      out.sync();
      out.close();
    }
    return this.hash(callId);
  }

  /** The plain recording's SHA-256 and size (what the server will verify). */
  async hash(callId: string): Promise<{ file: string; sha256: string; bytes: number }> {
    const file = this.fileFor(callId);
    if (!existsSync(file)) throw new ApiError('NOT_FOUND', `No recording for call ${callId}`);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of this.sealer().chunks(file)) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    return { file, sha256: hash.digest('hex'), bytes };
  }

  /** The plain recording, for playing it back here. */
  read(callId: string): Buffer {
    const file = this.fileFor(callId);
    if (!existsSync(file)) throw new ApiError('NOT_FOUND', `No recording for call ${callId}`);
    return this.sealer().readFile(file);
  }

  /** Closes every file still open (the store is closing or being wiped). */
  closeAll(): void {
    for (const out of this.open.values()) out.close();
    this.open.clear();
    this.next.clear();
  }
}
