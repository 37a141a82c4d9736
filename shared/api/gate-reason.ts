// One reason the compliance gate gave, as the console shows it (shared by dialling and visits).
import { z } from 'zod';

export const GateReason = z.object({
  rule: z.string(),
  severity: z.enum(['block', 'warn']),
  /** Key into shared/compliance/messages.ts, formatted in the agent's language with `params`. */
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  source: z.string(),
  allowedFrom: z.iso.datetime({ offset: true }).nullable(),
});
export type GateReason = z.infer<typeof GateReason>;
