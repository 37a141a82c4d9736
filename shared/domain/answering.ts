// Who answered an outbound call, as the softphone's answering-machine detection decided in
// the first seconds (renderer/softphone/amd): logged with the call's attempt.
import { z } from 'zod';

export const AnsweredBy = z.enum(['human', 'machine', 'unknown']);
export type AnsweredBy = z.infer<typeof AnsweredBy>;

export const AnsweringDetection = z.object({
  verdict: AnsweredBy,
  /** What decided it: a short greeting then silence, a long greeting, a beep, nothing heard, or the window ran out. */
  reason: z.enum(['short-greeting', 'long-greeting', 'beep', 'silence', 'undecided']),
  /** From the far end's first audio to the decision. */
  decidedAfterMs: z.number().int().nonnegative().max(600_000),
  /** 'vad': speech told by the VAD model; 'heuristic': by level alone (the model did not load). */
  method: z.enum(['vad', 'heuristic']),
}).strict();
export type AnsweringDetection = z.infer<typeof AnsweringDetection>;
