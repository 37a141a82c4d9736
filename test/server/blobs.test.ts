// Uploads of recordings (and visit photos) named by their SHA-256, on both stores, over real
// HTTP: chunks, resuming, refusals, verification before "stored" (docs/sync.md "Uploads").
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBody } from '../../shared/domain/events';
import { BlobStatus } from '../../shared/sync/protocol';
import { migrations } from '../../server/migrations/index';
import { BLOB_CHUNK_LIMIT } from '../../server/routes/blobs';
import { sweepAbandonedUploads } from '../../server/jobs/abandoned-uploads';
import { blobReferences } from '../../server/store/blob-store';
import { migrateToLatest } from '../../server/store/migrate';
import { openPostgresDatabase } from '../../server/store/postgres';
import { openSqliteDatabase } from '../../server/store/sqlite';
import {
  type ErrorBody, type TestDatabase, type TestServer, NOW, call, clientEvent, createTestDatabase, describeEachStore, login, startTestServer, tempDir,
} from './helpers';

const MiB = 1024 * 1024;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function attempt(callId: string, file: Buffer | string): EventBody {
  return {
    type: 'call.attempt', callId, direction: 'outbound', phoneId: null, partyId: null, number: '+12125550100', result: 'answered',
    startedAt: NOW.toISOString(), answeredAt: NOW.toISOString(), endedAt: NOW.toISOString(), sipStatus: 200,
    recording: { file: `/data/recordings/${callId}.webm`, sha256: typeof file === 'string' ? file : sha(file), durationMs: 60_000 },
  };
}

