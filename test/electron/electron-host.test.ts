// The Electron host, tested without the Electron binary (it cannot run on these machines): main.ts
// and preload.ts are loaded against a stub of the `electron` module that records what they ask
// of it, and the core is a fake that records how it was made. Checked: the window's and session's
// settings, the content security policy, the IPC sender check, the navigation, new-window,
// webview and permission guards, the device key wrapped by safeStorage, and the screen locking
// with the OS. Loosening contextIsolation, sandbox, nodeIntegration, webSecurity or the CSP fails
// these tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { keychainKeyWrapper, type SafeStorageLike } from '../../electron/hosts/keychain';
import { CONTENT_SECURITY_POLICY } from '../../electron/hosts/security';

type Listener = (...args: unknown[]) => unknown;

/** What main.ts and preload.ts asked of Electron. */
const seen = {
  schemes: [] as unknown[],
  windows: [] as { options: { webPreferences: Record<string, unknown> } & Record<string, unknown>; loaded: string[] }[],
  ipc: new Map<string, Listener>(),
  appOn: new Map<string, Listener>(),
  power: new Map<string, Listener>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  permissionRequest: null as null | Listener,
  permissionCheck: null as null | Listener,
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
  core: null as null | { config: Record<string, unknown>; deps: Record<string, unknown>; locks: string[] },
  safeStorage: { available: true, backend: 'gnome_libsecret' },
};

function resetSeen(): void {
  seen.schemes = [];
  seen.windows = [];
  seen.ipc.clear();
  seen.appOn.clear();
  seen.power.clear();
  seen.protocolHandlers.clear();
  seen.permissionRequest = null;
  seen.permissionCheck = null;
  seen.exposed.clear();
  seen.invoked = [];
  seen.core = null;
}

vi.mock('electron', () => {
  class BrowserWindow {
    private readonly record: (typeof seen.windows)[number];
    constructor(options: (typeof seen.windows)[number]['options']) {
      this.record = { options, loaded: [] };
      seen.windows.push(this.record);
    }
    loadURL(url: string): Promise<void> {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    app: {
      whenReady: () => Promise.resolve(),
      getVersion: () => '9.9.9',
      on: (event: string, listener: Listener) => { seen.appOn.set(event, listener); },
      quit: () => undefined,
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, listener: Listener) => { seen.ipc.set(channel, listener); } },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => { seen.schemes.push(...schemes); },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => { seen.protocolHandlers.set(scheme, handler); },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => { seen.permissionRequest = handler; },
        setPermissionCheckHandler: (handler: Listener) => { seen.permissionCheck = handler; },
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => seen.safeStorage.available,
      getSelectedStorageBackend: () => seen.safeStorage.backend,
      encryptString: (plain: string) => Buffer.from(`os-keychain(${Buffer.from(plain).toString('hex')})`),
      decryptString: (sealed: Buffer) => Buffer.from(/^os-keychain\(([0-9a-f]*)\)$/.exec(sealed.toString())![1]!, 'hex').toString(),
    },
    powerMonitor: { on: (event: string, listener: Listener) => { seen.power.set(event, listener); } },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { seen.exposed.set(key, api); } },
    ipcRenderer: { invoke: (...args: unknown[]) => { seen.invoked.push(args); return Promise.resolve('answer'); } },
  };
});

vi.mock('../../electron/core/core', () => ({
  createCore: (config: Record<string, unknown>, deps: Record<string, unknown>) => {
    const core = { config, deps, locks: [] as string[] };
    seen.core = core;
    return {
      handlers: { 'session.current': async () => null },
      info: () => ({}),
      screensOpen: () => undefined,
      lock: (reason: string) => { core.locks.push(reason); },
      close: () => undefined,
    };
  },
}));

/** Loads main.ts afresh (it runs at import, as Electron runs it) and waits for its window. */
async function loadMain(): Promise<void> {
  resetSeen();
  vi.resetModules();
  process.env.FAIRLINE_DATA_DIR = mkdtempSync(join(tmpdir(), 'fairline-host-'));
  await import('../../electron/main');
  await vi.waitFor(() => expect(seen.windows).toHaveLength(1));
}

function contents(url: string) {
  const on = new Map<string, Listener>();
  let openHandler: Listener | null = null;
  return {
    on: (event: string, listener: Listener) => { on.set(event, listener); },
    setWindowOpenHandler: (handler: Listener) => { openHandler = handler; },
    getURL: () => url,
    fire: (event: string, ...args: unknown[]) => on.get(event)!(...args),
    openHandler: () => openHandler!,
  };
}

function prevented() {
  const e = { defaultPrevented: false, preventDefault: () => { e.defaultPrevented = true; } };
  return e;
}

