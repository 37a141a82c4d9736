// Client events: append-only facts recorded on the agent's device and pushed to the central
// store. An event is never edited; a correction is a new event.
import { z } from 'zod';
import { AgentStatus } from './users';

/** What the gate said when an agent asked to dial: logged for every dial and every refusal. */
export const GateDecisionLog = z.object({
  type: z.literal('compliance.decision'),
  phoneId: z.string(),
  partyId: z.string(),
  decision: z.enum(['allow', 'warn', 'block']),
  action: z.enum(['dial', 'refused']),
  packId: z.string(),
  packVersion: z.string(),
  allowedFrom: z.string().nullable(),
  reasons: z.array(z.object({ rule: z.string(), severity: z.enum(['block', 'warn']), source: z.string() })),
});

/** A team lead let a warned attempt go ahead; blocks can never be overridden. */
export const GateOverrideLog = z.object({
  type: z.literal('compliance.override'),
  phoneId: z.string(),
  approvedBy: z.string(),
  approverName: z.string(),
  reason: z.string().min(1),
  rules: z.array(z.string()),
});

export const EventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.status'), status: AgentStatus }),
  GateDecisionLog,
  GateOverrideLog,
  z.object({ type: z.literal('account.viewed') }),
  z.object({ type: z.literal('note.added'), text: z.string().min(1).max(4000) }),
]);
export type EventBody = z.infer<typeof EventBody>;

export const ClientEvent = z.object({
  id: z.uuid(), // UUIDv7
  deviceId: z.string().min(1),
  seq: z.number().int().positive(), // per-device order
  userId: z.string(),
  accountId: z.string().nullable(),
  deviceTime: z.iso.datetime({ offset: true }),
  body: EventBody,
});
export type ClientEvent = z.infer<typeof ClientEvent>;
