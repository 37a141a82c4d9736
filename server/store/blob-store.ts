// Uploaded files (call recordings, visit photos), named by the SHA-256 of their bytes
// (docs/sync.md "Uploads"). Part of the ServerStore, kept in its own file: kysely-store.ts
// delegates its blob methods here and calls recordBlobRefs in the push transaction.
//
// Metadata is in the database (`blobs`, `blob_refs`: migration 0003), bytes on disk under the
// blob directory: a verified blob at <dir>/<first two hex digits>/<sha256>, one still arriving
// at <dir>/partial/<sha256>. On PostgreSQL every server process must see the same directory.
//
// Chunks of one blob are written one at a time: each runs in a transaction that first creates
// or locks the blob's row (an upsert, as a push locks its device's cursor row), so any number of
// server processes can take chunks of it. The row's `received` is the truth; the partial file may
// hold more (a crash after the write, before the commit) and is cut back to it on the next chunk.
// The last chunk is verified in the same transaction (the file is hashed and must match its
// name) before the blob is moved into place and marked stored. Hashing holds the lock, and on
// SQLite the single connection, for as long as it reads the file: a few milliseconds for a call
// recording or a photo.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import type { BlobKind } from '../../shared/sync/protocol';
import type { BlobsTable, Database } from './schema';
import type { BlobAppendResult, BlobChunk, BlobRecord } from './store';

const SHA256 = /^[0-9a-f]{64}$/;

/** The blobs an event's body names: a call's recording, a visit's photos. */
export function blobReferences(body: EventBody): { sha256: string; kind: BlobKind }[] {
  if (body.type === 'call.attempt') return body.recording ? [{ sha256: body.recording.sha256, kind: 'recording' }] : [];
  // A visit's outcome lists its photos ({ sha256, … }). Read by shape rather than through the
  // visit event's type, so uploads do not depend on how the rest of that event evolves.
  const named = body as { type: string; photos?: unknown };
  if (named.type === 'visit.outcome' && Array.isArray(named.photos)) {
    return named.photos.flatMap((p: unknown) => {
      const sha256 = (p as { sha256?: unknown } | null)?.sha256;
      return typeof sha256 === 'string' && SHA256.test(sha256) ? [{ sha256, kind: 'photo' as const }] : [];
    });
  }
  return [];
}

