// The transfer directory: the colleagues a call can be handed to, by name, with their live
// presence from the board's data, and the SIP address of record a transfer to them goes to, as
// the central server knows it (an administrator's, or the one their console registered with in
// its current sign-in: docs/monitor.md "Where the lead's call goes"). `GET /api/directory`.
import { z } from 'zod';
import { PresenceState } from '../presence/protocol';
import { Role } from '../domain/users';

export const Colleague = z.object({
  userId: z.string(),
  name: z.string(),
  role: Role,
  teamId: z.string().nullable(),
  /** In the asking agent's team. */
  sameTeam: z.boolean(),
  /** Live presence; null for a team lead, whose console reports none. */
  state: PresenceState.nullable(),
  /** Where a transfer to them goes; null when they have no phone registered and none was set. */
  sipUri: z.string().min(1).max(300).nullable(),
}).strict();
export type Colleague = z.infer<typeof Colleague>;

/** Own team first, then by name. */
export const DirectoryResponse = z.object({ colleagues: z.array(Colleague).max(5_000) }).strict();
export type DirectoryResponse = z.infer<typeof DirectoryResponse>;
