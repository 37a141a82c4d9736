// The HTTP protocol between the core's sync client and the central server. Both sides
// validate with these schemas. See docs/sync.md.
import { z } from 'zod';
import { AccountBundle } from '../domain/portfolio';
import { ClientEvent } from '../domain/events';
import { User } from '../domain/users';

export const LoginRequest = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
  deviceId: z.string().min(1).max(100),
}).strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  user: User,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const PushRequest = z.object({
  deviceId: z.string().min(1).max(100),
  events: z.array(ClientEvent).max(1000),
}).strict();
export type PushRequest = z.infer<typeof PushRequest>;

/** The highest device sequence the server has stored; the client clears its outbox up to it. */
export const PushResponse = z.object({ lastSeq: z.number().int().nonnegative() });
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type PullQuery = z.infer<typeof PullQuery>;

/**
 * One page of the agent's accounts changed after `cursor` (a server change counter).
 * On the last page (`hasMore` false) `assignedIds` lists every account still assigned, so the
 * client can drop the ones taken away.
 */
export const PullResponse = z.object({
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  accounts: z.array(AccountBundle),
  assignedIds: z.array(z.string()).nullable(),
  serverTime: z.iso.datetime({ offset: true }),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const HttpError = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
});
export type HttpError = z.infer<typeof HttpError>;
