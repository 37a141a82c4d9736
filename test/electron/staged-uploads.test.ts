// Files handed to the core in chunks: retries, order, the size limit, and abandoned uploads.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StagedUploads } from '../../electron/core/files/staged-uploads';
import { FileSealer } from '../../electron/core/files/sealed-file';

const sealer = new FileSealer(randomBytes(32));

const dir = () => join(mkdtempSync(join(tmpdir(), 'fairline-staging-')), 'staging');

describe('staged uploads', () => {
  it('assembles chunks in order and accepts a retried chunk once', () => {
    const staging = new StagedUploads(dir(), 100, () => sealer);
    const id = randomUUID();
    expect(staging.append({ uploadId: id, offset: 0, data: Buffer.from('abc') })).toEqual({ received: 3 });
    expect(staging.append({ uploadId: id, offset: 0, data: Buffer.from('abc') })).toEqual({ received: 3 }); // its answer was lost
    expect(staging.append({ uploadId: id, offset: 3, data: Buffer.from('def') })).toEqual({ received: 6 });
    expect(sealer.readFile(staging.staged(id).file).toString('utf8')).toBe('abcdef');
    // Sealed at rest: the plain bytes are nowhere in the file.
    expect(readFileSync(staging.staged(id).file).includes('abc')).toBe(false);
  });

  it('refuses a chunk out of order, naming the byte it expected', () => {
    const staging = new StagedUploads(dir(), 100, () => sealer);
    const id = randomUUID();
    staging.append({ uploadId: id, offset: 0, data: Buffer.from('abc') });
    expect(() => staging.append({ uploadId: id, offset: 5, data: Buffer.from('x') })).toThrow(expect.objectContaining({ code: 'VALIDATION', message: `Upload ${id}: chunk at byte 5 arrived, byte 3 was expected next` }));
    expect(() => staging.append({ uploadId: id, offset: 2, data: Buffer.from('xy') })).toThrow(/byte 3 was expected/);
    expect(staging.staged(id).bytes).toBe(3);
  });

  it('refuses the chunk that would pass the limit, naming it, and keeps what came before', () => {
    const staging = new StagedUploads(dir(), 16 * 1024 * 1024, () => sealer);
    const id = randomUUID();
    staging.append({ uploadId: id, offset: 0, data: Buffer.alloc(16 * 1024 * 1024 - 1) });
    expect(() => staging.append({ uploadId: id, offset: 16 * 1024 * 1024 - 1, data: Buffer.alloc(2) }))
      .toThrow(expect.objectContaining({ code: 'TOO_LARGE', message: 'The file is larger than 16 MB, the most the console keeps' }));
    expect(staging.staged(id).bytes).toBe(16 * 1024 * 1024 - 1);
  });

  it('refuses ids that are not UUIDs (no path tricks) and says when nothing was uploaded', () => {
    const staging = new StagedUploads(dir(), 100, () => sealer);
    expect(() => staging.append({ uploadId: '../../fairline.db', offset: 0, data: Buffer.from('x') })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => staging.staged(randomUUID())).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('removes uploads abandoned for more than a day, and only those', () => {
    const root = dir();
    const staging = new StagedUploads(root, 100, () => sealer);
    const [old, fresh] = [randomUUID(), randomUUID()];
    staging.append({ uploadId: old, offset: 0, data: Buffer.from('x') });
    staging.append({ uploadId: fresh, offset: 0, data: Buffer.from('y') });
    const now = new Date();
    const twoDaysAgo = new Date(now.getTime() - 2 * 86_400_000);
    utimesSync(staging.staged(old).file, twoDaysAgo, twoDaysAgo);
    expect(staging.sweep(now)).toBe(1);
    expect(readdirSync(root)).toEqual([`${fresh}.part`]);
  });
});
