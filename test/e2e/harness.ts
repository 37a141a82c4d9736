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
    // The stage ladder's job would move and reassign demo accounts mid-test: it has its own tests (test/server/ladder.test.ts).
    env: { ...process.env, FAIRLINE_PORT: '0', FAIRLINE_LADDER: 'off', ...env },
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

/**
 * Whether what one of the page's audio elements plays carries a tone within 15 Hz of `hz`, in at
 * least 6 of 10 frames over a second, analysed by Web Audio in the page (test-only: nothing in
 * the console is built for it; it reads the stream the console plays).
 * - 'loudest': the tone is the clearest peak between 100 Hz and 4 kHz (one voice on the line);
 * - 'present': the tone stands 25 dB above the spectrum's median (one voice in a mix of several).
 */
export async function playsTone(page: Page, testId: string, hz: number, rule: 'loudest' | 'present' = 'loudest'): Promise<boolean> {
  return page.evaluate(async ([id, target, how]) => {
    const element = document.querySelector<HTMLAudioElement>(`[data-testid="${id}"]`);
    const stream = element?.srcObject instanceof MediaStream ? element.srcObject : null;
    if (!stream || stream.getAudioTracks().length === 0) return false;
    const ctx = new AudioContext();
    try {
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const bins = new Float32Array(analyser.frequencyBinCount);
      const binHz = ctx.sampleRate / analyser.fftSize;
      const [low, high] = [Math.ceil(100 / binHz), Math.floor(4000 / binHz)];
      const at = Math.round(target / binHz);
      let hits = 0;
      for (let frame = 0; frame < 10; frame++) {
        await new Promise((resolve) => setTimeout(resolve, 120));
        analyser.getFloatFrequencyData(bins);
        if (how === 'loudest') {
          let best = low;
          for (let i = low; i < high; i++) if (bins[i]! > bins[best]!) best = i;
          if (bins[best]! > -80 && Math.abs(best * binHz - target) <= 15) hits++;
        } else {
          const band = Array.from(bins.slice(low, high)).sort((a, b) => a - b);
          const median = band[Math.floor(band.length / 2)]!;
          const peak = Math.max(...Array.from(bins.slice(at - 2, at + 3)));
          if (peak > -90 && peak - median > 25) hits++;
        }
      }
      return hits >= 6;
    } finally {
      void ctx.close();
    }
  }, [testId, hz, rule] as const);
}
