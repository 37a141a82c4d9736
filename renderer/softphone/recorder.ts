// Records a call: both directions mixed with Web Audio into one MediaRecorder (audio/webm,
// opus), handed over a chunk a second so the core writes it to disk as the call goes.
export class CallRecorder {
  private readonly ctx = new AudioContext();
  private recorder: MediaRecorder | null = null;
  private mix: MediaStreamAudioDestinationNode | null = null;
  private seq = 0;
  private startedAt = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly onChunk: (seq: number, base64: string) => Promise<unknown>) {}

  start(remote: MediaStream, local: MediaStream | null): void {
    const mix = this.ctx.createMediaStreamDestination();
    this.mix = mix;
    for (const stream of [remote, local]) {
      if (stream && stream.getAudioTracks().length > 0) this.ctx.createMediaStreamSource(stream).connect(mix);
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
  }

  /** Adds a voice to the recording from now on (a team lead who barges in: the debtor hears them). */
  add(stream: MediaStream): () => void {
    if (!this.mix || stream.getAudioTracks().length === 0) return () => undefined;
    const source = this.ctx.createMediaStreamSource(stream);
    source.connect(this.mix);
    return () => source.disconnect();
  }

  /** Stops and waits for the last chunk to be written; the recording's length in ms, or null if none. */
  async stop(): Promise<number | null> {
    const recorder = this.recorder;
    if (!recorder) return null;
    const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
    if (recorder.state !== 'inactive') recorder.stop();
    await stopped;
    await this.pending;
    void this.ctx.close();
    return this.seq === 0 ? null : Math.round(performance.now() - this.startedAt);
  }
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
