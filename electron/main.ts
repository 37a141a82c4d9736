// Electron main: a thin shell. It hardens the window, serves the renderer from its own
// scheme with a strict CSP, and wires the one IPC channel to the core.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { app, BrowserWindow, ipcMain, powerMonitor, protocol, safeStorage, session } from 'electron';
import { dispatch } from '../shared/api/dispatch';
import { clockFromEnv, defaultDataDir } from './core/config';
import { createCore } from './core/core';
import { trustConfiguredCertificateAuthority } from './core/sync/http';
import { APP_ORIGIN, APP_SCHEME, IPC_CHANNEL } from './hosts/ipc-channel';
import { keychainBox, keychainKeyWrapper } from './hosts/keychain';
import { CONTENT_SECURITY_POLICY } from './hosts/security';

const rendererDir = join(__dirname, '..', 'renderer');
const MIME: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.map': 'application/json',
  // The answering-machine detector's model and runtime: WebAssembly must be served as such to be compiled streaming.
  '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream',
};

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

async function main(): Promise<void> {
  await app.whenReady();
  await trustConfiguredCertificateAuthority();
  const core = createCore({
    dataDir: process.env.FAIRLINE_DATA_DIR ?? (process.env.FAIRLINE_DATA_DIR = defaultDataDir()),
    pinnedServerUrl: process.env.FAIRLINE_SERVER_URL ?? null,
    defaultServerUrl: process.env.FAIRLINE_EMBEDDED_SERVER_URL ?? 'http://127.0.0.1:7300',
    host: 'electron',
    version: app.getVersion(),
  }, {
    now: clockFromEnv().now,
    // The SIP password sealed by the OS keychain (null where there is none: stored as typed).
    secretBox: keychainBox(safeStorage),
    // The key that encrypts the console's data, wrapped by the OS keychain (null where there is
    // none: each agent's password wraps it, as in the browser shell).
    keychain: keychainKeyWrapper(safeStorage),
  });

  // The screen locks with the computer's: its own lock screen, sleep.
  powerMonitor.on('lock-screen', () => core.lock('system'));
  powerMonitor.on('suspend', () => core.lock('system'));

  protocol.handle(APP_SCHEME, async (request) => {
    const path = normalize(decodeURIComponent(new URL(request.url).pathname)).replace(/^([/\\])+/, '');
    const file = join(rendererDir, path || 'index.html');
    if (!file.startsWith(rendererDir)) return new Response('Forbidden', { status: 403 });
    const body = await readFile(file).catch(() => readFile(join(rendererDir, 'index.html')));
    return new Response(body, {
      headers: { 'content-type': MIME[extname(file)] ?? 'text/html', 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  });

  // Only the microphone, and only for the app's own pages.
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) => {
    const audioOnly = permission === 'media' && 'mediaTypes' in details && (details.mediaTypes ?? []).every((t) => t === 'audio');
    callback(audioOnly && isAppUrl(wc.getURL()));
  });
  session.defaultSession.setPermissionCheckHandler((_wc, permission, origin) => permission === 'media' && origin === APP_ORIGIN);

  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted from the console only' } };
    }
    return dispatch(core.handlers, method, input, (err) => console.error(err));
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e, url) => { if (!isAppUrl(url)) e.preventDefault(); });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });

  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Fairline',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('window-all-closed', () => {
    core.close();
    app.quit();
  });
}

// A start that fails (FAIRLINE_CA_FILE unreadable, say) is thrown again as an uncaught error, so
// Electron shows it in its error box and the agent is not left with no window and no reason.
main().catch((err: unknown) => setImmediate(() => { throw err; }));