describeEachStore('blob uploads', (kind) => {
  let server: TestServer;
  const blobs = tempDir();
  let token: string;
  let userId: string;
  let otherToken: string;
  const device = 'device-collector1';
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, blobDir: blobs.dir }, kind);
    const session = await login(server.url, 'collector1', device);
    token = session.token;
    userId = session.user.id;
    otherToken = (await login(server.url, 'collector2')).token;
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    blobs.remove();
  });

  /** Pushes a call whose recording is `file` (its bytes, or just a name), as collector1. */
  async function recorded(file: Buffer | string): Promise<string> {
    seq += 1;
    const reply = await call(server.url, '/api/sync/push', { token, body: { deviceId: device, events: [clientEvent(seq, userId, device, attempt(`call-${seq}`, file))] } });
    expect(reply.status).toBe(200);
    return typeof file === 'string' ? file : sha(file);
  }

  async function head(name: string, as = token) {
    const res = await fetch(`${server.url}/api/blobs/${name}`, { method: 'HEAD', headers: { authorization: `Bearer ${as}` } });
    return {
      status: res.status,
      offset: res.headers.get('upload-offset'),
      length: res.headers.get('upload-length'),
      stored: res.headers.get('blob-stored'),
    };
  }

  async function patch(name: string, offset: number, length: number, data: Buffer, opts: { as?: string; method?: string; contentType?: string } = {}) {
    const res = await fetch(`${server.url}/api/blobs/${name}`, {
      method: opts.method ?? 'PATCH',
      headers: {
        authorization: `Bearer ${opts.as ?? token}`, 'content-type': opts.contentType ?? 'application/offset+octet-stream',
        'upload-offset': String(offset), 'upload-length': String(length),
      },
      body: new Uint8Array(data),
    });
    const text = await res.text();
    return { status: res.status, offset: res.headers.get('upload-offset'), body: (text ? JSON.parse(text) : undefined) as BlobStatus & ErrorBody };
  }

  /** Sends `bytes[from..]` in chunks; the last reply. */
  async function upload(name: string, bytes: Buffer, from = 0, chunk = MiB) {
    let last;
    let offset = from;
    do {
      const end = Math.min(offset + chunk, bytes.length);
      last = await patch(name, offset, bytes.length, bytes.subarray(offset, end));
      expect(last.status, JSON.stringify(last.body)).toBe(200);
      offset = last.body.received;
    } while (!last.body.stored);
    return last;
  }

  async function storedBytes(name: string): Promise<Buffer | undefined> {
    const stream = await server.store.readBlob(name);
    if (!stream) return undefined;
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  const row = async (name: string) => (await server.database.query<{ received: number | string; stored_at: string | null; uploaded_by: string; kind: string }>(
    `select received, stored_at, uploaded_by, kind from blobs where sha256 = '${name}'`))[0];

  it('takes a recording in chunks and stores it once its bytes match its name', async () => {
    const bytes = randomBytes(3 * MiB + 17);
    const name = await recorded(bytes);
    expect(await head(name)).toEqual({ status: 200, offset: '0', length: null, stored: 'false' });

    const first = await patch(name, 0, bytes.length, bytes.subarray(0, MiB));
    expect(first).toMatchObject({ status: 200, offset: String(MiB), body: { sha256: name, kind: 'recording', length: bytes.length, received: MiB, stored: false } });
    expect(await head(name)).toEqual({ status: 200, offset: String(MiB), length: String(bytes.length), stored: 'false' });
    expect(await storedBytes(name)).toBeUndefined(); // not until verified

    const last = await upload(name, bytes, MiB);
    expect(last.body).toEqual({ sha256: name, kind: 'recording', length: bytes.length, received: bytes.length, stored: true });
    expect(await head(name)).toEqual({ status: 200, offset: String(bytes.length), length: String(bytes.length), stored: 'true' });
    expect((await storedBytes(name))!.equals(bytes)).toBe(true);
    expect(existsSync(join(blobs.dir, name.slice(0, 2), name))).toBe(true);
    expect(existsSync(join(blobs.dir, 'partial', name))).toBe(false);
    expect(await row(name)).toMatchObject({ stored_at: NOW.toISOString(), uploaded_by: userId, kind: 'recording' });
  });

  it('removes an upload left half-way past the limit, keeps a recent one and every stored one; the console can start over', async () => {
    const done = randomBytes(1000);
    const stored = await recorded(done);
    await upload(stored, done);
    const bytes = randomBytes(2 * MiB);
    const half = await recorded(bytes);
    expect((await patch(half, 0, bytes.length, bytes.subarray(0, MiB))).status).toBe(200);
    expect(existsSync(join(blobs.dir, 'partial', half))).toBe(true);

    const day = 24 * 60 * 60 * 1000;
    expect(await sweepAbandonedUploads(server.store, new Date(NOW.getTime() + 13 * day))).toBe(0); // a field agent's fortnight: kept
    expect(await sweepAbandonedUploads(server.store, new Date(NOW.getTime() + 15 * day))).toBeGreaterThanOrEqual(1);
    expect(await row(half)).toBeUndefined();
    expect(await row(stored)).toMatchObject({ stored_at: NOW.toISOString() });
    expect((await storedBytes(stored))!.equals(done)).toBe(true);
    expect(existsSync(join(blobs.dir, 'partial', half))).toBe(false);
    expect(await head(half)).toMatchObject({ status: 200, offset: '0', stored: 'false' });
    expect((await upload(half, bytes)).body.stored).toBe(true);
    expect((await storedBytes(half))!.equals(bytes)).toBe(true);
  });

  it('resumes after a chunk cut off mid-way from the offset HEAD gives', async () => {
    const bytes = randomBytes(2 * MiB + 5);
    const name = await recorded(bytes);
    expect((await patch(name, 0, bytes.length, bytes.subarray(0, MiB))).status).toBe(200);

    // The second chunk: the connection drops after half of it.
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${server.url}/api/blobs/${name}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${token}`, 'content-type': 'application/offset+octet-stream',
          'upload-offset': String(MiB), 'upload-length': String(bytes.length), 'content-length': String(MiB),
        },
      });
      req.on('error', () => resolve());
      req.write(bytes.subarray(MiB, MiB + MiB / 2), () => setTimeout(() => { req.destroy(); resolve(); }, 50));
    });
    await new Promise((r) => setTimeout(r, 100));

    const after = await head(name);
    expect(after).toMatchObject({ status: 200, offset: String(MiB), stored: 'false' });
    await upload(name, bytes, Number(after.offset));
    expect((await storedBytes(name))!.equals(bytes)).toBe(true);
  });

  it('answers a chunk at the wrong offset with 409 and the offset to resume from', async () => {
    const bytes = randomBytes(MiB + 100);
    const name = await recorded(bytes);
    expect((await patch(name, 0, bytes.length, bytes.subarray(0, 1000))).status).toBe(200);

    const ahead = await patch(name, 2000, bytes.length, bytes.subarray(2000, 3000));
    expect(ahead.status).toBe(409);
    expect(ahead.offset).toBe('1000');
    expect(ahead.body.error.message).toMatch(/holds 1000 bytes.*resume from Upload-Offset 1000/);
    const behind = await patch(name, 0, bytes.length, bytes.subarray(0, 500));
    expect([behind.status, behind.offset]).toEqual([409, '1000']);
    expect((await head(name)).offset).toBe('1000');

    // Another length mid-upload is refused; at offset 0 it starts the upload again.
    const otherLength = await patch(name, 1000, bytes.length + 1, bytes.subarray(1000, 2000));
    expect([otherLength.status, otherLength.offset]).toEqual([409, '1000']);
    expect(otherLength.body.error.message).toMatch(/started with Upload-Length/);

    await upload(name, bytes, 1000);
    expect((await storedBytes(name))!.equals(bytes)).toBe(true);
  });

  it('refuses bytes that do not hash to the name, and keeps nothing of them', async () => {
    const genuine = randomBytes(MiB + 3);
    const name = await recorded(genuine);
    const forged = Buffer.from(genuine);
    forged.writeUInt8(forged.readUInt8(forged.length - 1) ^ 0xff, forged.length - 1);
    expect((await patch(name, 0, forged.length, forged.subarray(0, MiB))).status).toBe(200);
    const last = await patch(name, MiB, forged.length, forged.subarray(MiB));
    expect(last.status).toBe(422);
    expect(last.body.error.message).toContain(`hash to ${sha(forged)}, not ${name}: nothing was stored`);

    expect(await head(name)).toEqual({ status: 200, offset: '0', length: null, stored: 'false' });
    expect(await row(name)).toBeUndefined();
    expect(await storedBytes(name)).toBeUndefined();
    expect(existsSync(join(blobs.dir, 'partial', name))).toBe(false);
    expect(existsSync(join(blobs.dir, name.slice(0, 2), name))).toBe(false);

    // The genuine file still goes up afterwards.
    await upload(name, genuine);
    expect((await storedBytes(name))!.equals(genuine)).toBe(true);
  });

  it('refuses a blob no event of the uploader names, and another user\'s recording (403)', async () => {
    const stray = randomBytes(100);
    const h = await head(sha(stray));
    expect(h.status).toBe(403);
    const put = await patch(sha(stray), 0, stray.length, stray);
    expect(put.status).toBe(403);
    expect(put.body.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(put.body.error.message).toMatch(/No event you have pushed names blob [0-9a-f]{64}: push the event that records the file/);
    expect(await row(sha(stray))).toBeUndefined();

    const mine = randomBytes(200);
    const name = await recorded(mine);
    expect((await head(name, otherToken)).status).toBe(403);
    expect((await patch(name, 0, mine.length, mine, { as: otherToken })).status).toBe(403);
    expect(await row(name)).toBeUndefined();

    expect((await patch(name, 0, mine.length, mine, { as: 'not-a-token' })).status).toBe(401);
    expect((await head(name, 'not-a-token')).status).toBe(401);
  });

  it('answers 400 to a name that is not a SHA-256 and to bad headers', async () => {
    const bytes = randomBytes(10);
    const name = await recorded(bytes);
    for (const bad of [name.toUpperCase(), name.slice(1), `${name.slice(1)}g`, 'x']) {
      const reply = await patch(bad, 0, 10, bytes);
      expect(reply.status, bad).toBe(400);
      expect(reply.body.error.message).toMatch(/blob name.*SHA-256/);
      expect((await head(bad)).status).toBe(400);
    }
    const noOffset = await fetch(`${server.url}/api/blobs/${name}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/offset+octet-stream', 'upload-length': '10' }, body: bytes,
    });
    expect(noOffset.status).toBe(400);
    expect(((await noOffset.json()) as ErrorBody).error.message).toBe('Header Upload-Offset must be a whole number of bytes');
    expect((await patch(name, -1, 10, bytes)).status).toBe(400);
    expect((await patch(name, 0, 5, bytes)).body.error.message).toBe('The chunk ends at byte 10, past Upload-Length 5');
    const json = await patch(name, 0, 10, Buffer.from('{"a":1}'), { contentType: 'application/json' });
    expect(json.status).toBe(415);
    expect(await row(name)).toBeUndefined();
  });

  it('answers 413 to a chunk over the limit and a file over the maximum', async () => {
    const bytes = randomBytes(BLOB_CHUNK_LIMIT + 1);
    const name = await recorded(bytes);
    const reply = await patch(name, 0, bytes.length, bytes);
    expect(reply.status).toBe(413);
    expect(reply.body.error.message).toBe(`A chunk may be at most ${BLOB_CHUNK_LIMIT} bytes: send the file in smaller chunks`);
    expect((await patch(name, 0, 2 ** 40, bytes.subarray(0, 10))).status).toBe(413);
    expect(await row(name)).toBeUndefined();
    await upload(name, bytes, 0, BLOB_CHUNK_LIMIT); // the same file in chunks of the limit goes through
  });

  it('takes a repeated upload of a stored blob as a no-op success, by PATCH or PUT', async () => {
    const bytes = randomBytes(5000);
    const name = await recorded(bytes);
    await upload(name, bytes);
    const before = await row(name);
    for (const method of ['PATCH', 'PUT']) {
      const again = await patch(name, 0, bytes.length, bytes, { method });
      expect(again).toMatchObject({ status: 200, offset: '5000', body: { received: 5000, stored: true } });
      expect((await patch(name, 17, bytes.length, bytes.subarray(17, 30), { method })).body.stored).toBe(true);
    }
    expect(await row(name)).toEqual(before);
    expect((await storedBytes(name))!.equals(bytes)).toBe(true);
  });

  it('takes an empty recording in one empty chunk', async () => {
    const name = await recorded(Buffer.alloc(0));
    const reply = await patch(name, 0, 0, Buffer.alloc(0));
    expect(reply.body).toMatchObject({ length: 0, received: 0, stored: true });
  });

  it('never answers 5xx to odd names, headers and bodies', { timeout: 120_000 }, async () => {
    const bytes = randomBytes(300);
    const name = await recorded(bytes);
    const number = fc.oneof(fc.nat({ max: 400 }).map(String), fc.constantFrom('-1', '1e3', '0x10', ' 5', '99999999999999999999', ''), fc.string({ unit: 'grapheme-ascii', maxLength: 8 }));
    await fc.assert(fc.asyncProperty(
      fc.record({
        method: fc.constantFrom('HEAD', 'PATCH', 'PUT'),
        name: fc.oneof(fc.constant(name), fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ unit: 'grapheme-ascii', maxLength: 70 }).map(encodeURIComponent)),
        offset: fc.option(number), length: fc.option(number),
        type: fc.option(fc.constantFrom('application/offset+octet-stream', 'application/octet-stream', 'application/json', 'text/plain', 'multipart/form-data')),
        body: fc.uint8Array({ maxLength: 400 }),
      }),
      async (r) => {
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (r.offset !== null) headers['upload-offset'] = r.offset;
        if (r.length !== null) headers['upload-length'] = r.length;
        if (r.type !== null) headers['content-type'] = r.type;
        const res = await fetch(`${server.url}/api/blobs/${r.name}`, { method: r.method, headers, body: r.method === 'HEAD' ? undefined : r.body });
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        if (res.status >= 400 && r.method !== 'HEAD') expect((JSON.parse(text) as ErrorBody).error.message).toBeTruthy();
      },
    ), { numRuns: 300, seed: 20250602 });
  });

  it('lets any user whose event names the blob upload it, once', async () => {
    const bytes = randomBytes(3000);
    const name = await recorded(bytes);
    const other = await login(server.url, 'collector2', 'device-collector2');
    const pushed = await call(server.url, '/api/sync/push', {
      token: other.token, body: { deviceId: 'device-collector2', events: [clientEvent(1, other.user.id, 'device-collector2', attempt('theirs', bytes))] },
    });
    expect(pushed.status).toBe(200);
    expect((await patch(name, 0, bytes.length, bytes.subarray(0, 1000))).status).toBe(200);
    const rest = await patch(name, 1000, bytes.length, bytes.subarray(1000), { as: other.token });
    expect(rest.body).toMatchObject({ received: 3000, stored: true });
    expect((await storedBytes(name))!.equals(bytes)).toBe(true);
    expect(readdirSync(join(blobs.dir, name.slice(0, 2)))).toContain(name);
  });
});

