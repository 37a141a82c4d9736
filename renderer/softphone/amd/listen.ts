// Listens to the far end of an answered outbound call for the first seconds and says who
// answered. Off the answer's path: it starts after the recorder, on the recorder's audio context
// (already open), frames come from vad-web's worklet (16 kHz, 512 samples) and are read in
// order as they come; frames that arrive while the model loads wait for it. A model that does
// not load in time, or fails, leaves the greeting-length heuristic to decide, with a warning;
// nothing here can fail the call. stop() (the call ended) ends it at once.
import type { AnsweringDetection } from '../../../shared/domain/answering';
import { warmAudio } from '../recorder';
import { vadModel, workletUrl } from './assets';
import { AnsweringClassifier } from './classify';
import { DEFAULT_DETECTOR } from './detector';
import { FRAME_SAMPLES } from './features';
import type { LoadedModel } from './silero';

/** How long a call waits for the model before the heuristic decides alone. */
const MODEL_WAIT_MS = 1500;
/** Past the window in wall time with no decision (no audio arrived at all): unknown. */
const WALL_SLACK_MS = 1500;
const AUDIO_FRAME = 'AUDIO_FRAME'; // vad-web's Message.AudioFrame

const worklets = new WeakMap<BaseAudioContext, Promise<void>>();

export interface Listening {
  stop(): void;
}

/** `report` gets the decision, or null when the call cannot be listened to (no audio, no worklet). */
export function detectAnswering(remote: MediaStream, report: (result: AnsweringDetection | null) => void, warn: (message: string) => void): Listening {
  let stopped = false;
  let source: MediaStreamAudioSourceNode | null = null;
  let node: AudioWorkletNode | null = null;
  let classifier: AnsweringClassifier | null = null;
  const queue: Float32Array[] = [];
  let pumping = false;

  const finish = (result: AnsweringDetection | null, tell = true) => {
    if (stopped) return;
    stopped = true;
    clearTimeout(wall);
    node?.port.close();
    source?.disconnect();
    node?.disconnect();
    if (tell) report(result);
  };
  const wall = setTimeout(() => finish({ verdict: 'unknown', reason: 'silence', decidedAfterMs: DEFAULT_DETECTOR.windowMs, method: classifier?.method ?? 'heuristic' }), DEFAULT_DETECTOR.windowMs + WALL_SLACK_MS);

  async function pump(): Promise<void> {
    if (pumping || !classifier) return;
    pumping = true;
    try {
      while (!stopped && queue.length > 0) {
        const decision = await classifier.push(queue.shift()!);
        if (decision) finish({ verdict: decision.verdict, reason: decision.reason, decidedAfterMs: Math.round(decision.atMs), method: classifier.method });
      }
    } finally {
      pumping = false;
    }
  }

  async function model(): Promise<LoadedModel | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), MODEL_WAIT_MS);
    });
    try {
      const loaded = await Promise.race([vadModel(), late]);
      if (!loaded) warn(`Answering-machine detection: the VAD model was not ready within ${MODEL_WAIT_MS} ms; deciding by greeting length alone`);
      return loaded;
    } catch (error) {
      warn(`Answering-machine detection: the VAD model did not load (${error instanceof Error ? error.message : String(error)}); deciding by greeting length alone`);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  void (async () => {
    const ctx = warmAudio();
    if (!ctx || remote.getAudioTracks().length === 0) {
      warn('Answering-machine detection: no audio to listen to');
      finish(null);
      return;
    }
    let loading = worklets.get(ctx);
    if (!loading) {
      loading = ctx.audioWorklet.addModule(workletUrl);
      worklets.set(ctx, loading);
      loading.catch(() => worklets.delete(ctx));
    }
    await loading;
    if (stopped) return;
    source = ctx.createMediaStreamSource(remote);
    node = new AudioWorkletNode(ctx, 'vad-helper-worklet', { processorOptions: { frameSamples: FRAME_SAMPLES } });
    node.port.onmessage = (event: MessageEvent<{ message?: string; data?: ArrayBuffer }>) => {
      if (stopped || event.data.message !== AUDIO_FRAME || !(event.data.data instanceof ArrayBuffer)) return;
      queue.push(new Float32Array(event.data.data));
      void pump();
    };
    source.connect(node);
    const loaded = await model();
    if (stopped) return;
    loaded?.reset();
    classifier = new AnsweringClassifier(loaded, warn);
    void pump();
  })().catch((error: unknown) => {
    warn(`Answering-machine detection could not listen: ${error instanceof Error ? error.message : String(error)}`);
    finish(null);
  });

  return { stop: () => finish(null, false) };
}

/** Loads the model ahead of the first call, while the phone is idle. */
export function preloadAnsweringModel(warn: (message: string) => void): void {
  vadModel().catch((error: unknown) => warn(`Answering-machine detection: the VAD model did not load (${error instanceof Error ? error.message : String(error)}); calls will be decided by greeting length alone`));
}
