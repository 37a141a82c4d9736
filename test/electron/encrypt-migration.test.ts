// A console's data from before encryption at rest (a plain database with a WAL still holding
// rows, plain recordings and photos) is encrypted in place at the next start, and nothing is lost
// if the process dies at any point of it: killed at each step, and at random moments during the
// copy, then started again, the console has every row and every file, and nothing is plain.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { FileSealer } from '../../electron/core/files/sealed-file';
import { isPlainDatabase, openDatabase } from '../../electron/core/store/database';
import { consoleKey, openConsoleStore, testKeychain } from '../support/console-store';

const ROWS = 60_000;
const keychain = testKeychain();
let legacy: string;
const files: Record<string, Buffer> = {};

/** A plain data directory as an older console left it: its WAL not yet folded into the file. */
beforeAll(() => {
  const work = mkdtempSync(join(tmpdir(), 'fairline-legacy-work-'));
  legacy = mkdtempSync(join(tmpdir(), 'fairline-legacy-'));
  const db = openDatabase(join(work, 'fairline.db'));
  db.pragma('wal_autocheckpoint = 0');
  const insert = db.prepare("INSERT INTO events (seq, id, user_id, account_id, type, body, device_time) VALUES (?, ?, 'u1', NULL, 'note.added', ?, '2026-11-24T02:00:00.000Z')");
  db.transaction(() => {
    for (let i = 1; i <= ROWS; i++) insert.run(i, `e${i}`, JSON.stringify({ type: 'note.added', text: `王小明 13812345678 第${i}条` }));
  })();
  db.prepare("INSERT INTO meta (key, value) VALUES ('deviceId', '\"legacy-device\"')").run();
  // Copied while the connection is open: the file plus a WAL holding the latest rows.
  cpSync(join(work, 'fairline.db'), join(legacy, 'fairline.db'));
  cpSync(join(work, 'fairline.db-wal'), join(legacy, 'fairline.db-wal'));
  db.close();
  for (const [dir, name] of [['recordings', 'call-1.webm'], ['photos', `${'a'.repeat(64)}.png`], ['review-cache', `${'b'.repeat(64)}.webm`]] as const) {
    mkdirSync(join(legacy, dir), { recursive: true });
    files[`${dir}/${name}`] = Buffer.concat([Buffer.from('王小明 13812345678 '), randomBytes(200_000)]);
    writeFileSync(join(legacy, dir, name), files[`${dir}/${name}`]!);
  }
});

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** Runs the encryption in a child that kills itself at `stopAt`, or is killed `killAfterMs` after the WAL was folded. */
function encryptIn(dataDir: string, stopAt: string, killAfterMs?: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'encrypt-child.ts'), dataDir, stopAt], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const steps: string[] = [];
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  child.stdout.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n').filter(Boolean)) {
      steps.push(line);
      if (line === 'folded' && killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    }
  });
  return new Promise((resolve, reject) => child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`encrypt-child failed (${code}): ${err}`));
    else resolve(steps);
  }));
}

/** Starts a console on the directory (which finishes the encryption) and checks everything is there, encrypted. */
function expectWhole(dataDir: string): void {
  const core = createCore({ dataDir, pinnedServerUrl: null, defaultServerUrl: 'http://127.0.0.1:9', host: 'electron', version: '0' }, { keychain });
  try {
    expect(core.info().storeError).toBeNull();
  } finally {
    core.close();
  }
  expect(isPlainDatabase(join(dataDir, 'fairline.db'))).toBe(false);
  expect(readdirSync(dataDir).filter((n) => n.includes('.encrypting'))).toEqual([]);
  const db = openConsoleStore(dataDir, { keychain });
  try {
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(ROWS);
    expect(db.prepare('SELECT max(seq) FROM events').pluck().get()).toBe(ROWS);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'deviceId'").pluck().get()).toBe('"legacy-device"');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  const sealer = new FileSealer(consoleKey(dataDir, { keychain }));
  for (const [path, bytes] of Object.entries(files)) {
    const file = join(dataDir, path);
    expect(FileSealer.isSealed(file)).toBe(true);
    expect(readFileSync(file).includes(Buffer.from('王小明'))).toBe(false);
    expect(sealer.readFile(file).equals(bytes)).toBe(true);
  }
}

describe('encrypting a console\'s data from before encryption at rest', () => {
  it('runs to the end in one go', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-enc-'));
    cpSync(legacy, dir, { recursive: true });
    expect(await encryptIn(dir, 'none')).toEqual(['key', 'folded', 'copied', 'swapped', 'done']);
    expectWhole(dir);
  });

  for (const step of ['key', 'folded', 'copied', 'swapped']) {
    it(`loses nothing when killed right after "${step}"`, { timeout: 120_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'fairline-enc-'));
      cpSync(legacy, dir, { recursive: true });
      const steps = await encryptIn(dir, step);
      expect(steps.at(-1)).toBe(step);
      expectWhole(dir);
    });
  }

  it('loses nothing when killed in the middle of the copy', { timeout: 180_000 }, async () => {
    for (const ms of [5, 40, 120]) {
      const dir = mkdtempSync(join(tmpdir(), 'fairline-enc-'));
      cpSync(legacy, dir, { recursive: true });
      const steps = await encryptIn(dir, 'none', ms);
      expect(steps).toContain('folded');
      expectWhole(dir);
    }
  });
});

describe('a browser-shell console from before encryption at rest', () => {
  it('is encrypted in place at the first sign-in the central server accepts, keeping its device', { timeout: 120_000 }, async () => {
    const { startServer } = await import('../../server/app');
    const dir = mkdtempSync(join(tmpdir(), 'fairline-legacy-shell-'));
    const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false });
    try {
      const dataDir = join(dir, 'console');
      mkdirSync(dataDir);
      const db = openDatabase(join(dataDir, 'fairline.db'));
      db.prepare("INSERT INTO meta (key, value) VALUES ('deviceId', '\"old-shell-device\"')").run();
      db.close();
      const secret = 'S'.repeat(43);
      writeFileSync(join(dataDir, 'device.secret'), `${secret}\n`);
      const core = createCore({ dataDir, pinnedServerUrl: null, defaultServerUrl: server.url, host: 'browser', version: '0' }, { kdf: { N: 2 ** 12, r: 8, p: 1 }, syncIntervalMs: 3_600_000 });
      try {
        expect(core.info().storeError).toBeNull();
        expect(await core.handlers['session.current']({})).toBeNull(); // closed until a password opens it
        await expect(core.handlers['session.signIn']({ username: 'collector1', password: 'wrong' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
        expect(isPlainDatabase(join(dataDir, 'fairline.db'))).toBe(true); // a refused password changes nothing
        await core.handlers['session.signIn']({ username: 'collector1', password: 'demo1234' });
      } finally {
        core.close();
      }
      expect(isPlainDatabase(join(dataDir, 'fairline.db'))).toBe(false);
      expect(readdirSync(dataDir)).not.toContain('device.secret');
      const local = openConsoleStore(dataDir);
      try {
        expect(local.prepare("SELECT value FROM meta WHERE key = 'deviceId'").pluck().get()).toBe('"old-shell-device"');
        expect(local.prepare("SELECT value FROM meta WHERE key = 'deviceSecret'").pluck().get()).toBe(JSON.stringify(secret));
      } finally {
        local.close();
      }
      // The server bound the device to the secret the console already had.
      const devices = await server.store.security.listDevices();
      expect(devices.find((d) => d.id === 'old-shell-device')).toMatchObject({ bound: true, username: 'collector1' });
    } finally {
      await server.close();
    }
  });
});
