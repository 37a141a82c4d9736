// What an endpoint says once a call is up. Chromium's fake microphone plays one file per
// browser process, so endpoints sharing a browser (the debtors) play their own WAV through
// WebAudio instead; an endpoint without a WAV (an agent phone) uses the fake microphone.
import type { PhoneConfig } from './protocol';

export interface StreamFactory {
  /** sip.js's mediaStreamFactory: a new stream per call. */
  create: () => Promise<MediaStream>;
  /** Fetches and decodes the WAV ahead of the first call, so answering is not slowed. */
  warmUp: () => Promise<void>;
}

const players = new WeakMap<MediaStream, AudioBufferSourceNode>();

/** Stops the WebAudio player behind a stream made here (a no-op for microphone streams). */
export function releaseStream(stream: MediaStream | undefined): void {
  if (!stream) return;
  players.get(stream)?.stop();
  players.delete(stream);
  for (const track of stream.getTracks()) track.stop();
}

export function streamFactory(ctx: AudioContext, config: PhoneConfig): StreamFactory {
  const { audioUrl, audioLoop } = config;
  if (audioUrl === null) {
    return {
      create: () => navigator.mediaDevices.getUserMedia({ audio: true, video: false }),
      warmUp: async () => undefined,
    };
  }
  let decoded: Promise<AudioBuffer> | null = null;
  const decode = () => {
    decoded ??= fetch(audioUrl).then((r) => r.arrayBuffer()).then((bytes) => ctx.decodeAudioData(bytes));
    return decoded;
  };
  const create = async () => {
    const buffer = await decode();
    await ctx.resume();
    // A fresh source per call, so a voicemail greeting starts at the answer, not before.
    const player = ctx.createBufferSource();
    player.buffer = buffer;
    player.loop = audioLoop;
    const out = ctx.createMediaStreamDestination();
    player.connect(out);
    player.start();
    players.set(out.stream, player);
    return out.stream;
  };
  return { create, warmUp: async () => { await decode(); } };
}
