// Runs in the AudioWorklet (bundled on its own by lab/bundle.ts): sees every sample of the
// remote audio, unlike a main-thread timer polling an AnalyserNode, which misses 100 ms
// digits whenever the page is busy. Every 5 ms it checks the last 32 ms for a DTMF digit
// (a 100 ms digit is heard for only 50–70 ms) and posts each recognised key press.
import { DigitTracker, detectDigit, goertzel, hann } from './dtmf';

// The AudioWorkletGlobalScope's API (TypeScript's DOM lib does not describe it).
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

const FRAME = 1536;
const HOP = 240;

class DtmfDetector extends AudioWorkletProcessor {
  private readonly ring = new Float32Array(FRAME);
  private readonly frame = new Float32Array(FRAME);
  private readonly taper = hann(FRAME);
  private readonly tracker = new DigitTracker();
  private written = 0;
  private sinceCheck = 0;

  process(inputs: Float32Array[][]): boolean {
    const samples = inputs[0]?.[0];
    if (!samples) return true;
    for (const sample of samples) {
      this.ring[this.written++ % FRAME] = sample;
      if (++this.sinceCheck < HOP || this.written < FRAME) continue;
      this.sinceCheck = 0;
      for (let i = 0; i < FRAME; i++) this.frame[i] = this.ring[(this.written + i) % FRAME]!;
      const raw = detectDigit(this.frame, this.taper, sampleRate);
      let e = 0; for (const x of this.frame) e += x * x;
      let g = 0; for (const w of this.taper) g += w;
      const amp = (hz: number) => ((2 * Math.sqrt(goertzel(this.frame, this.taper, hz, sampleRate))) / g).toFixed(3);
      if (e > 4) this.port.postMessage(`DBG ${(this.written / 48).toFixed(0)} e=${e.toFixed(1)} raw=${raw} r=${[697, 770, 852, 941].map(amp).join(',')} c=${[1209, 1336, 1477, 1633].map(amp).join(',')} t440=${amp(440)}`);
      const digit = this.tracker.push(raw);
      if (digit) this.port.postMessage(digit);
    }
    return true;
  }
}

registerProcessor('lab-dtmf', DtmfDetector);
