// Silero VAD v5 through onnxruntime-web, as @ricky0123/vad-web wraps it (state and context
// carried from frame to frame). The model's bytes and the runtime come from the caller: the
// console loads both from its own bundle (assets.ts), the bench from node_modules.
import { Silero } from '@ricky0123/vad-web/dist/models/silero';
import type * as Ort from 'onnxruntime-web/wasm';
import type { SpeechModel } from './classify';

export interface LoadedModel extends SpeechModel {
  /** Forgets the last call's audio: once at the start of each call. */
  reset(): void;
  release(): Promise<void>;
}

export async function loadSilero(ort: typeof Ort, bytes: () => Promise<ArrayBuffer>): Promise<LoadedModel> {
  // One thread: the machine's cores are the call's (audio, recorder), and threads would need cross-origin isolation.
  ort.env.wasm.numThreads = 1;
  const model = await Silero.new(ort, bytes);
  return {
    probability: async (frame) => (await model.process(frame)).isSpeech,
    reset: () => model.reset_state(),
    release: () => model.release(),
  };
}
