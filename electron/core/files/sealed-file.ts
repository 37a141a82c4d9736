// Files the console keeps (call recordings, visit photos, staged uploads, review downloads) are
// sealed at rest with AES-256-GCM from Node's crypto (OpenSSL: well kept, constant-time, no
// dependency to add). A file is a header and then records, each one an authenticated piece:
//
//   header  "FLSEAL01" (8 bytes) | salt (16 random bytes)
//   record  plain length (u32 BE) | IV (12 random bytes) | ciphertext | GCM tag (16 bytes)
//
// Why records and not one GCM stream: recordings are written chunk by chunk while the call goes
// (a crash must lose at most the last seconds) and sent up by byte ranges (uploads.ts), so a file
// must grow by appending and be readable at any plaintext offset without decrypting all of it.
// Each file has its own key, HKDF-SHA256(device key, salt), so random IVs never meet across files;
// a record's index is its additional data, so records cannot be reordered or moved undetected.
// A torn last record (the process died mid-append) is not part of the file: readers stop before
// it, as a plain file cut mid-write would have lost those bytes too.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { PRIVATE_FILE_MODE, restrictFile } from './private-files';

const MAGIC = Buffer.from('FLSEAL01', 'latin1');
const SALT_BYTES = 16;
export const HEADER_BYTES = MAGIC.length + SALT_BYTES;
const LENGTH_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes a record adds to its plaintext. */
export const RECORD_OVERHEAD = LENGTH_BYTES + IV_BYTES + TAG_BYTES;
/** Larger records are written as several; a length beyond this in a file is damage, not data. */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

