// The HTTP protocol between the core's sync client and the central server. Both sides
// validate with these schemas. See docs/sync.md.
import { z } from 'zod';
import { ConsolePolicy, WipeReason } from '../api/security';
import { AccountBundle, Hold, HoldKind } from '../domain/portfolio';
import { ClientEvent } from '../domain/events';
import { User } from '../domain/users';

export const LoginRequest = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
  deviceId: z.string().min(1).max(100),
  /**
   * A random secret only this console holds (kept beside its database). The server binds the
   * device id to the first secret it is shown and refuses another, so no other console can sign
   * in as this device (docs/server.md "Devices"). Optional for consoles from before it.
   */
  deviceSecret: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/, '43 to 128 base64url characters').optional(),
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

/** GET /api/sync/state?deviceId=: asked first in every sync run (docs/sync.md "Restore and failover"). */
export const SyncStateQuery = z.object({ deviceId: z.string().min(1).max(100) }).strict();
export const SyncStateResponse = z.object({
  /** Names the database behind the server; a different one means a restore or a failover. */
  epoch: z.string().min(1).max(200),
  /** The highest contiguous sequence the server holds for the device. */
  lastSeq: z.number().int().nonnegative(),
  /** The organisation's console policy (idle lock, offline limit); absent from older servers. */
  consolePolicy: ConsolePolicy.optional(),
});
export type SyncStateResponse = z.infer<typeof SyncStateResponse>;

/** A console proving its device (its secret) to learn whether it must hand in and wipe (revoke and wipe). */
export const DeviceContactRequest = z.object({
  deviceId: z.string().min(1).max(100),
  deviceSecret: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/),
}).strict();
export type DeviceContactRequest = z.infer<typeof DeviceContactRequest>;
export const DeviceContactResponse = z.object({
  /** Null: carry on. Else the console sends what it has not sent (with `handIn`, when given), then wipes itself. */
  wipe: z.object({
    reason: WipeReason,
    at: z.iso.datetime({ offset: true }),
    /** A short session of the device's user for pushing and uploading only; null once the console said it wiped. */
    handIn: z.object({ token: z.string(), expiresAt: z.iso.datetime({ offset: true }) }).nullable(),
  }).nullable(),
});
export type DeviceContactResponse = z.infer<typeof DeviceContactResponse>;

export const PullQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** The `assignedDigest` of the last full list the client applied: when still current, the list is not sent again. */
  known: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** 1: the last page names the set by its digest alone; the client compares it with the set it
   *  holds and asks for the list (without this) only when they differ. A first pull of 100k
   *  accounts then ends without a 100k-id list arriving on top of everything it built. */
  digestOnly: z.enum(['0', '1']).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

/**
 * One page of the agent's accounts changed after `cursor` (a server change counter).
 * On the last page (`hasMore` false) `assignedIds` lists every account still assigned, so the
 * client can drop the ones taken away, and `assignedDigest` names that list; when it equals the
 * query's `known`, the list is left out (null): the client already holds exactly those accounts.
 */
export const PullResponse = z.object({
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  accounts: z.array(AccountBundle),
  assignedIds: z.array(z.string()).nullable(),
  assignedDigest: z.string().regex(/^[0-9a-f]{64}$/).nullable().optional(),
  serverTime: z.iso.datetime({ offset: true }),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** Pull buckets, pulled in this order on every sync (docs/sync.md). */
export const Bucket = z.enum(['compliance', 'assignments', 'talktracks']);
export type Bucket = z.infer<typeof Bucket>;

/**
 * The compliance bucket's query. `cursor` is the last server op the client holds for this
 * bucket; `limit` counts entries (one account's hold set, or one pack's policy).
 */
export const BucketQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
}).strict();
export type BucketQuery = z.infer<typeof BucketQuery>;

/** An organisation's overrides for one pack (shared/compliance/tighten.ts PackOverrides, validated on import). */
export const PolicyEntry = z.object({ packId: z.string(), overrides: z.unknown(), version: z.number().int().nonnegative() });
export type PolicyEntry = z.infer<typeof PolicyEntry>;

