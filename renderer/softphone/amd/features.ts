// What the detector reads from each 32 ms frame of the far end's audio (16 kHz): how loud it
// is, and whether it is a steady pure tone (a voicemail beep). Pure functions, shared by the
// console and the bench (test/bench/amd.bench.ts).

export const SAMPLE_RATE = 16_000;
/** Silero VAD v5's frame: 512 samples, 32 ms. */
export const FRAME_SAMPLES = 512;
export const FRAME_MS = (FRAME_SAMPLES / SAMPLE_RATE) * 1000;

/** The frame's RMS level in dBFS (-100 for digital silence). */
export function levelDb(frame: Float32Array): number {
  let sum = 0;
  for (const x of frame) sum += x * x;
  const rms = Math.sqrt(sum / frame.length);
  return rms > 1e-5 ? 20 * Math.log10(rms) : -100;
}

/** The frequency of a pure tone filling the frame, or null. The zero crossings (interpolated)
 *  give the pitch a tone would have; a Goertzel filter at that pitch says how much of the frame's energy is
 *  there: nearly all of it for a beep, a small part for speech or noise. */
export function toneHz(frame: Float32Array, minShare = 0.6): number | null {
  let crossings = 0;
  let first = -1;
  let last = -1;
  let energy = 0;
  for (let i = 0; i < frame.length; i++) {
    energy += frame[i]! * frame[i]!;
    if (i > 0 && (frame[i - 1]! < 0) !== (frame[i]! < 0)) {
      // Where the crossing falls between the two samples: the pitch is then exact to a hertz or two.
      const at = i - 1 + frame[i - 1]! / (frame[i - 1]! - frame[i]!);
      if (first < 0) first = at;
      last = at;
      crossings++;
    }
  }
  if (energy < 1e-6 * frame.length) return null;
  if (crossings < 3) return null;
  const hz = ((crossings - 1) * SAMPLE_RATE) / (2 * (last - first));
  // Beeps sit between 300 Hz and 3 kHz; outside that, zero crossings say nothing useful.
  if (hz < 300 || hz > 3000) return null;
  const w = (2 * Math.PI * hz) / SAMPLE_RATE;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (const x of frame) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  const share = power / ((frame.length / 2) * energy);
  return share >= minShare ? hz : null;
}