export class SealedFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file} cannot be read: ${reason}`);
    this.name = 'SealedFileError';
  }
}

interface RecordAt { plainStart: number; fileOffset: number; length: number }

/** Seals and opens the console's files with keys derived from the device key. */
export class FileSealer {
  constructor(private readonly deviceKey: Buffer) {
    if (deviceKey.length !== 32) throw new Error('The device key must be 32 bytes');
  }

  private fileKey(salt: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', this.deviceKey, salt, 'fairline sealed file v1', 32));
  }

  /** Whether the file starts as a sealed file does (the rest is checked when it is read). */
  static isSealed(file: string): boolean {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const head = Buffer.alloc(MAGIC.length);
      return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC);
    } catch {
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Opens a file to append records to, creating it (owner-only) with a fresh salt if needed. */
  appender(file: string): SealedAppender {
    const fd = openSync(file, 'a+', PRIVATE_FILE_MODE);
    try {
      restrictFile(file);
      let size = fstatSync(fd).size;
      let salt: Buffer;
      let records = 0;
      let plainBytes = 0;
      if (size === 0) {
        salt = randomBytes(SALT_BYTES);
        writeSync(fd, Buffer.concat([MAGIC, salt]));
        size = HEADER_BYTES;
      } else {
        const index = readIndex(fd, file, size);
        salt = index.salt;
        records = index.records.length;
        plainBytes = index.plainBytes;
        // A torn record left by a crash mid-append is not data: cut it off before appending.
        if (index.end < size) {
          closeSync(fd);
          return this.reopenTruncated(file, index.end);
        }
      }
      return new SealedAppender(fd, this.fileKey(salt), records, plainBytes);
    } catch (err) {
      try { closeSync(fd); } catch { /* already closed */ }
      throw err;
    }
  }

  private reopenTruncated(file: string, end: number): SealedAppender {
    const fd = openSync(file, 'r+');
    ftruncateSync(fd, end);
    closeSync(fd);
    return this.appender(file);
  }

  /** Writes a whole file at once, through a temporary file, so it is either all there or absent. */
  writeFile(file: string, data: Buffer): void {
    const part = `${file}.${randomBytes(6).toString('hex')}.sealing`;
    const out = this.appender(part);
    try {
      out.append(data);
      out.sync();
    } finally {
      out.close();
    }
    renameSync(part, file);
  }

  /** Replaces a plain file by its sealed copy (through a temporary file: the plain one stays until the copy is whole). */
  sealInPlace(file: string): void {
    const part = `${file}.${randomBytes(6).toString('hex')}.sealing`;
    const out = this.appender(part);
    try {
      const fd = openSync(file, 'r');
      try {
        const buf = Buffer.alloc(MAX_RECORD_BYTES);
        for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) out.append(buf.subarray(0, n));
      } finally {
        closeSync(fd);
      }
      out.sync();
    } finally {
      out.close();
    }
    renameSync(part, file);
  }

  /** The whole plaintext of a sealed file. */
  readFile(file: string): Buffer {
    const reader = this.reader(file);
    try {
      return reader.read(0, reader.size);
    } finally {
      reader.close();
    }
  }

  reader(file: string): SealedReader {
    const fd = openSync(file, 'r');
    try {
      const index = readIndex(fd, file, fstatSync(fd).size);
      return new SealedReader(file, fd, this.fileKey(index.salt), index.records, index.plainBytes);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** The plaintext size, from the record headers alone. */
  plainSize(file: string): number {
    const reader = this.reader(file);
    reader.close();
    return reader.size;
  }

  /** The plaintext, record by record, without blocking on the whole file (hashing, uploads). */
  async *chunks(file: string): AsyncGenerator<Buffer> {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const head = Buffer.alloc(HEADER_BYTES);
      await handle.read(head, 0, HEADER_BYTES, 0);
      if (size < HEADER_BYTES || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw new SealedFileError(file, 'it is not a sealed Fairline file');
      const key = this.fileKey(head.subarray(MAGIC.length));
      let offset = HEADER_BYTES;
      for (let index = 0; offset + RECORD_OVERHEAD <= size; index++) {
        const lengthBuf = Buffer.alloc(LENGTH_BYTES);
        await handle.read(lengthBuf, 0, LENGTH_BYTES, offset);
        const length = lengthBuf.readUInt32BE(0);
        if (length > MAX_RECORD_BYTES) throw new SealedFileError(file, `record ${index} claims ${length} bytes`);
        if (offset + RECORD_OVERHEAD + length > size) return; // a torn last record
        const body = Buffer.alloc(IV_BYTES + length + TAG_BYTES);
        await handle.read(body, 0, body.length, offset + LENGTH_BYTES);
        yield openRecord(key, index, body, file);
        offset += RECORD_OVERHEAD + length;
      }
    } finally {
      await handle.close();
    }
  }
}

export class SealedAppender {
  constructor(private readonly fd: number, private readonly key: Buffer, private records: number, private plainBytes: number) {}

  /** Plaintext bytes in the file so far. */
  get size(): number {
    return this.plainBytes;
  }

  append(data: Buffer): void {
    for (let start = 0; start < data.length; start += MAX_RECORD_BYTES) {
      const piece = data.subarray(start, Math.min(data.length, start + MAX_RECORD_BYTES));
      writeSync(this.fd, sealRecord(this.key, this.records, piece));
      this.records += 1;
      this.plainBytes += piece.length;
    }
  }

  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export class SealedReader {
  constructor(
    private readonly file: string,
    private readonly fd: number,
    private readonly key: Buffer,
    private readonly records: RecordAt[],
    readonly size: number,
  ) {}

  /** `length` plaintext bytes from `position` (fewer at the end of the file). */
  read(position: number, length: number): Buffer {
    const end = Math.min(this.size, position + length);
    const parts: Buffer[] = [];
    let i = firstRecordAt(this.records, position);
    for (; i < this.records.length && this.records[i]!.plainStart < end; i++) {
      const r = this.records[i]!;
      const body = Buffer.alloc(IV_BYTES + r.length + TAG_BYTES);
      readSync(this.fd, body, 0, body.length, r.fileOffset + LENGTH_BYTES);
      const plain = openRecord(this.key, i, body, this.file);
      parts.push(plain.subarray(Math.max(0, position - r.plainStart), Math.min(r.length, end - r.plainStart)));
    }
    return Buffer.concat(parts);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function firstRecordAt(records: RecordAt[], position: number): number {
  let lo = 0;
  let hi = records.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (records[mid]!.plainStart <= position) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function sealRecord(key: Buffer, index: number, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(recordAad(index));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(plain.length, 0);
  return Buffer.concat([length, iv, body, cipher.getAuthTag()]);
}

function openRecord(key: Buffer, index: number, body: Buffer, file: string): Buffer {
  const iv = body.subarray(0, IV_BYTES);
  const tag = body.subarray(body.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(recordAad(index));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealedFileError(file, `record ${index} does not authenticate (changed on disk, or sealed by another device's key)`);
  }
}

function recordAad(index: number): Buffer {
  const aad = Buffer.alloc(8);
  aad.writeBigUInt64BE(BigInt(index), 0);
  return aad;
}

/** The records of an open sealed file (headers only; nothing is decrypted). */
function readIndex(fd: number, file: string, size: number): { salt: Buffer; records: RecordAt[]; plainBytes: number; end: number } {
  const head = Buffer.alloc(HEADER_BYTES);
  if (size < HEADER_BYTES || readSync(fd, head, 0, HEADER_BYTES, 0) !== HEADER_BYTES || !head.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new SealedFileError(file, 'it is not a sealed Fairline file');
  }
  const records: RecordAt[] = [];
  let offset = HEADER_BYTES;
  let plainBytes = 0;
  const lengthBuf = Buffer.alloc(LENGTH_BYTES);
  while (offset + RECORD_OVERHEAD <= size) {
    readSync(fd, lengthBuf, 0, LENGTH_BYTES, offset);
    const length = lengthBuf.readUInt32BE(0);
    if (length > MAX_RECORD_BYTES) throw new SealedFileError(file, `record ${records.length} claims ${length} bytes`);
    if (offset + RECORD_OVERHEAD + length > size) break; // torn
    records.push({ plainStart: plainBytes, fileOffset: offset, length });
    plainBytes += length;
    offset += RECORD_OVERHEAD + length;
  }
  return { salt: Buffer.from(head.subarray(MAGIC.length)), records, plainBytes, end: offset };
}
