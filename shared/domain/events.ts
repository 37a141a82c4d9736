// Client events: append-only facts recorded on the agent's device and pushed to the central
// store. An event is never edited; a correction is a new event.
import { z } from 'zod';
import { MonitorMode, MonitorRefusal } from './monitor';
import { HoldKind } from './portfolio';
import { AgentStatus } from './users';
import { MessageRefusedLog, MessageSentLog } from '../messaging/log';
import { LetterIssuedLog } from '../messaging/letters';
import { ComplaintEscalatedLog, ComplaintRaisedLog, ComplaintResolvedLog } from '../complaints/log';
import { AccountViewedLog } from './access';
import { AnsweringDetection } from './answering';

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
  // messageKey and params (shared/compliance/messages.ts) let a reviewer read the reason as the
  // agent did; decisions logged before they were added carry the rule id alone.
  reasons: z.array(z.object({
    rule: z.string(), severity: z.enum(['block', 'warn']), source: z.string(),
    messageKey: z.string().max(100).optional(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })),
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

/** How a call attempt ended, in the terms compliance counts (SIP responses map onto these). */
export const CallResult = z.enum(['answered', 'no_answer', 'busy', 'not_in_service', 'rejected', 'failed', 'voicemail']);
export type CallResult = z.infer<typeof CallResult>;

/** One call placed or taken: what the phone network said, with its times. */
export const CallAttemptLog = z.object({
  type: z.literal('call.attempt'),
  callId: z.string().min(1),
  direction: z.enum(['outbound', 'inbound']),
  phoneId: z.string().nullable(),
  partyId: z.string().nullable(),
  number: z.string().min(1).max(40),
  result: CallResult,
  startedAt: z.iso.datetime({ offset: true }),
  answeredAt: z.iso.datetime({ offset: true }).nullable(),
  endedAt: z.iso.datetime({ offset: true }),
  sipStatus: z.number().int().nullable(),
  recording: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), durationMs: z.number().int().nonnegative() }).nullable(),
  /** Who answered (answering-machine detection); absent for calls not listened to, and in logs from before it. */
  answering: AnsweringDetection.optional(),
});
export type CallAttemptLog = z.infer<typeof CallAttemptLog>;

/** A promise to pay as recorded in the wrap-up (minor units, the debtor's local date). */
export const PromiseRecord = z.object({ amountMinor: z.number().int().positive(), dueDate: z.iso.date() });

/** A payment plan as recorded: its total, how often, and every instalment. */
export const PlanRecord = z.object({
  totalMinor: z.number().int().positive(),
  frequency: z.enum(['weekly', 'fortnightly', 'monthly']),
  instalments: z.array(PromiseRecord).min(1).max(120),
});

/** The wrap-up that closes every call (or a contact logged by hand): what happened and what follows. */
/**
 * One logged talk-track step. `result: 'not_on_file'`: an identity check with nothing on file to
 * compare, recorded as such (it has no `passed`: it never verifies the person). Optional so logs
 * from before it still parse; a console that predates it logged such a check with neither field.
 */
export const LoggedStep = z.object({
  stepId: z.string(),
  atMs: z.number().int().nonnegative(),
  passed: z.boolean().optional(),
  digit: z.number().int().min(1).max(9).optional(),
  result: z.enum(['not_on_file']).optional(),
});
export type LoggedStep = z.infer<typeof LoggedStep>;

