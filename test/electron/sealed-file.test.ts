// Files sealed at rest (recordings, photos, staged uploads, review cache): AES-256-GCM records
// under a per-file key, appended as they come, read at any plain offset; a changed, moved or
// foreign record is refused, a torn last record (a crash mid-append) is dropped.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSealer, HEADER_BYTES, RECORD_OVERHEAD } from '../../electron/core/files/sealed-file';

const file = () => join(mkdtempSync(join(tmpdir(), 'fairline-sealed-')), 'f.webm');

describe('sealed files', () => {
  it('appends chunk by chunk and reads back any range of the plain bytes', () => {
    const sealer = new FileSealer(randomBytes(32));
    const path = file();
    const chunks = [randomBytes(10), randomBytes(70_000), randomBytes(1), randomBytes(5000)];
    for (const c of chunks) {
      const out = sealer.appender(path);
      out.append(c);
      out.close();
    }
    const plain = Buffer.concat(chunks);
    expect(sealer.plainSize(path)).toBe(plain.length);
    expect(statSync(path).size).toBe(HEADER_BYTES + plain.length + chunks.length * RECORD_OVERHEAD);
    expect(sealer.readFile(path).equals(plain)).toBe(true);
    const reader = sealer.reader(path);
    for (const [at, n] of [[0, 5], [8, 4], [9, 70_002], [70_010, 1], [70_000, 6000], [75_000, 100]] as const) {
      expect(reader.read(at, n).equals(plain.subarray(at, at + n))).toBe(true);
    }
    reader.close();
    expect(readFileSync(path).includes(chunks[1]!.subarray(0, 32))).toBe(false);
    expect(FileSealer.isSealed(path)).toBe(true);
  });

  it('streams the plain bytes record by record', async () => {
    const sealer = new FileSealer(randomBytes(32));
    const path = file();
    const data = randomBytes(9 * 1024 * 1024); // larger than one record: split on append
    sealer.writeFile(path, data);
    const parts: Buffer[] = [];
    for await (const p of sealer.chunks(path)) parts.push(p);
    expect(parts.length).toBeGreaterThan(1);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });

  it('refuses a changed byte, another device\'s key and a plain file', async () => {
    const key = randomBytes(32);
    const path = file();
    new FileSealer(key).writeFile(path, Buffer.from('王小明 13812345678'));
    expect(() => new FileSealer(randomBytes(32)).readFile(path)).toThrow(/does not authenticate/);
    const bytes = readFileSync(path);
    bytes[bytes.length - 20]! ^= 1;
    writeFileSync(path, bytes);
    expect(() => new FileSealer(key).readFile(path)).toThrow(/does not authenticate/);
    const plain = file();
    writeFileSync(plain, 'plain text');
    expect(FileSealer.isSealed(plain)).toBe(false);
    expect(() => new FileSealer(key).readFile(plain)).toThrow(/not a sealed Fairline file/);
  });

  it('drops a torn last record and appends after the whole ones', () => {
    const sealer = new FileSealer(randomBytes(32));
    const path = file();
    const out = sealer.appender(path);
    out.append(Buffer.from('first '));
    out.append(Buffer.from('second'));
    out.close();
    truncateSync(path, statSync(path).size - 3); // the process died mid-write
    expect(sealer.readFile(path).toString()).toBe('first ');
    const again = sealer.appender(path);
    again.append(Buffer.from('third'));
    again.close();
    expect(sealer.readFile(path).toString()).toBe('first third');
  });
});
