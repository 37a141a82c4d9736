// The team-lead live board: agent presence over a WebSocket (`GET /api/presence`), alerts on the
// same socket, and the day's figures over HTTP (`GET /api/board/figures`). Both ends validate
// with these schemas. See docs/presence.md.
import { z } from 'zod';
import { PauseReason } from '../domain/users';
import { OUTCOME_RULES } from '../wrapup/outcomes';

/** How often a console sends a heartbeat while nothing changes. */
export const PRESENCE_HEARTBEAT_MS = 3_000;
/** An agent the server has heard nothing from for this long is shown offline (its socket is dropped). */
export const PRESENCE_OFFLINE_AFTER_MS = 10_000;

/** Close code for a message the server refuses (RFC 6455 "policy violation"). */
export const CLOSE_POLICY_VIOLATION = 1008;
/** Close code when the server drops an agent it has not heard from (private range). */
export const CLOSE_SILENT = 4000;
/** Close code when the server shuts down (RFC 6455 "going away"): reconnect, possibly to another instance. */
export const CLOSE_GOING_AWAY = 1001;

export const PresenceState = z.enum(['available', 'dialing', 'ringing', 'on_call', 'wrap_up', 'paused', 'offline']);
export type PresenceState = z.infer<typeof PresenceState>;
export const PRESENCE_STATES = PresenceState.options;

/**
 * The account an agent is working. `masked`: the console shows it masked (before the debtor is
 * verified, or by policy); the debtor's name is then not sent at all.
 */
export const PresenceAccount = z.object({
  id: z.string().min(1).max(100),
  ref: z.string().min(1).max(100),
  masked: z.boolean(),
  debtorName: z.string().min(1).max(200).optional(),
}).strict().refine((a) => !(a.masked && a.debtorName !== undefined), { message: 'a masked account carries no debtorName', path: ['debtorName'] });
export type PresenceAccount = z.infer<typeof PresenceAccount>;

const Instant = z.iso.datetime({ offset: true });

// ---- console → server ----------------------------------------------------------------------

/** An agent console: sent whenever its state (or what it shows about the call) changes. */
export const StateMessage = z.object({
  type: z.literal('state'),
  state: PresenceState,
  /** Required when paused, absent otherwise. */
  pauseReason: PauseReason.optional(),
  account: PresenceAccount.nullable(),
  callStartedAt: Instant.nullable(),
  /** The talk-track step on screen, if any: `<trackId>:<stepId>`, or `system:<id>` for the engine's own steps (the board titles it). */
  step: z.string().min(1).max(200).nullable(),
  /** The outcome code of the last wrap-up. */
  lastOutcome: z.string().min(1).max(40).nullable(),
  /** The softphone's id for the call in progress: a lead's monitor grant names it (docs/monitor.md). */
  callId: z.string().min(1).max(100).nullable().default(null),
  /** The console's SIP address of record, which a lead's softphone calls to listen in. */
  sipUri: z.string().min(1).max(300).nullable().default(null),
  /** The console's clock when the state changed. */
  at: Instant,
}).strict().superRefine((m, ctx) => {
  if (m.state === 'paused' && m.pauseReason === undefined) ctx.addIssue({ code: 'custom', path: ['pauseReason'], message: 'required when paused' });
  if (m.state !== 'paused' && m.pauseReason !== undefined) ctx.addIssue({ code: 'custom', path: ['pauseReason'], message: 'only when paused' });
});
export type StateMessage = z.infer<typeof StateMessage>;

/** An agent console, every PRESENCE_HEARTBEAT_MS; any message counts as a sign of life. */
export const HeartbeatMessage = z.object({ type: z.literal('heartbeat') }).strict();

/** A board (team lead or admin): asks for the snapshot and every change after it. */
export const WatchMessage = z.object({ type: z.literal('watch') }).strict();

/** Anything a client may send. The first message decides the kind of client: `state` (agent) or `watch` (board). */
export const PresenceClientMessage = z.discriminatedUnion('type', [StateMessage, HeartbeatMessage, WatchMessage]);
export type PresenceClientMessage = z.infer<typeof PresenceClientMessage>;

// ---- server → client -----------------------------------------------------------------------

/**
 * Why an agent is offline. never_connected: not seen since this server instance started;
 * signed_out: the console said so; closed: its socket closed; silent: nothing heard for
 * PRESENCE_OFFLINE_AFTER_MS; server_lost: the server instance holding its socket stopped answering.
 */
export const OfflineReason = z.enum(['never_connected', 'signed_out', 'closed', 'silent', 'server_lost']);
export type OfflineReason = z.infer<typeof OfflineReason>;

/** One agent as the board shows it. Server times (`since`, `updatedAt`) are stamped by the server. */
export const AgentPresence = z.object({
  agentId: z.string(),
  name: z.string(),
  teamId: z.string().nullable(),
  state: PresenceState,
  pauseReason: PauseReason.nullable(),
  offlineReason: OfflineReason.nullable(),
  account: PresenceAccount.nullable(),
  callStartedAt: Instant.nullable(),
  step: z.string().nullable(),
  lastOutcome: z.string().nullable(),
  callId: z.string().nullable(),
  sipUri: z.string().nullable(),
  /** The console's clock at the change (null: never connected). */
  at: Instant.nullable(),
  /** Server time the current state began (null: never connected). */
  since: Instant.nullable(),
  /** Server time of the last state report or status change (null: never connected). */
  updatedAt: Instant.nullable(),
});
export type AgentPresence = z.infer<typeof AgentPresence>;

