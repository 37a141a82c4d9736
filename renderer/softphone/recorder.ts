// Records a call: both directions mixed with Web Audio into one MediaRecorder (audio/webm,
// opus), handed over a chunk a second so the core writes it to disk as the call goes.
//
// Start-up is kept off the answer: the AudioContext is made once, before the first call
// (warmAudio(), when the phone registers), since opening the audio device is what took
// 50–200 ms in the answer's handler. Starting the recorder then costs a few graph nodes and a
// MediaRecorder, and it starts in the same task as the answer, so nothing the far end says is
// lost (test/e2e/softphone.test.ts hears the debtor's tone at the start of the recording).
let shared: AudioContext | null = null;

/** The one AudioContext for recordings, made ahead of the first call. */
export function warmAudio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  if (!shared || shared.state === 'closed') shared = new AudioContext();
  if (shared.state === 'suspended') void shared.resume().catch(() => undefined);
  return shared;
}

export class CallRecorder {
  private readonly ctx = warmAudio() ?? new AudioContext();
  private sources: AudioNode[] = [];
  private stopped = false;
  private recorder: MediaRecorder | null = null;
  private mix: MediaStreamAudioDestinationNode | null = null;
  private seq = 0;
  private startedAt = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly onChunk: (seq: number, base64: string) => Promise<unknown>) {}

  start(remote: MediaStream, local: MediaStream | null): void {
    if (this.stopped) return; // the call ended before its recording was to start
    performance.mark('fairline:recorder-start');
    const mix = this.ctx.createMediaStreamDestination();
    this.mix = mix;
    for (const stream of [remote, local]) {
      if (stream && stream.getAudioTracks().length > 0) {
        const source = this.ctx.createMediaStreamSource(stream);
        source.connect(mix);
        this.sources.push(source);
      }
    }
    this.recorder = new MediaRecorder(mix.stream, { mimeType: 'audio/webm;codecs=opus' });
    this.recorder.ondataavailable = (event) => {
      if (event.data.size === 0) return;
      const seq = this.seq++;
      // Chunks go one after another: the core writes them in order.
      this.pending = this.pending.then(async () => this.onChunk(seq, await toBase64(event.data))).catch(() => undefined);
    };
    this.startedAt = performance.now();
    this.recorder.start(1000);
    performance.mark('fairline:recorder-started');
  }

  /** Adds a voice to the recording from now on (a team lead who barges in: the debtor hears them). */
  add(stream: MediaStream): () => void {
    if (!this.mix || stream.getAudioTracks().length === 0) return () => undefined;
    const source = this.ctx.createMediaStreamSource(stream);
    source.connect(this.mix);
    this.sources.push(source);
    return () => source.disconnect();
  }

  /** Stops and waits for the last chunk to be written; the recording's length in ms, or null if none. */
  async stop(): Promise<number | null> {
    this.stopped = true;
    const recorder = this.recorder;
    if (!recorder) return null;
    const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
    if (recorder.state !== 'inactive') recorder.stop();
    await stopped;
    await this.pending;
    for (const source of this.sources) source.disconnect();
    this.mix?.disconnect();
    return this.seq === 0 ? null : Math.round(performance.now() - this.startedAt);
  }
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
