import { z } from 'zod';

export const Role = z.enum(['collector', 'team_lead', 'field_agent', 'admin']);
export type Role = z.infer<typeof Role>;

export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  teamId: z.string().nullable(),
});
export type User = z.infer<typeof User>;

export const PauseReason = z.enum(['break', 'lunch', 'training', 'meeting', 'admin']);
export type PauseReason = z.infer<typeof PauseReason>;

export const AgentStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('available') }),
  z.object({ state: z.literal('paused'), reason: PauseReason }),
]);
export type AgentStatus = z.infer<typeof AgentStatus>;