export const AlertKind = z.enum([
  'dial_blocked', // compliance.decision with action refused
  'warning_overridden', // compliance.override: a lead approved a warned call
  'note_flagged', // note.flagged
  'violation', // a contact found on arrival to break a hold
  'offline_too_long', // lost connection while working and still offline after the threshold
  'long_call', // on_call longer than the threshold
  'callback_missed', // callback.missed: a callback scheduled in a wrap-up was not made in time
  'complaint_sla_breached', // a complaint still unresolved when its SLA ran out (server/complaints/sla-job.ts)
]);
export type AlertKind = z.infer<typeof AlertKind>;

export const Alert = z.object({
  type: z.literal('alert'),
  /** Stable: the same alert has the same id on every server instance (boards may dedupe by it). */
  id: z.string(),
  kind: AlertKind,
  agentId: z.string(),
  accountId: z.string().nullable(),
  at: Instant,
  detail: z.record(z.string(), z.unknown()),
});
export type Alert = z.infer<typeof Alert>;

export const TeamRef = z.object({ id: z.string(), name: z.string() });

export const PresenceServerMessage = z.discriminatedUnion('type', [
  /** First frame on every socket. */
  z.object({ type: z.literal('welcome'), userId: z.string(), role: z.string(), heartbeatMs: z.number(), offlineAfterMs: z.number(), serverTime: Instant }),
  /** The answer to `watch`: every agent of the board's teams (admin: all), and recent alerts. */
  z.object({ type: z.literal('snapshot'), serverTime: Instant, teams: z.array(TeamRef), agents: z.array(AgentPresence), alerts: z.array(Alert) }),
  z.object({ type: z.literal('presence'), agent: AgentPresence }),
  Alert,
  /** The socket is closed (1008) right after an error frame. */
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
]);
export type PresenceServerMessage = z.infer<typeof PresenceServerMessage>;

// ---- figures (HTTP) ------------------------------------------------------------------------

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const BoardFiguresQuery = z.object({
  /** The local day; default today in `tz`. */
  date: z.iso.date().optional(),
  tz: z.string().min(1).max(64).refine(isTimeZone, { message: 'not an IANA time zone' }),
}).strict();
export type BoardFiguresQuery = z.infer<typeof BoardFiguresQuery>;

/**
 * Outcomes that count as a right-party contact: a conversation with the verified debtor, as the
 * wrap-up table says (`rightParty`). Not third parties, wrong numbers, unanswered calls, or
 * callback/deceased/bankruptcy/attorney outcomes that anyone may report.
 */
export const RIGHT_PARTY_OUTCOMES: readonly string[] = OUTCOME_RULES.filter((r) => r.rightParty).map((r) => r.code);

export const Count = z.number().int().nonnegative();
/** Minor units per currency (CNY, USD; `unknown` for an event without an account). */
export const Money = z.record(z.string(), z.number().int());

export const Figures = z.object({
  /** Outbound call.attempt started that day. */
  attempts: Count,
  /** Of those, answered. */
  connects: Count,
  /** call.outcome logged that day with a RIGHT_PARTY_OUTCOMES outcome. */
  rightPartyContacts: Count,
  /** call.outcome and visit.outcome with a promise. */
  promises: Count,
  promisedMinor: Money,
  /** call.outcome and visit.outcome with a payment plan. */
  plans: Count,
  planMinor: Money,
  /** answered → ended, calls of both directions started that day. */
  talkMs: Count,
  /** Answered calls whose wrap-up (call.outcome) is stored. */
  handled: Count,
  /** Talk plus wrap-up (call end → the call.outcome's deviceTime) of the handled calls. */
  handleMs: Count,
  /** handleMs / handled; null when none. */
  averageHandleMs: z.number().nonnegative().nullable(),
  /** Local hour 0–23 of each outbound attempt / connect. */
  hourly: z.object({ attempts: z.array(Count).length(24), connects: z.array(Count).length(24) }),
  /** Time in each presence state during the day, as stored by the servers, the current state counted to now (docs/presence.md). */
  stateMs: z.record(PresenceState, Count),
});
export type Figures = z.infer<typeof Figures>;

export const AgentFigures = Figures.extend({ agentId: z.string(), name: z.string(), teamId: z.string().nullable() });
export type AgentFigures = z.infer<typeof AgentFigures>;

export const TeamFigures = Figures.extend({ teamId: z.string().nullable(), name: z.string(), agents: Count });
export type TeamFigures = z.infer<typeof TeamFigures>;

export const BoardFiguresResponse = z.object({
  date: z.iso.date(),
  tz: z.string(),
  /** The day's bounds as instants. */
  from: Instant,
  to: Instant,
  generatedAt: Instant,
  rightPartyOutcomes: z.array(z.string()),
  /** How far back state times are kept (older days have none in stateMs). */
  stateTimesSince: Instant,
  /** stateMs counts each agent's current state up to this instant (presence's real clock; absent from older servers). */
  stateTimesAt: Instant.optional(),
  agents: z.array(AgentFigures),
  teams: z.array(TeamFigures),
});
export type BoardFiguresResponse = z.infer<typeof BoardFiguresResponse>;
