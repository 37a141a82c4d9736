// Complaints in the agent's own log (shared/domain/events.ts): the console logs what it asked the
// server and was answered, so a complaint raised or resolved from a console is synced and
// reviewable like a call. The complaint itself (owner, SLA, escalation) is the server's.
import { z } from 'zod';
import { ComplaintCategory, ComplaintHold } from './categories';

export const ComplaintRaisedLog = z.object({
  type: z.literal('complaint.raised'),
  complaintId: z.string().min(1).max(100),
  requestId: z.uuid(),
  category: ComplaintCategory,
  source: z.enum(['call', 'message', 'lead']),
  callId: z.string().max(100).nullable(),
  hold: ComplaintHold.nullable(),
  dueAt: z.iso.datetime({ offset: true }),
});

export const ComplaintResolvedLog = z.object({
  type: z.literal('complaint.resolved'),
  complaintId: z.string().min(1).max(100),
  note: z.string().max(4000),
  holdLifted: z.boolean(),
});

export const ComplaintEscalatedLog = z.object({
  type: z.literal('complaint.escalated'),
  complaintId: z.string().min(1).max(100),
  note: z.string().max(2000),
  ownerId: z.string().max(100),
});
