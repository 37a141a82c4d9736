// Listens to the remote audio of a call: which steady tone is heard (so a test can prove the
// far end's audio arrived) and which DTMF digits (RFC 4733 events are not exposed to
// JavaScript by WebRTC, but Chromium's jitter buffer plays them out as dual tones, so they
// can be heard like a person would hear them: see dtmf-worklet.ts).
import type { HeardTone } from './protocol';

const TONE_INTERVAL_MS = 50;

/** Loads the DTMF detector into the context's audio worklet; once per context. */
export function loadDtmfWorklet(ctx: AudioContext): Promise<void> {
  return ctx.audioWorklet.addModule('/dtmf-worklet.js');
}

export interface Listener {
  heard(): HeardTone[];
  /** The most frequent tonal peak over the last second, or null. */
  toneNow(): number | null;
  stop(): void;
}

export function listen(ctx: AudioContext, stream: MediaStream, onDigit: (digit: string) => void): Listener {
  // Chromium only feeds a remote WebRTC track into WebAudio while a media element plays it.
  const sink = new Audio();
  sink.muted = true;
  sink.srcObject = stream;
  void sink.play().catch(() => undefined);

  const source = ctx.createMediaStreamSource(stream);
  const toneAnalyser = analyser(ctx, 8192);
  const dtmf = new AudioWorkletNode(ctx, 'lab-dtmf', { numberOfInputs: 1, numberOfOutputs: 0 });
  dtmf.port.onmessage = (event: MessageEvent<string>) => onDigit(event.data);
  source.connect(toneAnalyser);
  source.connect(dtmf);

  const buckets = new Map<number, number>();
  const recent: { at: number; hz: number }[] = [];
  const toneBins = new Float32Array(toneAnalyser.frequencyBinCount);
  const toneTimer = setInterval(() => {
    toneAnalyser.getFloatFrequencyData(toneBins);
    const hz = tonalPeak(toneBins, ctx.sampleRate / toneAnalyser.fftSize);
    if (hz === null) return;
    const bucket = Math.round(hz / 10) * 10;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + TONE_INTERVAL_MS);
    const now = performance.now();
    recent.push({ at: now, hz: bucket });
    while (recent.length > 0 && recent[0]!.at < now - 1000) recent.shift();
  }, TONE_INTERVAL_MS);

  return {
    heard: () => [...buckets].map(([hz, ms]) => ({ hz, ms })).sort((a, b) => b.ms - a.ms),
    toneNow: () => mode(recent.map((r) => r.hz)),
    stop: () => {
      clearInterval(toneTimer);
      dtmf.port.onmessage = null;
      source.disconnect();
      sink.srcObject = null;
    },
  };
}

/** 8192 points at 48 kHz: 5.9 Hz bins, 170 ms frames. */
function analyser(ctx: AudioContext, fftSize: number): AnalyserNode {
  const node = ctx.createAnalyser();
  node.fftSize = fftSize;
  node.smoothingTimeConstant = 0; // each frame on its own, so a short beep is not smeared
  return node;
}

/** The frequency of a clear spectral peak between 100 Hz and 4 kHz, or null for silence or
 *  speech (a peak not far above the rest of the band is not a tone). */
function tonalPeak(bins: Float32Array, binHz: number): number | null {
  const lo = Math.ceil(100 / binHz);
  const hi = Math.min(bins.length - 2, Math.floor(4000 / binHz));
  let best = lo;
  for (let i = lo; i <= hi; i++) if (bins[i]! > bins[best]!) best = i;
  const peak = bins[best]!;
  if (peak < -75 || peak - median(bins, lo, hi) < 30) return null;
  // Parabolic interpolation between neighbouring bins gives a few-Hz accuracy.
  const a = bins[best - 1]!, b = peak, c = bins[best + 1]!;
  const denominator = a - 2 * b + c;
  const offset = denominator === 0 ? 0 : (0.5 * (a - c)) / denominator;
  return (best + offset) * binHz;
}

function median(bins: Float32Array, lo: number, hi: number): number {
  const slice = Array.from(bins.subarray(lo, hi + 1)).sort((x, y) => x - y);
  return slice[Math.floor(slice.length / 2)] ?? -Infinity;
}

function mode(values: number[]): number | null {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [v, n] of counts) if (n > bestCount) [best, bestCount] = [v, n];
  // A tone must fill at least a third of the last second to count as "now".
  return bestCount * TONE_INTERVAL_MS >= 330 ? best : null;
}
