// Runs in the AudioWorklet (bundled on its own by lab/bundle.ts): sees every sample of the
// remote audio, unlike a main-thread timer polling an AnalyserNode, which misses 100 ms
// digits whenever the page is busy. Every 5 ms it checks the last 32 ms for a DTMF digit
// (a 100 ms digit is heard for only 50–70 ms) and posts each recognised key press.
import { DigitTracker, detectDigit, hann } from './dtmf';

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
      const digit = this.tracker.push(detectDigit(this.frame, this.taper, sampleRate));
      if (digit) this.port.postMessage(digit);
    }
    return true;
  }
}

registerProcessor('lab-dtmf', DtmfDetector);
