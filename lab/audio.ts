// The lab's sounds, made fresh for each run with espeak-ng (voices) and sox (tones): a voice
// mixed with a steady tone for answering debtors, a greeting followed by a beep for
// voicemail, and a bare tone for agent phones. Every tone has a known frequency so the far
// end's analyser can prove the audio arrived, and none sits near a DTMF frequency
// (697–941 and 1209–1633 Hz) so digits stay recognisable.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ESPEAK, SOX, SOXI } from './requirements';

const run = promisify(execFile);
const RATE = ['-r', '48000', '-c', '1', '-b', '16'];


/** `text` in `voice` at `wpm` words a minute, as a 48 kHz WAV with a little silence around it. */
export async function speak(text: string, voice: string, file: string, wpm = 150): Promise<void> {
  const raw = `${file}.raw.wav`;
  await run(ESPEAK, ['-v', voice, '-s', String(wpm), '-w', raw, text]);
  // 48 kHz like WebRTC's Opus, normalised to -6 dBFS, with a little silence around it.
  await run(SOX, [raw, ...RATE, file, 'norm', '-6', 'pad', '0.3', '0.3']);
}

export async function seconds(file: string): Promise<number> {
  const { stdout } = await run(SOXI, ['-D', file]);
  return Number(stdout.trim());
}

/** A voice saying `text` over a steady `toneHz` tone, at least 6 s long; looped by the
 *  player. The tone is as loud as the voice's peaks, so it stays the clearest peak. */
export async function voiceWithTone(dir: string, name: string, text: string, voice: string, toneHz: number): Promise<string> {
  const voiceFile = join(dir, `${name}.voice.wav`);
  const toneFile = join(dir, `${name}.tone.wav`);
  const out = join(dir, `${name}.wav`);
  await speak(text, voice, voiceFile);
  const length = Math.max(6, Math.ceil(await seconds(voiceFile)) + 1);
  await run(SOX, [voiceFile, ...RATE, `${voiceFile}.padded.wav`, 'pad', '0', String(length)]);
  await run(SOX, ['-n', ...RATE, toneFile, 'synth', String(length), 'sine', String(toneHz), 'vol', '0.5']);
  await run(SOX, ['-m', `${voiceFile}.padded.wav`, toneFile, out, 'trim', '0', String(length)]);
  return out;
}

/** A greeting, then a one-second `beepHz` beep, then half a second of silence; played once. */
export async function greetingWithBeep(dir: string, name: string, text: string, voice: string, beepHz: number): Promise<string> {
  const greeting = join(dir, `${name}.greeting.wav`);
  const beep = join(dir, `${name}.beep.wav`);
  const out = join(dir, `${name}.wav`);
  await speak(text, voice, greeting);
  await run(SOX, ['-n', ...RATE, beep, 'synth', '1', 'sine', String(beepHz), 'vol', '0.5', 'pad', '0', '0.5']);
  await run(SOX, [greeting, beep, out]);
  return out;
}

/** A steady tone for Chromium's fake microphone (which loops the file). */
export async function tone(dir: string, name: string, hz: number): Promise<string> {
  const out = join(dir, `${name}.wav`);
  await run(SOX, ['-n', ...RATE, out, 'synth', '20', 'sine', String(hz), 'vol', '0.5']);
  return out;
}

/** Silence, for a browser whose pages bring their own audio (the debtors'). */
export async function silence(dir: string, name: string): Promise<string> {
  const out = join(dir, `${name}.wav`);
  await run(SOX, ['-n', ...RATE, out, 'trim', '0', '1']);
  return out;
}
