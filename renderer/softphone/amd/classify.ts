// Frames of the far end's audio in, a decision out: the speech flag from the VAD model (Silero,
// silero.ts) when it is loaded, else from the frame's level against the line's noise floor (the
// greeting-length heuristic alone). The model failing mid-call drops to the level for the rest
// of the call, with a warning, and never stops the detection.
import { AnsweringDetector, type Decision, DEFAULT_DETECTOR, type DetectorOptions } from './detector';
import { FRAME_MS, levelDb, toneHz } from './features';

export interface SpeechModel {
  /** The probability that the frame (512 samples at 16 kHz) is speech. */
  probability(frame: Float32Array): Promise<number>;
}

export type Method = 'vad' | 'heuristic';

/** Speech above this probability starts a spoken stretch; below the lower one ends it (Silero's usual pair). */
const SPEECH_ON = 0.5;
const SPEECH_OFF = 0.35;
/** The level heuristic: speech is this far above the noise floor, and never below the absolute minimum. */
const OVER_FLOOR_DB = 12;
const MIN_SPEECH_DB = -45;
/** How fast the noise floor may rise, per frame (it falls at once); it starts low, so a
 *  greeting from the very first frame is speech. */
const FLOOR_RISE_DB = 0.05;
const FLOOR_START_DB = -60;

export class AnsweringClassifier {
  private readonly detector: AnsweringDetector;
  private speaking = false;
  private floor: number | null = null; // dBFS
  private model: SpeechModel | null;

  constructor(model: SpeechModel | null, private readonly warn: (message: string) => void = () => undefined, options: DetectorOptions = DEFAULT_DETECTOR) {
    this.model = model;
    this.detector = new AnsweringDetector(FRAME_MS, options);
  }

  /** Which way speech is being told from the rest now. */
  get method(): Method {
    return this.model ? 'vad' : 'heuristic';
  }

  get decision(): Decision | null {
    return this.detector.decision;
  }

  async push(frame: Float32Array): Promise<Decision | null> {
    if (this.detector.decision) return this.detector.decision;
    const tone = toneHz(frame) !== null;
    const level = levelDb(frame);
    this.floor = Math.min(level, (this.floor ?? FLOOR_START_DB) + FLOOR_RISE_DB);
    let speech: boolean;
    if (this.model) {
      try {
        const p = await this.model.probability(frame);
        this.speaking = this.speaking ? p >= SPEECH_OFF : p >= SPEECH_ON;
        speech = this.speaking;
      } catch (error) {
        this.warn(`Answering-machine detection: the VAD model failed (${error instanceof Error ? error.message : String(error)}); going on with the greeting-length heuristic`);
        this.model = null;
        speech = this.byLevel(level);
      }
    } else speech = this.byLevel(level);
    return this.detector.push({ speech, tone });
  }

  private byLevel(level: number): boolean {
    return level >= Math.max(MIN_SPEECH_DB, (this.floor ?? FLOOR_START_DB) + OVER_FLOOR_DB);
  }
}