describe('the Electron main process', () => {
  beforeEach(async () => {
    seen.safeStorage = { available: true, backend: 'gnome_libsecret' };
    await loadMain();
  });

  it('opens one window, isolated and sandboxed, with no Node in the page, from the app\'s own scheme', () => {
    const [win] = seen.windows;
    expect(win!.options.webPreferences).toEqual({
      preload: expect.stringMatching(/preload\.cjs$/),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    });
    expect(win!.loaded).toEqual(['fairline://app/index.html']);
    expect(seen.schemes).toEqual([{ scheme: 'fairline', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves the renderer with the strict CSP, and nothing outside its folder', async () => {
    const handler = seen.protocolHandlers.get('fairline')!;
    const page = await handler(new Request('fairline://app/index.html'));
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const escape = await handler(new Request('fairline://app/..%2F..%2F..%2Fetc%2Fpasswd'));
    expect(escape.status === 403 || !(await escape.text()).includes('root:')).toBe(true);
  });

  it('keeps a CSP that runs only the app\'s own scripts and loads nothing from elsewhere', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", "'wasm-unsafe-eval'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'media-src': ["'self'", 'blob:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'", 'ws:', 'wss:'],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'none'"],
    });
  });

  it('answers IPC only from the console\'s own pages', async () => {
    const handle = seen.ipc.get('fairline:invoke')!;
    const from = (url: string | null) => ({ senderFrame: url === null ? null : { url } });
    expect(await handle(from('https://evil.example/'), 'session.current', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handle(from('fairline://application/x'), 'session.current', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handle(from(null), 'session.current', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handle(from('fairline://app/index.html'), 'session.current', {})).toEqual({ ok: true, value: null });
    expect(await handle(from('fairline://app/index.html'), 'session.current', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await handle(from('fairline://app/index.html'), 'no.such.method', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('keeps every page on the app: no navigation away, no new windows, no webviews', () => {
    const page = contents('fairline://app/index.html');
    seen.appOn.get('web-contents-created')!({}, page);
    const away = prevented();
    page.fire('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    const inside = prevented();
    page.fire('will-navigate', inside, 'fairline://app/index.html#queue');
    expect(inside.defaultPrevented).toBe(false);
    expect(page.openHandler()({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const webview = prevented();
    page.fire('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('grants the microphone to the app\'s pages, and nothing else to anyone', () => {
    const ask = (url: string, permission: string, mediaTypes?: string[]) => {
      let granted: boolean | undefined;
      seen.permissionRequest!({ getURL: () => url }, permission, (g: boolean) => { granted = g; }, mediaTypes ? { mediaTypes } : {});
      return granted;
    };
    expect(ask('fairline://app/index.html', 'media', ['audio'])).toBe(true);
    expect(ask('fairline://app/index.html', 'media', ['audio', 'video'])).toBe(false);
    expect(ask('https://evil.example/', 'media', ['audio'])).toBe(false);
    for (const other of ['geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(ask('fairline://app/index.html', other)).toBe(false);
    expect(seen.permissionCheck!(null, 'media', 'fairline://app')).toBe(true);
    expect(seen.permissionCheck!(null, 'media', 'https://evil.example')).toBe(false);
    expect(seen.permissionCheck!(null, 'geolocation', 'fairline://app')).toBe(false);
  });

  it('has the core\'s device key wrapped by safeStorage, and the SIP password sealed by it', () => {
    const deps = seen.core!.deps as { keychain: { wrap(k: Buffer): string; unwrap(w: string): Buffer }; secretBox: { seal(p: string): string } };
    const key = Buffer.alloc(32, 7);
    const wrapped = deps.keychain.wrap(key);
    expect(wrapped).not.toContain(key.toString('base64'));
    expect(deps.keychain.unwrap(wrapped).equals(key)).toBe(true);
    expect(deps.secretBox.seal('sip-secret')).not.toContain('sip-secret');
    expect(seen.core!.config).toMatchObject({ host: 'electron', version: '9.9.9', dataDir: process.env.FAIRLINE_DATA_DIR });
  });

  it('locks the console when the computer locks or sleeps', () => {
    seen.power.get('lock-screen')!();
    seen.power.get('suspend')!();
    expect(seen.core!.locks).toEqual(['system', 'system']);
  });
});

describe('the Electron main process without an OS keychain', () => {
  it('leaves the device key to the agents\' passwords where Linux has only Chromium\'s built-in key', async () => {
    seen.safeStorage = { available: true, backend: 'basic_text' };
    await loadMain();
    expect(process.platform !== 'linux' || seen.core!.deps.keychain === null).toBe(true);
    seen.safeStorage = { available: false, backend: 'unknown' };
    await loadMain();
    expect(seen.core!.deps.keychain).toBeNull();
  });

  it('wraps through encryptString, and refuses a key wrapped elsewhere', () => {
    const storage: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'keychain',
      encryptString: (plain) => Buffer.from(`k1:${plain}`),
      decryptString: (sealed) => {
        const text = sealed.toString();
        if (!text.startsWith('k1:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString');
        return text.slice(3);
      },
    };
    const wrapper = keychainKeyWrapper(storage, 'darwin')!;
    const key = Buffer.alloc(32, 1);
    expect(wrapper.unwrap(wrapper.wrap(key)).equals(key)).toBe(true);
    expect(() => wrapper.unwrap(Buffer.from('k2:abc').toString('base64'))).toThrow(/decrypting/);
  });
});

describe('the preload', () => {
  it('exposes one function, invoke, over the one IPC channel, and nothing else', async () => {
    resetSeen();
    vi.resetModules();
    await import('../../electron/preload');
    expect([...seen.exposed.keys()]).toEqual(['fairline']);
    const api = seen.exposed.get('fairline') as Record<string, (...args: unknown[]) => Promise<unknown>>;
    expect(Object.keys(api)).toEqual(['invoke']);
    expect(await api.invoke!('app.info', {})).toBe('answer');
    expect(seen.invoked).toEqual([['fairline:invoke', 'app.info', {}]]);
  });
});