/** Every hold of one account, as it stands: the client replaces the account's holds with these. */
export const AccountHolds = z.object({ accountId: z.string(), holds: z.array(Hold) });
export type AccountHolds = z.infer<typeof AccountHolds>;

/**
 * A page of the compliance bucket: hold sets of the viewer's accounts and the organisation's
 * policy, changed after `cursor`. `reset` is true on every page of a reset snapshot (the cursor
 * was older than compacted history, or from another database): the pages then start from
 * nothing, and the last one carries `keepPolicies`, every pack with a policy; the client drops
 * the others. `removedPolicies` lists packs whose policy was cleared after the cursor.
 */
export const CompliancePage = z.object({
  bucket: z.literal('compliance'),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  reset: z.boolean(),
  holds: z.array(AccountHolds),
  policies: z.array(PolicyEntry),
  removedPolicies: z.array(z.string()),
  keepPolicies: z.array(z.string()).nullable(),
  serverTime: z.iso.datetime({ offset: true }),
});
export type CompliancePage = z.infer<typeof CompliancePage>;

/** A talk-track version as stored centrally; `track` is the imported JSON (the client validates it again). */
export const TalkTrackEntry = z.object({ id: z.string(), version: z.number().int().positive(), track: z.unknown() });
export type TalkTrackEntry = z.infer<typeof TalkTrackEntry>;

/** A page of the talk-track bucket (same cursor, reset and keep rules as CompliancePage; keys are `id@version`). */
export const TalkTrackPage = z.object({
  bucket: z.literal('talktracks'),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  reset: z.boolean(),
  tracks: z.array(TalkTrackEntry),
  keepTracks: z.array(z.string()).nullable(),
  serverTime: z.iso.datetime({ offset: true }),
});
export type TalkTrackPage = z.infer<typeof TalkTrackPage>;

/** A contact the server found, on arrival, to break a hold as it stood at the event's device time. */
export const Violation = z.object({
  eventId: z.string(),
  eventType: z.string(),
  accountId: z.string(),
  accountRef: z.string().nullable(),
  teamId: z.string().nullable(),
  userId: z.string(),
  holdId: z.string(),
  holdKind: HoldKind,
  rule: z.string(),
  deviceTime: z.iso.datetime({ offset: true }),
  foundAt: z.iso.datetime({ offset: true }),
});
export type Violation = z.infer<typeof Violation>;

export const ViolationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
}).strict();
export type ViolationsQuery = z.infer<typeof ViolationsQuery>;

export const ViolationsResponse = z.object({ violations: z.array(Violation) });
export type ViolationsResponse = z.infer<typeof ViolationsResponse>;

/** Files uploaded beside the events that name them (docs/sync.md "Uploads"). */
export const BlobKind = z.enum(['recording', 'photo']);
export type BlobKind = z.infer<typeof BlobKind>;

/** A blob's name: the SHA-256 of its bytes, 64 lowercase hex digits. */
export const BlobName = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256: 64 lowercase hex digits');

/** The answer to a chunk (`PATCH /api/blobs/:sha256`): what the server holds now. `stored`: complete and verified. */
export const BlobStatus = z.object({
  sha256: BlobName,
  kind: BlobKind,
  length: z.number().int().nonnegative(),
  received: z.number().int().nonnegative(),
  stored: z.boolean(),
});
export type BlobStatus = z.infer<typeof BlobStatus>;

export const HttpError = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
});
export type HttpError = z.infer<typeof HttpError>;

/** A field agent's visits for one day, in order, as it stands (a route is replaced, never patched). */
export const RouteEntry = z.object({
  date: z.iso.date(),
  accountIds: z.array(z.string()),
  version: z.number().int().nonnegative(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type RouteEntry = z.infer<typeof RouteEntry>;

/**
 * A page of the routes bucket: the viewer's routes changed after `cursor`. `reset` (a cursor
 * from another database): the client drops its routes and pulls again from 0.
 */
export const RoutePage = z.object({
  bucket: z.literal('routes'),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  reset: z.boolean(),
  routes: z.array(RouteEntry),
  serverTime: z.iso.datetime({ offset: true }),
});
export type RoutePage = z.infer<typeof RoutePage>;
