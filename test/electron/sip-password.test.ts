// The SIP password at rest: sealed by the host's SecretBox (Electron's safeStorage; a fake
// here, since the real one needs Electron and an OS keychain), stored as typed without one
// (the browser shell), and never read back by 'settings.get'. The whole database is encrypted
// besides (issue 15); these consoles open it with a test keychain so no sign-in is needed, and
// read the stored settings with that key.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../electron/core/core';
import type { SecretBox } from '../../electron/core/settings';
import { keychainBox, type SafeStorageLike } from '../../electron/hosts/keychain';
import { openConsoleStore, testKeychain } from '../support/console-store';

const keychain = testKeychain();

const PASSWORD = 'lab-agent1-secret';
const open: Core[] = [];
afterEach(() => {
  for (const core of open.splice(0)) core.close();
});

/** A reversible box whose output shows no trace of the input. */
function fakeBox(key = 7): SecretBox & { sealed: number } {
  const box = {
    sealed: 0,
    seal: (plain: string) => {
      box.sealed++;
      return `box:${key}:${Buffer.from([...Buffer.from(plain)].map((b) => b ^ key)).toString('base64')}`;
    },
    open: (sealed: string) => {
      const [tag, k, body] = sealed.split(':');
      if (tag !== 'box' || Number(k) !== key) throw new Error('sealed by another key');
      return Buffer.from([...Buffer.from(body!, 'base64')].map((b) => b ^ key)).toString();
    },
  };
  return box;
}

function start(dataDir: string, secretBox: SecretBox | null): Core {
  const core = createCore({ dataDir, pinnedServerUrl: null, defaultServerUrl: 'http://127.0.0.1:9', host: secretBox ? 'electron' : 'browser', version: '0' }, { secretBox, systemLocale: 'en', keychain });
  open.push(core);
  return core;
}

function storedText(dataDir: string): string {
  const db = openConsoleStore(dataDir, { keychain });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'settings'").get() as { value: string }).value;
  } finally {
    db.close();
  }
}

const account = { server: 'ws://127.0.0.1:5066', uri: 'sip:agent1@lab.fairline.test', authUser: 'agent1', password: PASSWORD };

describe('the SIP password', () => {
  it('is sealed by the keychain in the Electron app, and only sip.account opens it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-secret-'));
    const core = start(dir, fakeBox());
    const updated = await core.handlers['settings.update']({ sip: account });
    expect(updated.sip.password).toBe('');
    expect(updated.sipPassword).toEqual({ saved: true, storage: 'keychain' });
    expect(storedText(dir)).not.toContain(PASSWORD);
    expect(JSON.parse(storedText(dir)).sealedSipPassword).toMatch(/^box:7:/);

    const read = await core.handlers['settings.get']({});
    expect(JSON.stringify(read)).not.toContain(PASSWORD);
    expect(read.sip).toMatchObject({ uri: account.uri, authUser: 'agent1', password: '' });
    expect(await core.handlers['sip.account']({})).toMatchObject({ ...account });

    // Other settings leave it alone; a new password replaces it; '' removes it.
    await core.handlers['settings.update']({ sip: { displayName: 'Collector One' }, phone: { autoAnswer: true } });
    expect((await core.handlers['sip.account']({})).password).toBe(PASSWORD);
    await core.handlers['settings.update']({ sip: { password: 'another' } });
    expect((await core.handlers['sip.account']({})).password).toBe('another');
    expect((await core.handlers['settings.update']({ sip: { password: '' } })).sipPassword).toEqual({ saved: false, storage: 'keychain' });
    expect((await core.handlers['sip.account']({})).password).toBe('');
  });

  it('is stored as typed in the browser shell, which has no keychain, and Settings says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-secret-'));
    const core = start(dir, null);
    const updated = await core.handlers['settings.update']({ sip: account });
    expect(updated.sipPassword).toEqual({ saved: true, storage: 'database' });
    expect(updated.sip.password).toBe('');
    expect(JSON.parse(storedText(dir)).sip.password).toBe(PASSWORD);
    expect(JSON.stringify(await core.handlers['settings.get']({}))).not.toContain(PASSWORD);
    expect((await core.handlers['sip.account']({})).password).toBe(PASSWORD);
  });

  it('stored as typed earlier is sealed once a keychain is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-secret-'));
    await start(dir, null).handlers['settings.update']({ sip: account });
    open.pop()!.close();
    const box = fakeBox();
    const core = start(dir, box);
    expect((await core.handlers['settings.get']({})).sipPassword).toEqual({ saved: true, storage: 'keychain' });
    expect((await core.handlers['sip.account']({})).password).toBe(PASSWORD);
    expect(box.sealed).toBe(1);
    expect(storedText(dir)).not.toContain(PASSWORD);
    expect((await core.handlers['sip.account']({})).password).toBe(PASSWORD);
  });

  it('sealed by a key this host cannot use reads as no password, never as garbage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-secret-'));
    await start(dir, fakeBox(7)).handlers['settings.update']({ sip: account });
    open.pop()!.close();
    expect((await start(dir, fakeBox(9)).handlers['sip.account']({})).password).toBe('');
    open.pop()!.close();
    // The Electron app's data directory opened by the browser shell: nothing to open it with.
    const shell = start(dir, null);
    expect((await shell.handlers['sip.account']({})).password).toBe('');
    expect((await shell.handlers['settings.get']({})).sipPassword).toEqual({ saved: true, storage: 'database' });
  });

  it('settings stored before the softphone preferences existed still read, with auto-answer off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-secret-'));
    const core = start(dir, null);
    await core.handlers['settings.update']({ language: 'zh-CN' });
    const db = openConsoleStore(dir, { keychain, readonly: false });
    const old = JSON.parse(storedText(dir)) as Record<string, unknown>;
    delete old.phone;
    delete old.sealedSipPassword;
    db.prepare("UPDATE meta SET value = ? WHERE key = 'settings'").run(JSON.stringify(old));
    db.close();
    const read = await core.handlers['settings.get']({});
    expect(read.language).toBe('zh-CN');
    expect(read.phone).toEqual({ autoAnswer: false, input: null, output: null, ringing: null });
  });
});

describe('keychainBox over Electron safeStorage', () => {
  const storage = (available: boolean, backend?: string): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(`enc(${plain})`),
    decryptString: (buffer) => /^enc\((.*)\)$/.exec(buffer.toString())![1]!,
    getSelectedStorageBackend: backend === undefined ? undefined : () => backend,
  });

  it('seals and opens through safeStorage', () => {
    const box = keychainBox(storage(true, 'gnome_libsecret'), 'linux')!;
    const sealed = box.seal(PASSWORD);
    expect(sealed).not.toContain(PASSWORD);
    expect(box.open(sealed)).toBe(PASSWORD);
    expect(keychainBox(storage(true), 'darwin')).not.toBeNull();
  });

  it('is none when the OS has no keychain, or only Chromium’s built-in key on Linux', () => {
    expect(keychainBox(storage(false), 'win32')).toBeNull();
    expect(keychainBox(storage(true, 'basic_text'), 'linux')).toBeNull();
  });
});
