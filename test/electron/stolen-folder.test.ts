// A lost laptop leaks nothing (issue 15): a field agent's console does a day of work (the route
// pulled, visits with photos, a call with its recording, notes), and its data directory is copied
// as it stands, the core still running, WAL and all. Every byte of the copy is searched for the
// debtor's name, phone number, account reference, an ID number and the note's text, in UTF-8 and
// UTF-16 (both byte orders): none is found. The same search over the central server's own (plain)
// database finds them, so the needles and the search are right; on the code before encryption at
// rest this test failed on every needle.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { startServer } from '../../server/app';
import { TEST_KDF, testKeychain } from '../support/console-store';

// Tuesday 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');
const PAIR = [{ name: '张伟', staffId: 'F-1001' }, { name: '刘洋', staffId: 'F-1002' }];
const ID_NUMBER = '110101199003074518';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
  });
}

/** The text in each encoding a program might have written it in. */
function encodings(text: string): Buffer[] {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le);
  be.swap16();
  return [Buffer.from(text, 'utf8'), le, be];
}

/** Which needles occur anywhere in the files' bytes, and where. */
function found(files: string[], needles: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const [what, text] of Object.entries(needles)) {
      if (encodings(text).some((e) => bytes.includes(e))) hits.push(`${what} in ${file}`);
    }
  }
  return hits;
}

/** A PNG's signature and header chunk, then the text: a photo whose bytes would show it if kept plain. */
function photoWith(text: string): Buffer {
  return Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.from(`tEXtComment\0${text}`, 'utf8')]);
}

describe.each([
  { host: 'browser shell (key wrapped by the agent\'s password)', keychain: null },
  { host: 'desktop app (key wrapped by the OS keychain)', keychain: testKeychain() },
])('a stolen data directory: $host', ({ keychain }) => {
  it('holds none of the debtor\'s details after a day of work, WAL included', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-stolen-'));
    const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now: () => NOW });
    cleanups.push(() => server.close().catch(() => undefined));
    const dataDir = join(dir, 'console');
    const core: Core = createCore(
      { dataDir, pinnedServerUrl: null, defaultServerUrl: server.url, host: keychain ? 'electron' : 'browser', version: '0' },
      { now: () => NOW, syncIntervalMs: 3_600_000, keychain, kdf: TEST_KDF },
    );
    cleanups.push(() => core.close());
    const h = core.handlers;
    await h['session.signIn']({ username: 'field', password: 'demo1234' });
    await h['sync.now']({});

    // The day: the first stop visited with a photo and a note, then a call to the debtor, recorded.
    const [stop] = (await h['visits.route']({})).stops;
    const detail = await h['account.get']({ accountId: stop!.accountId });
    const debtor = detail.parties.find((p) => p.kind === 'debtor')!;
    const phone = detail.phones.find((p) => p.partyId === debtor.id)!;
    const note = `债务人出示身份证 ${ID_NUMBER}，承诺月底前还款，家中有老人需要照顾`;
    const visit = await h['visits.checkIn']({ accountId: stop!.accountId, location: { kind: 'typed', place: detail.account.address }, attendees: PAIR });
    expect(visit.ok).toBe(true);
    const uploadId = randomUUID();
    await h['files.stage']({ uploadId, offset: 0, data: photoWith(`${debtor.name} ${phone.number}`).toString('base64') });
    const photo = await h['visits.attachPhoto']({ name: 'door.png', uploadId });
    if (!visit.ok) throw new Error('the check-in was refused');
    await h['visits.checkOut']({ visitId: visit.visitId, outcome: 'met_debtor', promise: null, plan: null, note, photos: [photo] });
    const callId = `call-${randomUUID()}`;
    await h['recording.append']({ callId, seq: 0, data: Buffer.from(`OggS ${debtor.name} ${phone.number} ${note}`).toString('base64') });
    await h['call.logAttempt']({
      accountId: stop!.accountId, callId, direction: 'outbound', phoneId: phone.id, number: phone.number, result: 'answered',
      startedAt: NOW.toISOString(), answeredAt: NOW.toISOString(), endedAt: NOW.toISOString(), sipStatus: 200, recordingDurationMs: 1000,
    });

    // The thief's copy, taken while the console runs: the WAL holds the latest pages.
    const copy = mkdtempSync(join(tmpdir(), 'fairline-copy-'));
    cpSync(dataDir, copy, { recursive: true });
    const files = filesUnder(copy);
    expect(files.some((f) => f.endsWith('fairline.db-wal') && statSync(f).size > 0)).toBe(true);
    expect(files.some((f) => f.includes('/recordings/'))).toBe(true);
    expect(files.some((f) => f.includes('/photos/'))).toBe(true);

    const needles = {
      'debtor name': debtor.name,
      'phone number': phone.number,
      'phone number (national)': phone.number.replace(/^\+86/, ''),
      'account reference': detail.account.ref,
      'address': detail.account.address,
      'ID number': ID_NUMBER,
      'note text': '承诺月底前还款',
    };
    expect(found(files, needles)).toEqual([]);

    // The control: the central server's plain database holds them (its file is not the console's to encrypt).
    await h['sync.now']({});
    const serverFiles = readdirSync(dir).filter((n) => n.startsWith('server.db')).map((n) => join(dir, n));
    const onServer = found(serverFiles, { 'debtor name': debtor.name, 'phone number': phone.number, 'note text': '承诺月底前还款', 'ID number': ID_NUMBER });
    expect(onServer.map((hit) => hit.split(' in ')[0])).toEqual(expect.arrayContaining(['debtor name', 'phone number', 'note text', 'ID number']));
  });
});
