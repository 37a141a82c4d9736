// Call review from a lead's console against a real central server (SQLite file, HTTP on
// loopback): an agent's console records a call and syncs it; the lead's core lists it, downloads
// the recording into its cache only when the bytes match their hash, asks the server again
// before playing a cached copy, and says plainly that review needs the server when it is away.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { TEST_KDF } from '../support/console-store';
import { ApiError } from '../../shared/api/errors';
import { startServer } from '../../server/app';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const AT = '2025-06-02T01:30:00.000Z';
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Seen { url: string; ifNoneMatch: string | null; status: number }

async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-review-'));
  const server = await startServer({ databaseFile: join(dir, 'server.db'), blobDir: join(dir, 'blobs'), seedDemo: true, logger: false });
  cleanups.push(() => server.close().catch(() => undefined));
  const open = (name: string, opts: { serverUrl?: string; fetch?: typeof fetch } = {}): Core => {
    const core = createCore(
      { dataDir: join(dir, name), pinnedServerUrl: null, defaultServerUrl: opts.serverUrl ?? server.url, host: 'browser', version: '0' },
      { syncIntervalMs: 3_600_000, fetch: opts.fetch ?? fetch, kdf: TEST_KDF },
    );
    cleanups.push(() => core.close());
    return core;
  };
  return { server, open, dir };
}

/** Blob downloads seen on the way through; `corrupt` flips a byte of each body. */
function watching(seen: Seen[], corrupt = { on: false }): typeof fetch {
  return async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const res = await fetch(input, init);
    if (!/\/api\/blobs\/[0-9a-f]{64}$/.test(url) || (init?.method ?? 'GET') !== 'GET') return res;
    seen.push({ url, ifNoneMatch: new Headers(init?.headers).get('if-none-match'), status: res.status });
    if (!corrupt.on || res.status !== 200) return res;
    const bytes = Buffer.from(await res.arrayBuffer());
    bytes[0] = bytes[0]! ^ 0xff;
    return new Response(bytes, { status: 200, headers: res.headers });
  };
}

/** collector1 records a call on the softphone and syncs it (event, then the recording). */
async function agentCall(agent: Core, callId: string, bytes: Buffer): Promise<string> {
  await agent.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
  await agent.handlers['sync.now']({}); // the sync sign-in starts, so the next is a run of its own
  await agent.handlers['recording.append']({ callId, seq: 0, data: bytes.toString('base64') });
  const logged = await agent.handlers['call.logAttempt']({
    accountId: null, callId, direction: 'outbound', phoneId: null, number: '+8613800000001', result: 'answered',
    startedAt: AT, answeredAt: AT, endedAt: '2025-06-02T01:31:00.000Z', sipStatus: 200, recordingDurationMs: 60_000,
  });
  expect(await agent.handlers['sync.now']({})).toMatchObject({ pendingEvents: 0, pendingRecordings: 0, lastError: null });
  return logged.recording!.sha256;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('call review in the lead’s console', () => {
  it('lists the agent’s call, downloads its recording into the cache once verified, and asks the server before replaying it', async () => {
    const { open } = await world();
    const bytes = randomBytes(300_000);
    const name = await agentCall(open('agent'), 'review-call-1', bytes);
    expect(name).toBe(sha(bytes));

    const seen: Seen[] = [];
    const lead = open('lead', { fetch: watching(seen) });
    await lead.handlers['session.signIn']({ username: 'lead', password: 'demo1234' });
    const list = await lead.handlers['review.calls']({ offset: 0, limit: 50 });
    expect(list.calls.map((c) => c.callId)).toEqual(['review-call-1']);
    expect(list.calls[0]!.recording).toEqual({ sha256: name, durationMs: 60_000, stored: true });
    const detail = await lead.handlers['review.call']({ callId: 'review-call-1' });
    expect(detail.recordingOffsetMs).toBe(0);

    const got = await lead.handlers['review.recording']({ sha256: name });
    expect(Buffer.from(got.data, 'base64').equals(bytes)).toBe(true);
    const cacheDir = join(lead.info().dataDir, 'review-cache');
    expect(readdirSync(cacheDir)).toEqual([`${name}.webm`]);
    expect(seen).toEqual([expect.objectContaining({ ifNoneMatch: null, status: 200 })]);

    // Played again: the server is asked (304, nothing sent), the cached bytes play.
    const again = await lead.handlers['review.recording']({ sha256: name });
    expect(Buffer.from(again.data, 'base64').equals(bytes)).toBe(true);
    expect(seen[1]).toMatchObject({ ifNoneMatch: `"${name}"`, status: 304 });

    // A cached copy changed on disk is not trusted: downloaded again.
    writeFileSync(join(cacheDir, `${name}.webm`), Buffer.from('not the recording'));
    const repaired = await lead.handlers['review.recording']({ sha256: name });
    expect(Buffer.from(repaired.data, 'base64').equals(bytes)).toBe(true);
    expect(seen[2]).toMatchObject({ ifNoneMatch: null, status: 200 });

    const saved = await lead.handlers['review.submit']({ callId: 'review-call-1', score: 5, comment: 'Clear and calm.' });
    expect(saved).toMatchObject({ score: 5, comment: 'Clear and calm.', reviewerName: '王强 (Wang Qiang)' });
    expect((await lead.handlers['review.call']({ callId: 'review-call-1' })).reviews).toEqual([saved]);
  });

  it('keeps nothing whose bytes do not match their hash', async () => {
    const { open } = await world();
    const bytes = randomBytes(50_000);
    const name = await agentCall(open('agent'), 'review-call-2', bytes);
    const seen: Seen[] = [];
    const corrupt = { on: true };
    const lead = open('lead', { fetch: watching(seen, corrupt) });
    await lead.handlers['session.signIn']({ username: 'lead', password: 'demo1234' });
    const err = await failure(lead.handlers['review.recording']({ sha256: name }));
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toMatch(new RegExp(`not ${name}: it was not kept`));
    const cacheDir = join(lead.info().dataDir, 'review-cache');
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
    corrupt.on = false;
    expect(Buffer.from((await lead.handlers['review.recording']({ sha256: name })).data, 'base64').equals(bytes)).toBe(true);
  });

  it('refuses agents, and needs the central server', async () => {
    const { open, server } = await world();
    const name = await agentCall(open('agent'), 'review-call-3', randomBytes(1_000));
    const agent = open('agent'); // restarted: the agent's password opens its data again
    await agent.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
    expect((await failure(agent.handlers['review.calls']({ offset: 0, limit: 10 }))).code).toBe('FORBIDDEN');
    expect((await failure(agent.handlers['review.recording']({ sha256: name }))).message).toMatch(/Only team leads and admins/);

    const lead = open('lead');
    await lead.handlers['session.signIn']({ username: 'lead', password: 'demo1234' });
    await lead.handlers['review.recording']({ sha256: name }); // cached
    await server.close();
    const attempts = [() => lead.handlers['review.calls']({ offset: 0, limit: 10 }), () => lead.handlers['review.call']({ callId: 'review-call-3' }), () => lead.handlers['review.recording']({ sha256: name })];
    for (const attempt of attempts) {
      const err = await failure(attempt());
      expect(err.code).toBe('SERVER_UNREACHABLE');
      expect(err.message).toMatch(/Call review needs the central server/);
    }
  });
});
