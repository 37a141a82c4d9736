// Complaints on the wire (docs/complaints.md): what the console sends the central server and what
// it answers. Every route and the console's typed API check these schemas at the edge.
import { z } from 'zod';
import { ComplaintCategory, ComplaintHold } from './categories';

export { ComplaintCategory, ComplaintHold } from './categories';

const Instant = z.iso.datetime({ offset: true });
const Id = z.string().min(1).max(100);

/** Where a complaint came in: a call's wrap-up, an inbound message, or a lead taking it down. */
export const ComplaintSource = z.enum(['call', 'message', 'lead']);
export type ComplaintSource = z.infer<typeof ComplaintSource>;

/** What a complaint points at: a call (its id), a recording (SHA-256), a text or email (the server's id). */
export const ComplaintLinks = z.object({
  callIds: z.array(Id).max(20).default([]),
  recordings: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(20).default([]),
  messageIds: z.array(Id).max(20).default([]),
}).strict();
export type ComplaintLinks = z.infer<typeof ComplaintLinks>;

export const RaiseComplaint = z.object({
  /** The console's id for the request: a retry records the complaint once. */
  requestId: z.uuid(),
  accountId: Id,
  category: ComplaintCategory,
  source: ComplaintSource,
  /** What the person said, in their words as near as may be. */
  description: z.string().trim().min(1).max(4000),
  links: ComplaintLinks.default({ callIds: [], recordings: [], messageIds: [] }),
  /** A hold to place on the account at once (through the account's holds, so every gate honours it). */
  hold: ComplaintHold.nullable().default(null),
  /** Who handles it; default the account's team lead (else the one raising it). */
  ownerId: Id.optional(),
}).strict();
export type RaiseComplaint = z.input<typeof RaiseComplaint>;

export const ComplaintStatus = z.enum(['open', 'escalated', 'resolved']);
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;

export const ComplaintEventKind = z.enum(['raised', 'hold_placed', 'assigned', 'escalated', 'sla_breached', 'resolved', 'hold_lifted']);
export type ComplaintEventKind = z.infer<typeof ComplaintEventKind>;

export const ComplaintEvent = z.object({
  id: z.string(),
  kind: ComplaintEventKind,
  at: Instant,
  by: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type ComplaintEvent = z.infer<typeof ComplaintEvent>;

export const Complaint = z.object({
  id: z.string(),
  requestId: z.string(),
  accountId: z.string(),
  accountRef: z.string(),
  debtorName: z.string(),
  teamId: z.string().nullable(),
  category: ComplaintCategory,
  source: ComplaintSource,
  description: z.string(),
  links: ComplaintLinks,
  status: ComplaintStatus,
  raisedBy: z.string(),
  raisedByName: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  raisedAt: Instant,
  /** When the SLA runs out (raisedAt plus the organisation's SLA days). */
  dueAt: Instant,
  breachedAt: Instant.nullable(),
  escalatedAt: Instant.nullable(),
  /** The hold the complaint placed (its id), and whether it still stands. */
  holdId: z.string().nullable(),
  hold: ComplaintHold.nullable(),
  resolvedAt: Instant.nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  events: z.array(ComplaintEvent),
});
export type Complaint = z.infer<typeof Complaint>;

export const ComplaintList = z.object({
  complaints: z.array(Complaint),
  slaDays: z.number().int(),
  /** The server's time when it answered: the clock the SLA is counted on (a training clock too). */
  serverTime: Instant,
});
export type ComplaintList = z.infer<typeof ComplaintList>;

export const ComplaintQuery = z.object({
  accountId: Id.optional(),
  status: z.enum(['open', 'all']).default('open'),
}).strict();
export type ComplaintQuery = z.input<typeof ComplaintQuery>;

export const EscalateComplaint = z.object({
  complaintId: Id,
  note: z.string().trim().min(1).max(2000),
  /** A new owner (e.g. compliance); default unchanged. */
  ownerId: Id.optional(),
}).strict();
export type EscalateComplaint = z.infer<typeof EscalateComplaint>;

export const ResolveComplaint = z.object({
  complaintId: Id,
  note: z.string().trim().min(1).max(4000),
  /** Lift the hold the complaint placed (e.g. a dispute verified); default keep it. */
  liftHold: z.boolean().default(false),
}).strict();
export type ResolveComplaint = z.input<typeof ResolveComplaint>;

/** The organisation's SLA: days from intake to resolution (administrators set it). */
export const ComplaintSettings = z.object({ slaDays: z.number().int().min(1).max(90) }).strict();
export type ComplaintSettings = z.infer<typeof ComplaintSettings>;

export const DEFAULT_SLA_DAYS = 15;
