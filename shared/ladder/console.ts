// The console's ladder method (to be spread into shared/api/contract.ts once the core answers it:
// electron/core/ladder/ladder.ts, docs/ladder.md "Wiring"): the core asks the central server's
// GET /api/ladder/preview for a team lead or an administrator.
import { z } from 'zod';
import { LadderPreview } from './protocol';

export const LadderPreviewRequest = z.object({
  date: z.iso.date(),
  teamId: z.string().min(1).max(100).optional(),
}).strict();
export type LadderPreviewRequest = z.infer<typeof LadderPreviewRequest>;

export const ladderMethods = {
  /** Team leads (their teams) and administrators: what the ladder will do on a day, and why. */
  'ladder.preview': { input: LadderPreviewRequest, output: LadderPreview },
} as const;
