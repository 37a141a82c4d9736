// The ring of an inbound call, made in memory (no sound file to ship): a double ring of
// 400 + 450 Hz, 0.4 s on, 0.2 s off, 0.4 s on, 2 s of silence, looped. It plays through its
// own audio element so it can sound on a different device from the call (a loudspeaker
// rings while the headset carries the call).
const RATE = 8000;

/** One ring cycle as a 16-bit mono WAV. */
export function ringWav(): Uint8Array {
  const seconds = 3;
  const samples = RATE * seconds;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    const t = i / RATE;
    const on = t < 0.4 || (t >= 0.6 && t < 1.0);
    const value = on ? 0.22 * (Math.sin(2 * Math.PI * 400 * t) + Math.sin(2 * Math.PI * 450 * t)) : 0;
    view.setInt16(44 + i * 2, Math.round(value * 32767), true);
  }
  return bytes;
}

export class Ringer {
  private url: string | null = null;
  private ringing = false;

  constructor(private readonly element: HTMLAudioElement) {
    element.loop = true;
  }

  start(): void {
    if (this.ringing) return;
    this.ringing = true;
    this.url ??= URL.createObjectURL(new Blob([ringWav() as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }));
    if (this.element.src !== this.url) this.element.src = this.url;
    this.element.currentTime = 0;
    void this.element.play().catch(() => undefined); // no sound before the page was ever clicked
  }

  stop(): void {
    this.ringing = false;
    this.element.pause();
  }

  isRinging(): boolean {
    return this.ringing;
  }

  dispose(): void {
    this.stop();
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }
}