export const CallOutcomeLog = z.object({
  type: z.literal('call.outcome'),
  /** The call it closes; null for a contact logged without the softphone (desk phone). */
  callId: z.string().nullable(),
  phoneId: z.string().nullable(),
  partyId: z.string().nullable(),
  packId: z.string(),
  /** An outcome code from the pack's list (shared/wrapup). */
  outcome: z.string().min(1).max(40),
  /** What compliance counts the contact as. */
  contact: z.enum(['conversation', 'no_answer', 'voicemail', 'limited_content_message', 'busy', 'not_in_service', 'failed']),
  /** The hold the outcome filed at once (a cease request on the account; "stop calling this number" on one phone). */
  hold: z.object({ kind: HoldKind, phoneId: z.string().nullable() }).nullable(),
  promise: PromiseRecord.nullable(),
  plan: PlanRecord.nullable(),
  callback: z.object({ id: z.string().min(1), at: z.iso.datetime({ offset: true }), owner: z.enum(['agent', 'team']) }).nullable(),
  note: z.string().max(4000),
  /** extension_request: the date the debtor asks to pay by. */
  extensionDate: z.iso.date().nullable().default(null),
  /** attorney_representation: who represents the debtor. */
  attorney: z.object({ name: z.string().min(1).max(200), phone: z.string().min(1).max(40) }).nullable().default(null),
  /** Phrases the note was refused for before the agent changed it (each also logged as note.flagged). */
  flaggedPhrases: z.array(z.string()).max(50).default([]),
  /**
   * Talk-track steps confirmed, with their time from call start; an identity check with whether
   * it passed, a question with the answer's digit (both absent in logs from before they were kept).
   */
  steps: z.array(LoggedStep).max(500),
  trackId: z.string().nullable(),
});
export type CallOutcomeLog = z.infer<typeof CallOutcomeLog>;

/** A note refused for a phrase (a threat, an insult, a false legal claim, impersonation): reaches the team lead. */
export const NoteFlaggedLog = z.object({
  type: z.literal('note.flagged'),
  flags: z.array(z.object({ phrase: z.string(), category: z.string() })).min(1).max(50),
  text: z.string().max(4000),
});

/** A promise not met by the end of its day in the debtor's zone. */
export const PromiseBrokenLog = z.object({
  type: z.literal('promise.broken'),
  /** The event that recorded the promise. */
  promiseEventId: z.string(),
  amountMinor: z.number().int().positive(),
  dueDate: z.iso.date(),
});

/** A callback scheduled in a wrap-up and not made within its grace (shared/queue/callbacks.ts): raises an alert for the team lead. */
export const CallbackMissedLog = z.object({
  type: z.literal('callback.missed'),
  /** The callback's id, as the wrap-up scheduled it. */
  callbackId: z.string().min(1).max(100),
  /** When the call was due. */
  dueAt: z.iso.datetime({ offset: true }),
  owner: z.enum(['agent', 'team']),
});

/** Where a field visit took place: the device's position when it had one, else what the agent typed. */
export const VisitLocation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('gps'), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), accuracyM: z.number().nonnegative().max(100_000) }),
  z.object({ kind: z.literal('typed'), place: z.string().trim().min(1).max(200) }),
]);
export type VisitLocation = z.infer<typeof VisitLocation>;

/** A collector at a visit, as on their identification (the cn pack needs two). */
export const VisitAttendee = z.object({ name: z.string().trim().min(1).max(100), staffId: z.string().trim().min(1).max(40) });
export type VisitAttendee = z.infer<typeof VisitAttendee>;

/** What a field visit came to. */
export const VisitOutcome = z.enum(['promise_to_pay', 'payment_plan', 'met_debtor', 'refused_to_pay', 'dispute', 'third_party_met', 'not_home', 'moved_away', 'unsafe_left']);
export type VisitOutcome = z.infer<typeof VisitOutcome>;

/** Arrival at a debtor's address, allowed by the gate (channel visit) at that moment. */
export const VisitCheckInLog = z.object({
  type: z.literal('visit.checkin'),
  visitId: z.string().min(1).max(100),
  location: VisitLocation,
  attendees: z.array(VisitAttendee).min(1).max(10),
  packId: z.string(),
  packVersion: z.string(),
  decision: z.enum(['allow', 'warn']),
  reasons: z.array(z.object({ rule: z.string(), severity: z.enum(['block', 'warn']), source: z.string() })),
});
export type VisitCheckInLog = z.infer<typeof VisitCheckInLog>;

