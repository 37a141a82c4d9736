// Sounds for answering-machine detection: a person who answers says a short "Hello?" (喂？)
// and waits, in a quiet room with the odd breath, then asks again; a machine speaks a long
// greeting and beeps. Made at run time with espeak-ng and sox, like the rest of the lab's
// sounds (audio.ts), so nothing recorded ships with the repository.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { seconds, speak } from './audio';
import { SOX } from './requirements';

const run = promisify(execFile);
const RATE = ['-r', '48000', '-c', '1', '-b', '16'];

export interface LiveAnswerOptions {
  /** Seconds before the first word (picking the phone up). */
  leadIn?: number;
  /** Seconds of waiting after the first words, before asking again. */
  wait?: number;
  /** What they say when nobody answers, after `wait`; null: nothing. */
  again?: string | null;
  /** Room noise level, as a sox volume factor (0.003 ≈ -50 dBFS; 0.03 ≈ -30 dBFS: a street). */
  noise?: number;
  /** A breath (a short burst of filtered noise) this many seconds into the wait; null: none. */
  breathAt?: number | null;
  wpm?: number;
}

/** Room noise (brown) of `length` seconds at `volume`. */
async function room(file: string, length: number, volume: number): Promise<void> {
  await run(SOX, ['-n', ...RATE, file, 'synth', length.toFixed(3), 'brownnoise', 'vol', String(volume)]);
}

/** A breath: 0.4 s of band-passed noise, rising and falling. */
async function breath(file: string): Promise<void> {
  await run(SOX, ['-n', ...RATE, file, 'synth', '0.4', 'pinknoise', 'sinc', '300-2500', 'fade', 'q', '0.15', '0.4', '0.2', 'vol', '0.08']);
}

/** A person answering: `text`, then waiting in a room (noise, a breath), then `again`. Played once. */
export async function liveAnswer(dir: string, name: string, text: string, voice: string, options: LiveAnswerOptions = {}): Promise<string> {
  const { leadIn = 0.2, wait = 4.5, again = null, noise = 0.003, breathAt = 1.5, wpm = 160 } = options;
  const words = join(dir, `${name}.words.wav`);
  const out = join(dir, `${name}.wav`);
  await speak(text, voice, words, wpm);
  const parts = [words];
  if (again) {
    const second = join(dir, `${name}.again.wav`);
    await speak(again, voice, second, wpm);
    const gap = join(dir, `${name}.gap.wav`);
    await run(SOX, ['-n', ...RATE, gap, 'trim', '0', wait.toFixed(3)]);
    parts.push(gap, second);
  } else {
    const gap = join(dir, `${name}.gap.wav`);
    await run(SOX, ['-n', ...RATE, gap, 'trim', '0', wait.toFixed(3)]);
    parts.push(gap);
  }
  const speech = join(dir, `${name}.speech.wav`);
  await run(SOX, [...parts, speech, 'pad', leadIn.toFixed(3), '1']);
  const length = await seconds(speech);
  const bed = join(dir, `${name}.room.wav`);
  await room(bed, length, noise);
  const layers = [speech, bed];
  if (breathAt !== null) {
    const b = join(dir, `${name}.breath.wav`);
    await breath(b);
    const placed = join(dir, `${name}.breath-placed.wav`);
    // The breath falls in the wait after the first words (their length is in the speech file's first part).
    await run(SOX, [b, ...RATE, placed, 'pad', (leadIn + await seconds(words) + breathAt).toFixed(3), '0']);
    layers.push(placed);
  }
  // -v 1 each: sox -m would otherwise divide every layer by their number.
  await run(SOX, ['-m', ...layers.flatMap((f) => ['-v', '1', f]), out, 'trim', '0', length.toFixed(3)]);
  return out;
}

export interface GreetingOptions {
  /** Seconds of line noise before the greeting starts. */
  leadIn?: number;
  /** The beep's pitch; null: no beep (a greeting that just stops). */
  beepHz?: number | null;
  beepSeconds?: number;
  /** Seconds between the greeting's end and the beep. */
  gap?: number;
  wpm?: number;
  /** Line noise under it all, as a sox volume factor. */
  noise?: number;
}

/** A machine: a greeting, a pause, a beep, then silence. Played once. */
export async function machineGreeting(dir: string, name: string, text: string, voice: string, options: GreetingOptions = {}): Promise<string> {
  const { leadIn = 0.1, beepHz = 1800, beepSeconds = 1, gap = 0.3, wpm = 150, noise = 0.002 } = options;
  const greeting = join(dir, `${name}.greeting.wav`);
  const tail = join(dir, `${name}.tail.wav`);
  const out = join(dir, `${name}.wav`);
  await speak(text, voice, greeting, wpm);
  if (beepHz === null) await run(SOX, ['-n', ...RATE, tail, 'trim', '0', '3']);
  else await run(SOX, ['-n', ...RATE, tail, 'synth', String(beepSeconds), 'sine', String(beepHz), 'vol', '0.5', 'pad', gap.toFixed(3), '3']);
  const clean = join(dir, `${name}.clean.wav`);
  await run(SOX, [greeting, tail, clean, 'pad', leadIn.toFixed(3), '0']);
  const length = await seconds(clean);
  const bed = join(dir, `${name}.line.wav`);
  await room(bed, length, noise);
  await run(SOX, ['-m', '-v', '1', clean, '-v', '1', bed, out, 'trim', '0', length.toFixed(3)]);
  return out;
}
