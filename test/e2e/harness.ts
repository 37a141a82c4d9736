// Drives the console the way a user does: the README's start script in a child process,
// Debian's Chromium through playwright-core, screenshots under test-results/.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = join(process.cwd(), 'test-results', 'screens');

export interface RunningConsole {
  url: string;
  output: () => string;
  process: ChildProcess;
  stop(): Promise<number | null>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'fairline-e2e-'));
}

/** Runs `scripts/start.ts` (what `npm start` runs after building) and waits for the URL. */
export function startConsole(env: Record<string, string>): Promise<RunningConsole> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, FAIRLINE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The console did not start in time:\n${out}`)), 90_000);
    const onData = () => {
      const match = /Open the console: (\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({
        url: match[1]!,
        output: () => out,
        process: child,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGINT');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`The console exited (${code}) before starting:\n${out}`)); });
  });
}

/** `fakeAudio`: a WAV the browser's fake microphone plays (calls through the lab). */
export async function launchBrowser(options: { fakeAudio?: string } = {}): Promise<Browser> {
  const media = options.fakeAudio ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${options.fakeAudio}`,
    '--autoplay-policy=no-user-gesture-required', '--allow-loopback-in-peer-connection'] : [];
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...media],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

export async function signIn(page: Page, username: string, password = 'demo1234'): Promise<void> {
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
}
