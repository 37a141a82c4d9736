// Headless Chromium for lab endpoints, and the pages that host them (served by
// page-server.ts). Everything stays on 127.0.0.1: the page, the SIP WebSocket, the media.
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { PhoneConfig } from './debtor/protocol';
import { CHROMIUM } from './requirements';

/** Launches Chromium whose fake microphone plays `fakeAudio` (one file per browser process,
 *  hence one browser per distinct microphone). `allowLoopback: false` leaves out
 *  --allow-loopback-in-peer-connection, like a developer's own browser. */
export async function launchChromium(fakeAudio: string, allowLoopback = true): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed (${CHROMIUM}): run scripts/setup-lab.sh`);
  return chromium.launch({
    executablePath: CHROMIUM,
    // The lab stops its browsers itself (in order, after unregistering); playwright's own
    // signal handlers would close them first and exit.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${fakeAudio}`,
      '--autoplay-policy=no-user-gesture-required', ...(allowLoopback ? ['--allow-loopback-in-peer-connection'] : []),
      // Pages in the background must keep their timers (the tone and DTMF analysers).
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
    ],
  });
}

/** This machine's interface addresses (for PhoneConfig.machineAddresses). */
export function machineAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => list ?? []).map((i) => i.address);
}

/** Opens a page running one endpoint, configured but not started. */
export async function openPhonePage(context: BrowserContext, origin: string, config: PhoneConfig, log: ((line: string) => void) | null): Promise<Page> {
  const page = await context.newPage();
  if (log) {
    await page.exposeFunction('labLog', (line: string) => log(`[${config.user}] ${line}`));
    page.on('console', (message) => log(`[${config.user}] console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => log(`[${config.user}] page error: ${error.message}`));
  }
  await page.addInitScript((c) => { window.labConfig = c; }, config);
  await page.goto(`${origin}/phone.html#${encodeURIComponent(config.user)}`);
  return page;
}