describe('blob references', () => {
  it('are a call\'s recording and a visit\'s photos', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    expect(blobReferences(attempt('c1', a))).toEqual([{ sha256: a, kind: 'recording' }]);
    expect(blobReferences({ ...attempt('c2', a), recording: null } as EventBody)).toEqual([]);
    expect(blobReferences({ type: 'visit.outcome', photos: [{ sha256: a, bytes: 1, name: 'door.jpg', type: 'image/jpeg' }, { sha256: b }, { sha256: 'nope' }] } as unknown as EventBody))
      .toEqual([{ sha256: a, kind: 'photo' }, { sha256: b, kind: 'photo' }]);
    expect(blobReferences({ type: 'note.added', text: `"sha256":"${a}"` })).toEqual([]);
  });
});

// Recordings named by events pushed before the blobs table existed may be uploaded too.
describeEachStore('migration 0003_blobs', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(kind); });
  afterAll(async () => { await database?.drop(); });

  it('indexes the recordings of events already stored', async () => {
    const db = database.location.databaseUrl ? openPostgresDatabase(database.location.databaseUrl) : openSqliteDatabase(database.location.databaseFile!);
    try {
      const migrator = new Migrator({ db: db.withoutPlugins(), provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0002_buckets')).error).toBeUndefined();
      await db.insertInto('users').values({ id: 'u1', username: 'u1', displayName: 'U', role: 'collector', teamId: null, passwordHash: 'x', createdAt: 'now' }).execute();
      const withRecording = clientEvent(1, 'u1', 'd1', attempt('c1', 'c'.repeat(64)));
      const without = clientEvent(2, 'u1', 'd1', { ...attempt('c2', 'd'.repeat(64)), recording: null } as EventBody);
      const note = clientEvent(3, 'u1', 'd1', { type: 'note.added', text: 'x' });
      for (const e of [withRecording, without, note]) {
        await db.insertInto('events').values({
          id: e.id, deviceId: e.deviceId, seq: e.seq, userId: e.userId, accountId: null, deviceTime: e.deviceTime, receivedAt: e.deviceTime, type: e.body.type, body: JSON.stringify(e.body),
        }).execute();
      }
      expect(await migrateToLatest(db)).toContain('0003_blobs');
      expect(await db.selectFrom('blobRefs').selectAll().execute()).toEqual([{ sha256: 'c'.repeat(64), eventId: withRecording.id, userId: 'u1', kind: 'recording' }]);
    } finally {
      await db.destroy();
    }
  });
});