/** Records which blobs the events name, for whom; in the push's transaction, so it is stored with the events or not at all. */
export async function recordBlobRefs(trx: Transaction<Database>, events: readonly ClientEvent[]): Promise<void> {
  const rows = new Map<string, { sha256: string; eventId: string; userId: string; kind: BlobKind }>();
  for (const e of events) {
    for (const r of blobReferences(e.body)) rows.set(`${r.sha256}/${e.id}`, { sha256: r.sha256, eventId: e.id, userId: e.userId, kind: r.kind });
  }
  const all = [...rows.values()];
  for (let i = 0; i < all.length; i += 500) {
    await trx.insertInto('blobRefs').values(all.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  }
}

export class BlobStore {
  constructor(private readonly db: Kysely<Database>, readonly dir: string) {}

  async reference(sha256: string, userId: string): Promise<BlobKind | undefined> {
    const row = await this.db.selectFrom('blobRefs').select('kind').where('sha256', '=', sha256).where('userId', '=', userId)
      .limit(1).executeTakeFirst();
    return row?.kind;
  }

  async get(sha256: string): Promise<BlobRecord | undefined> {
    const row = await this.db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    return row && toBlob(row);
  }

  async append(chunk: BlobChunk): Promise<BlobAppendResult> {
    const { sha256, offset, length, data, at } = chunk;
    return this.db.transaction().execute(async (trx): Promise<BlobAppendResult> => {
      // First, and in one statement: create or lock the blob's row and read it.
      const row = await trx.insertInto('blobs')
        .values({ sha256, kind: chunk.kind, length, received: 0, storedAt: null, uploadedBy: chunk.userId, createdAt: at, updatedAt: at })
        .onConflict((oc) => oc.column('sha256').doUpdateSet((eb) => ({ received: eb.ref('blobs.received') })))
        .returningAll()
        .executeTakeFirstOrThrow();
      let blob = toBlob(row);
      if (blob.storedAt) return { outcome: 'already_stored', blob };

      const partial = this.partialFile(sha256);
      const final = this.file(sha256);
      const save = async (changes: Partial<Pick<BlobRecord, 'length' | 'received' | 'storedAt' | 'uploadedBy'>>) => {
        blob = { ...blob, ...changes };
        await trx.updateTable('blobs').set({ ...changes, updatedAt: at }).where('sha256', '=', sha256).execute();
      };

      // A crash between moving a verified file into place and committing that left it there.
      const moved = await sizeOf(final);
      if (moved !== null) {
        if (await hashFile(final) === sha256) {
          await save({ length: moved, received: moved, storedAt: at });
          return { outcome: 'already_stored', blob };
        }
        await rm(final, { force: true });
      }
      if (blob.length !== length) {
        if (offset !== 0) return { outcome: 'wrong_length', blob };
        await save({ length, received: 0, uploadedBy: chunk.userId }); // starting over, as this length
      }
      // The file holds less than the row says (lost in a crash of the machine): resume from what it holds.
      const held = (await sizeOf(partial)) ?? 0;
      if (held < blob.received) await save({ received: held });
      if (offset !== blob.received) return { outcome: 'wrong_offset', blob };

      await ownerOnlyDir(dirname(partial));
      const file = await open(partial, offset === 0 ? 'w' : 'r+', 0o600);
      const received = offset + data.length;
      try {
        if (offset === 0) await file.chmod(0o600); // whatever the umask: recordings and photos are the owner's alone
        if (data.length > 0) await file.write(data, 0, data.length, offset);
        await file.truncate(received);
        if (received === length) await file.sync();
      } finally {
        await file.close();
      }
      if (received < length) {
        await save({ received });
        return { outcome: 'appended', blob };
      }

      // Complete: stored only if the bytes are what the name says.
      const actual = await hashFile(partial);
      if (actual !== sha256) {
        await rm(partial, { force: true });
        await trx.deleteFrom('blobs').where('sha256', '=', sha256).execute();
        return { outcome: 'hash_mismatch', actual };
      }
      await ownerOnlyDir(dirname(final));
      await rename(partial, final);
      await syncDirectory(dirname(final));
      await save({ received, storedAt: at });
      return { outcome: 'appended', blob };
    });
  }

  /**
   * Forgets uploads begun but not touched since `before` (ISO time): their rows and partial files.
   * A console that still has the file starts it again from 0 (it asks before it sends). Each goes
   * in its own transaction that deletes the row first: a chunk arriving at the same time waits
   * for the row and then begins a fresh upload, so its bytes are never the ones removed.
   */
  async removeAbandoned(before: string): Promise<number> {
    const stale = await this.db.selectFrom('blobs').select('sha256').where('storedAt', 'is', null).where('updatedAt', '<', before).execute();
    let removed = 0;
    for (const { sha256 } of stale) {
      removed += await this.db.transaction().execute(async (trx) => {
        const gone = await trx.deleteFrom('blobs').where('sha256', '=', sha256).where('storedAt', 'is', null).where('updatedAt', '<', before)
          .returning('sha256').execute();
        if (gone.length === 0) return 0; // a chunk came meanwhile
        await rm(this.partialFile(sha256), { force: true });
        return 1;
      });
    }
    return removed;
  }

  /** `range`: bytes start to end, inclusive (an HTTP Range). */
  async read(sha256: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    const blob = await this.get(sha256);
    return blob?.storedAt ? createReadStream(this.file(sha256), range) : undefined;
  }

  private file(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  private partialFile(sha256: string): string {
    return join(this.dir, 'partial', sha256);
  }
}

function toBlob(r: Selectable<BlobsTable>): BlobRecord {
  return {
    sha256: r.sha256, kind: r.kind, length: Number(r.length), received: Number(r.received), storedAt: r.storedAt,
    uploadedBy: r.uploadedBy, createdAt: r.createdAt,
  };
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const part of createReadStream(file)) hash.update(part as Buffer);
  return hash.digest('hex');
}

/** Creates the blob directories owner-only (0700) whatever the umask: the blob store and each folder in it. */
async function ownerOnlyDir(dir: string): Promise<void> {
  const made = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (made === undefined) return;
  // Every folder mkdir made (the blob store itself the first time) is set again: the umask may have masked the mode.
  for (let d = dir; d.length >= made.length; d = dirname(d)) await chmod(d, 0o700);
}

/** Makes a rename durable where the platform allows it (not on Windows, where it is not needed). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
