// `npm start`: the embedded central server (unless FAIRLINE_SERVER_URL names one), then the
// console: Electron where its binary exists, otherwise the browser shell. Ctrl-C stops all.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { clockFromEnv, defaultDataDir } from '../electron/core/config';
import { createCore } from '../electron/core/core';
import { trustConfiguredCertificateAuthority } from '../electron/core/sync/http';
import { startBrowserShell } from '../electron/hosts/browser-shell';
import { startServer } from '../server/app';
import { electronBinary } from './electron-binary';
import { ensureRenderer } from './ensure-renderer';
import { LADDER_EVERY_MS } from '../server/jobs/ladder';
import { messagingFromEnv } from '../server/messaging';
import pkg from '../package.json' with { type: 'json' };

const stops: (() => Promise<void> | void)[] = [];

async function main(): Promise<void> {
  ensureRenderer(log);
  const dataDir = defaultDataDir();
  mkdirSync(dataDir, { recursive: true });
  const pinnedServerUrl = process.env.FAIRLINE_SERVER_URL ?? null;
  log(`Data directory: ${dataDir}`);
  const clock = clockFromEnv();
  if (clock.shiftedTo) log(`Clock set by FAIRLINE_CLOCK: running as if it were ${clock.shiftedTo} (training mode, not for real calls).`);

  let embeddedUrl = '';
  if (pinnedServerUrl) {
    log(`Central server: ${pinnedServerUrl} (FAIRLINE_SERVER_URL)`);
  } else {
    const databaseFile = join(dataDir, 'server.db');
    // The stage ladder's job runs as on a real server; FAIRLINE_LADDER=off leaves the demo portfolio as seeded (the e2e suite does).
    const ladderEveryMs = process.env.FAIRLINE_LADDER === 'off' ? undefined : LADDER_EVERY_MS;
    // Texts and emails go out only where FAIRLINE_SMPP_URL / FAIRLINE_SMTP_URL say (docs/messaging.md; `npm run lab` prints them).
    const messaging = messagingFromEnv(process.env);
    const server = await startServer({ databaseFile, seedDemo: true, logger: false, now: clock.now, ladderEveryMs, messaging });
    if (messaging.smpp || messaging.smtp) log(`Messaging: ${[messaging.smpp && `SMS over ${messaging.smpp.url}`, messaging.smtp && `email over smtp://${messaging.smtp.host}:${messaging.smtp.port}`].filter(Boolean).join(', ')}`);
    stops.push(() => server.close());
    embeddedUrl = server.url;
    log(`Central server (embedded): ${server.url}, data in ${databaseFile}`);
    // The embedded server is the demo: say so, since its users' password is public.
    log('DEMO DATA: the embedded server holds the demo portfolio and demo users (password demo1234). It is for trying Fairline, not for real debtors: run the central server on its own for that (README "Production").');
  }

  const electron = electronBinary();
  if (electron) {
    await import('./build-electron');
    const child = spawn(electron, ['.'], {
      stdio: 'inherit',
      env: { ...process.env, FAIRLINE_DATA_DIR: dataDir, FAIRLINE_EMBEDDED_SERVER_URL: embeddedUrl },
    });
    stops.push(() => { child.kill(); });
    child.on('exit', () => void shutdown(0));
    return;
  }

  log('Electron is not installed on this machine, so the console runs in your browser instead (browser shell).');
  log('The console keeps its data encrypted; here, with no OS keychain, it opens when an agent signs in (each one\'s password protects the key: docs/security.md).');
  await trustConfiguredCertificateAuthority();
  const core = createCore({ dataDir, pinnedServerUrl, defaultServerUrl: embeddedUrl, host: 'browser', version: pkg.version }, { now: clock.now });
  stops.push(() => core.close());
  const storeError = core.info().storeError;
  if (storeError) {
    log(`${storeError.message}. The file is left untouched; the console offers to start a fresh database beside it.`);
  }
  const shell = await startBrowserShell({
    handlers: core.handlers,
    rendererDir: join(import.meta.dirname, '..', 'dist', 'renderer'),
    port: process.env.FAIRLINE_PORT ? Number(process.env.FAIRLINE_PORT) : 0,
    onInternalError: (err) => console.error(err),
    onSocketError: (err) => log(err.message),
    onScreens: (count) => core.screensOpen(count > 0),
  });
  stops.unshift(() => shell.close());
  log(`Open the console: ${shell.url}`);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const stop of stops) await Promise.resolve(stop()).catch((err: unknown) => console.error(err));
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  void shutdown(1);
});
