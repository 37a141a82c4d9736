// Who answered: a person says a short "Hello?" (喂？) and waits for the caller; a machine
// speaks a long greeting without waiting, then beeps. The rules are the classic ones of
// answering-machine detection (greeting length, the silence after it, a beep), read over 32 ms
// frames that say whether there is speech and whether there is a steady tone, and decided
// within a bounded window. Pure: the speech flag comes from the VAD model or, without it, from
// the frame's level (classify.ts).

export type AnsweredBy = 'human' | 'machine' | 'unknown';
export type Reason = 'short-greeting' | 'long-greeting' | 'beep' | 'silence' | 'undecided';

export interface Decision {
  verdict: AnsweredBy;
  reason: Reason;
  /** From the first frame (the answer's audio) to the decision. */
  atMs: number;
}

export interface DetectorOptions {
  /** Decide by then at the latest. */
  windowMs: number;
  /** A greeting (from its first word, through pauses shorter than `afterGreetingMs`) longer than this is a machine's. */
  greetingMaxMs: number;
  /** Silence this long after a short greeting: a person waiting for the caller. */
  afterGreetingMs: number;
  /** A steady tone this long is a beep. */
  beepMs: number;
}

export const DEFAULT_DETECTOR: DetectorOptions = { windowMs: 4000, greetingMaxMs: 1900, afterGreetingMs: 1000, beepMs: 150 };

export interface Frame {
  speech: boolean;
  /** The frame is a steady pure tone (features.ts toneHz). */
  tone: boolean;
}

export class AnsweringDetector {
  private atMs = 0;
  private greetingStart: number | null = null;
  private lastSpeech: number | null = null;
  private toneSince: number | null = null;
  private done: Decision | null = null;

  constructor(private readonly frameMs: number, private readonly options: DetectorOptions = DEFAULT_DETECTOR) {}

  get decision(): Decision | null {
    return this.done;
  }

  /** Reads one frame; the decision once there is one (the same one from then on). */
  push(frame: Frame): Decision | null {
    if (this.done) return this.done;
    const o = this.options;
    const now = this.atMs;
    this.atMs += this.frameMs;
    const end = this.atMs;

    if (frame.tone) {
      this.toneSince ??= now;
      if (end - this.toneSince >= o.beepMs) return this.decide('machine', 'beep', end);
    } else this.toneSince = null;

    if (frame.speech && !frame.tone) {
      this.greetingStart ??= now;
      this.lastSpeech = end;
      if (end - this.greetingStart >= o.greetingMaxMs) return this.decide('machine', 'long-greeting', end);
    } else if (this.lastSpeech !== null && this.greetingStart !== null && end - this.lastSpeech >= o.afterGreetingMs) {
      return this.decide('human', 'short-greeting', end);
    }

    if (end >= o.windowMs) return this.decide('unknown', this.greetingStart === null ? 'silence' : 'undecided', end);
    return null;
  }

  private decide(verdict: AnsweredBy, reason: Reason, atMs: number): Decision {
    this.done = { verdict, reason, atMs };
    return this.done;
  }
}
