// A text or email in the agent's own log (shared/domain/events.ts): the console logs each request
// it made and the server's answer, so a message is synced and reviewable like a call. What
// happened to it afterwards (delivery receipts, bounces, replies, opt-outs) is the server's and is
// read from GET /api/messages; the log keeps only what this console asked and was told.
import { z } from 'zod';

const LoggedReason = z.object({
  rule: z.string().max(200),
  severity: z.enum(['block', 'warn']),
  source: z.string().max(500),
  messageKey: z.string().max(100).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

const MessageLogFields = {
  /** The server's id for the message and the console's request id (a retry sends once). */
  messageId: z.string().min(1).max(100),
  requestId: z.uuid(),
  channel: z.enum(['sms', 'email']),
  phoneId: z.string().max(100).nullable(),
  emailId: z.string().max(100).nullable(),
  partyId: z.string().max(100),
  to: z.string().min(1).max(254),
  templateId: z.string().min(1).max(80),
  templateVersion: z.number().int().positive(),
  /** The server's status when it answered: submitted, failed (the SMSC or relay refused), refused (the gate). */
  status: z.enum(['requested', 'submitted', 'delivered', 'failed', 'bounced', 'refused']),
  packId: z.string().max(50),
  packVersion: z.string().max(50),
  decision: z.enum(['allow', 'warn', 'block']),
  allowedFrom: z.string().max(40).nullable(),
  reasons: z.array(LoggedReason).max(50),
};

/** A text or email the server sent (or tried to) at this agent's request. */
export const MessageSentLog = z.object({ type: z.literal('message.sent'), ...MessageLogFields });
/** A text or email the gate refused: nothing was sent. */
export const MessageRefusedLog = z.object({ type: z.literal('message.refused'), ...MessageLogFields });
export type MessageLog = z.infer<typeof MessageSentLog> | z.infer<typeof MessageRefusedLog>;
