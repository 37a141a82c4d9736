// Progressive (agent-paced) dialling: the agent's choice to have the console open the next
// workable account after each wrap-up and dial it after a short preview. Kept with the console's
// settings on this computer.
import { z } from 'zod';

export const PREVIEW_SEC_MAX = 60;

export const ProgressivePrefs = z.object({
  /** The agent turned progressive dialling on. */
  enabled: z.boolean(),
  /** How long the next account and number are shown before the dial; 0 dials at once. */
  previewSec: z.number().int('Whole seconds').min(0, 'At least 0 seconds').max(PREVIEW_SEC_MAX, `At most ${PREVIEW_SEC_MAX} seconds`),
}).strict();
export type ProgressivePrefs = z.infer<typeof ProgressivePrefs>;

export const DEFAULT_PROGRESSIVE: ProgressivePrefs = { enabled: false, previewSec: 8 };