/** A check-in the gate refused: nothing may happen at the door. */
export const VisitRefusedLog = z.object({
  type: z.literal('visit.refused'),
  attendees: z.array(VisitAttendee).max(10),
  packId: z.string(),
  packVersion: z.string(),
  allowedFrom: z.string().nullable(),
  reasons: z.array(z.object({ rule: z.string(), severity: z.enum(['block', 'warn']), source: z.string() })),
});

/** A photo taken on a visit, stored on the device by its hash and uploaded with the sync. */
export const VisitPhoto = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().positive(), name: z.string().min(1).max(200), type: z.enum(['image/jpeg', 'image/png', 'image/webp']) });
export type VisitPhoto = z.infer<typeof VisitPhoto>;

/** Leaving the address: what the visit came to. Closes the visit its check-in opened. */
export const VisitOutcomeLog = z.object({
  type: z.literal('visit.outcome'),
  visitId: z.string().min(1).max(100),
  checkedInAt: z.iso.datetime({ offset: true }),
  outcome: VisitOutcome,
  promise: PromiseRecord.nullable(),
  plan: PlanRecord.nullable(),
  note: z.string().max(4000),
  flaggedPhrases: z.array(z.string()).max(50).default([]),
  photos: z.array(VisitPhoto).max(20),
});
export type VisitOutcomeLog = z.infer<typeof VisitOutcomeLog>;

/** A team lead joined the agent's call (logged by the agent's console once it verified the grant; docs/monitor.md). */
export const MonitorStartedLog = z.object({
  type: z.literal('monitor.started'),
  sessionId: z.string().min(1),
  leadId: z.string().min(1),
  leadName: z.string().min(1).max(200),
  callId: z.string().min(1),
  mode: MonitorMode,
  /** Whether the agent was shown that the lead is there (organisation policy, for listen). */
  agentNotified: z.boolean(),
});

/** The lead switched modes. */
export const MonitorModeLog = z.object({ type: z.literal('monitor.mode'), sessionId: z.string().min(1), callId: z.string().min(1), mode: MonitorMode });

/** The lead left, or the call ended. */
export const MonitorEndedLog = z.object({ type: z.literal('monitor.ended'), sessionId: z.string().min(1), callId: z.string().min(1), durationMs: z.number().int().nonnegative() });

/** A monitor request the agent's console refused (no grant, a bad or expired one, another agent's or call's). */
export const MonitorRefusedLog = z.object({
  type: z.literal('monitor.refused'),
  callId: z.string().nullable(),
  from: z.string().max(200),
  reason: MonitorRefusal,
  sessionId: z.string().nullable(),
});

export const EventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.status'), status: AgentStatus }),
  GateDecisionLog,
  GateOverrideLog,
  CallAttemptLog,
  CallOutcomeLog,
  NoteFlaggedLog,
  PromiseBrokenLog,
  CallbackMissedLog,
  VisitCheckInLog,
  VisitRefusedLog,
  VisitOutcomeLog,
  MonitorStartedLog,
  MonitorModeLog,
  MonitorEndedLog,
  MonitorRefusedLog,
  // Texts and emails the agent asked the server to send (shared/messaging/log.ts).
  MessageSentLog,
  MessageRefusedLog,
  // A letter the central server wrote at the agent's request (shared/messaging/letters.ts).
  LetterIssuedLog,
  // Complaints raised, escalated or resolved from this console (shared/complaints/log.ts).
  ComplaintRaisedLog,
  ComplaintEscalatedLog,
  ComplaintResolvedLog,
  // An account's full record shown on the console, and why (shared/domain/access.ts).
  AccountViewedLog,
  z.object({ type: z.literal('note.added'), text: z.string().min(1).max(4000) }),
  // The console's screen locked (idle, by hand, or the OS) and unlocked with the agent's password.
  z.object({ type: z.literal('console.locked'), reason: z.enum(['idle', 'manual', 'system']) }),
  z.object({ type: z.literal('console.unlocked'), failedAttempts: z.number().int().min(0).max(1000) }),
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
