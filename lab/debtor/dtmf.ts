// DTMF detection on raw samples, shared by the audio worklet (dtmf-worklet.ts). RFC 4733
// events never reach JavaScript: WebRTC's jitter buffer plays them out as dual tones, so the
// lab hears them the way a person would, from every sample of the remote audio.

const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = ['123A', '456B', '789C', '*0#D'];

/** A Hann window: over 32 ms its main lobe (±62 Hz) keeps 697 Hz out of the 770 Hz filter. */
export function hann(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1)));
}

/** Power of one frequency in a windowed frame (the Goertzel algorithm). */
function goertzel(frame: Float32Array, taper: Float32Array, hz: number, rate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < frame.length; i++) {
    const s = frame[i]! * taper[i]! + coefficient * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}

/** Index of the clearly strongest amplitude (6 dB, ×2, above the others), or null. Not
 *  more: when the receiving browser is short of CPU its jitter buffer time-stretches the
 *  played-out digit, smearing 697 Hz towards 770 Hz. */
function strongest(amplitudes: number[]): number | null {
  const order = amplitudes.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
  const [first, second] = order;
  if (!first || !second || first[0] < 2 * second[0]) return null;
  return first[1];
}

/** The digit sounding in one frame, or null. A digit needs one clear row and one clear
 *  column, loud enough, carrying most of the frame's energy: a digit puts 55–100% of it
 *  there (less only in frames it partly fills, which the tracker can do without), while
 *  even espeak-ng's very harmonic voice stays under 30%. */
export function detectDigit(frame: Float32Array, taper: Float32Array, rate: number): string | null {
  let energy = 0;
  let gain = 0;
  let taperPower = 0;
  for (let i = 0; i < frame.length; i++) {
    energy += (frame[i]! * taper[i]!) ** 2;
    gain += taper[i]!;
    taperPower += taper[i]! ** 2;
  }
  const amplitude = (hz: number) => (2 * Math.sqrt(goertzel(frame, taper, hz, rate))) / gain;
  const rows = ROWS.map(amplitude);
  const cols = COLS.map(amplitude);
  const row = strongest(rows);
  const col = strongest(cols);
  if (row === null || col === null) return null;
  const a = rows[row]!;
  const b = cols[col]!;
  if (a < 0.003 || b < 0.003) return null; // below about -50 dBFS: nothing is pressed
  // A sine of amplitude A puts A²/2 · Σw² into the windowed frame's energy.
  if (((a * a + b * b) / 2) * taperPower < 0.45 * energy) return null;
  return KEYS[row]![col]!;
}

/** Turns per-frame detections into key presses: a digit counts once it is seen in two
 *  frames in a row, and a new press of the same key needs a gap of `gapFrames` frames
 *  without it (a few odd frames inside a tone do not split it in two; digits are at least
 *  70 ms apart). With frames every 5 ms that is 10 ms of evidence and a 20 ms gap. */
export class DigitTracker {
  private current: string | null = null;
  private seen = 0;
  private missed = 0;
  private reported = false;

  constructor(private readonly gapFrames = 4) {}

  /** Feeds one frame's detection; returns a digit when a press is recognised. */
  push(digit: string | null): string | null {
    if (digit === null) {
      if (++this.missed >= this.gapFrames) {
        this.current = null;
        this.reported = false;
        this.seen = 0;
      }
      return null;
    }
    this.missed = 0;
    if (digit !== this.current) {
      this.current = digit;
      this.seen = 0;
      this.reported = false;
    }
    if (++this.seen >= 2 && !this.reported) {
      this.reported = true;
      return digit;
    }
    return null;
  }
}
