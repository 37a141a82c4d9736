// Client events: append-only facts recorded on the agent's device and pushed to the central
// store. An event is never edited; a correction is a new event.
import { z } from 'zod';
import { AgentStatus } from './users';

export const EventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.status'), status: AgentStatus }),
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
