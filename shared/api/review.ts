// Call review for team leads (docs/server.md "Call review"): the HTTP shapes the central server
// answers with, and the console API's inputs, validated on both sides. A call is a softphone
// call.attempt, named by its callId; its timeline is put together from the events the agent's
// console pushed (the gate's decision, the attempt, the wrap-up with its steps, flagged notes)
// and any monitor.* events naming the call.
import { z } from 'zod';
import { Currency } from '../domain/portfolio';
import { CallResult, PlanRecord, PromiseRecord } from '../domain/events';
import { AnsweringDetection } from '../domain/answering';
import { GateReason } from './gate-reason';

const Instant = z.iso.datetime({ offset: true });

/** A softphone call id, as the console's API accepts it (CallAttemptInput). */
export const CallId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, - and _ only (at most 100)');

/** A review's score: 1 (poor) to 5 (exemplary). */
export const ReviewScore = z.number().int().min(1, 'a score is 1 to 5').max(5, 'a score is 1 to 5');

/** The largest review comment. */
export const REVIEW_COMMENT_MAX = 2000;

/** What a lead sends: a score, and a comment (may be empty). */
export const ReviewInput = z.object({
  score: ReviewScore,
  comment: z.string().trim().max(REVIEW_COMMENT_MAX, `at most ${REVIEW_COMMENT_MAX} characters`),
}).strict();
export type ReviewInput = z.infer<typeof ReviewInput>;

/** The largest page of calls. */
export const REVIEW_PAGE_MAX = 200;

/** The list's filters, as the console passes them (the core turns them into the query below). */
export const ReviewCallsFilter = z.object({
  agentId: z.string().min(1).max(100).optional(),
  /** Calls logged at or after this instant. */
  from: Instant.optional(),
  /** Calls logged before this instant. */
  to: Instant.optional(),
  /** Only calls nobody has reviewed yet. */
  unreviewed: z.boolean().optional(),
  offset: z.number().int().nonnegative().max(1_000_000).default(0),
  limit: z.number().int().min(1).max(REVIEW_PAGE_MAX).default(50),
}).strict().refine((f) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to), { message: 'from must be before to', path: ['to'] });
export type ReviewCallsFilter = z.input<typeof ReviewCallsFilter>;

/** `GET /api/review/calls`: the same filters from a query string. */
export const ReviewCallsQuery = z.object({
  agentId: z.string().min(1).max(100).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  unreviewed: z.stringbool().optional(),
  offset: z.coerce.number().int().nonnegative().max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(REVIEW_PAGE_MAX).default(50),
}).strict().refine((f) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to), { message: 'from must be before to', path: ['to'] });
export type ReviewCallsQuery = z.output<typeof ReviewCallsQuery>;

/** One review as stored: never edited; a second opinion is another review. */
export const CallReview = z.object({
  id: z.string(),
  callId: z.string(),
  reviewerId: z.string(),
  reviewerName: z.string(),
  score: ReviewScore,
  comment: z.string(),
  createdAt: Instant,
});
export type CallReview = z.infer<typeof CallReview>;

/** A call as the list shows it. */
export const ReviewCallSummary = z.object({
  callId: z.string(),
  /** The call.attempt event. */
  eventId: z.string(),
  agent: z.object({ id: z.string(), name: z.string(), teamId: z.string().nullable() }),
  account: z.object({ id: z.string(), ref: z.string(), currency: Currency }).nullable(),
  direction: z.enum(['outbound', 'inbound']),
  result: CallResult,
  startedAt: Instant,
  answeredAt: Instant.nullable(),
  endedAt: Instant,
  /** Talk time (answer to end); 0 when unanswered. */
  talkMs: z.number().int().nonnegative(),
  recording: z.object({ sha256: z.string(), durationMs: z.number().int().nonnegative(), stored: z.boolean() }).nullable(),
  /** The wrap-up's outcome code (shared/wrapup), when the wrap-up has reached the server. */
  outcome: z.string().nullable(),
  reviews: z.object({ count: z.number().int().nonnegative(), lastScore: ReviewScore.nullable() }),
});
export type ReviewCallSummary = z.infer<typeof ReviewCallSummary>;

export const ReviewCallsResponse = z.object({
  calls: z.array(ReviewCallSummary),
  /** The offset of the next page; null on the last. */
  nextOffset: z.number().int().nullable(),
  /** The agents the viewer may filter by (their teams'; admin: all). */
  agents: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ReviewCallsResponse = z.infer<typeof ReviewCallsResponse>;

/**
 * A talk-track step confirmed during the call. `kind`: system (a required disclosure of the
 * pack: `name` is its id), verify (an identity check: `name` is the check), switch (to the
 * third-party track), track (a step of the track: `text` is its wording as written, with its
 * {{variables}}), unknown (a step the server cannot find in the track version logged).
 */
export const ReviewStep = z.object({
  stepId: z.string(),
  /** Milliseconds from the call's start. */
  atMs: z.number().int().nonnegative(),
  kind: z.enum(['system', 'verify', 'switch', 'track', 'unknown']),
  name: z.string(),
  stepType: z.enum(['say', 'question', 'end']).nullable(),
  text: z.string().nullable(),
  /** In the third-party track rather than the main one. */
  thirdParty: z.boolean(),
  /** An identity check: whether it passed (null when the log does not say, or nothing was on file). */
  passed: z.boolean().nullable().default(null),
  /** An identity check recorded as nothing on file to compare (never verifies the person). */
  notOnFile: z.boolean().default(false),
  /** A question: the answer chosen, as the track words it (null when none was logged). */
  answer: z.object({ digit: z.number().int(), label: z.string().nullable() }).nullable().default(null),
});
export type ReviewStep = z.infer<typeof ReviewStep>;

export const ReviewDecision = z.object({
  eventId: z.string(),
  at: Instant,
  decision: z.enum(['allow', 'warn', 'block']),
  action: z.enum(['dial', 'refused']),
  packId: z.string(),
  packVersion: z.string(),
  allowedFrom: z.string().nullable(),
  reasons: z.array(GateReason),
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const ReviewOverride = z.object({
  eventId: z.string(),
  at: Instant,
  approvedBy: z.string(),
  approverName: z.string(),
  reason: z.string(),
  rules: z.array(z.string()),
});

export const ReviewOutcome = z.object({
  eventId: z.string(),
  at: Instant,
  outcome: z.string(),
  contact: z.string(),
  note: z.string(),
  promise: PromiseRecord.nullable(),
  plan: PlanRecord.nullable(),
  callback: z.object({ at: Instant, owner: z.enum(['agent', 'team']) }).nullable(),
  hold: z.object({ kind: z.string(), phoneId: z.string().nullable() }).nullable(),
  flaggedPhrases: z.array(z.string()),
  track: z.object({ id: z.string(), version: z.number().int(), title: z.string() }).nullable(),
});
export type ReviewOutcome = z.infer<typeof ReviewOutcome>;

export const ReviewFlaggedNote = z.object({
  eventId: z.string(),
  at: Instant,
  text: z.string(),
  flags: z.array(z.object({ phrase: z.string(), category: z.string() })),
});

/** A monitor.* event naming the call (a lead listening, whispering, barging): shown as it came. */
export const ReviewMonitorEvent = z.object({
  eventId: z.string(),
  type: z.string(),
  at: Instant,
  /** Milliseconds from the call's start (negative: before it), to place it among the steps. */
  atMs: z.number().int(),
  userId: z.string(),
  userName: z.string(),
  /** The event's body less its type and callId. */
  detail: z.record(z.string(), z.unknown()),
});

export const ReviewCallDetail = z.object({
  call: ReviewCallSummary,
  number: z.string(),
  sipStatus: z.number().int().nullable(),
  /** Who picked up, as the softphone's answering-machine detection decided; null when it did not listen. */
  answering: AnsweringDetection.nullable().default(null),
  /**
   * Where the recording starts, in ms from the call's start (the recorder starts when the other
   * side's audio arrives): a step at `atMs` is heard at `atMs - recordingOffsetMs`. null: no recording.
   */
  recordingOffsetMs: z.number().int().nonnegative().nullable(),
  decisions: z.array(ReviewDecision),
  overrides: z.array(ReviewOverride),
  steps: z.array(ReviewStep),
  outcome: ReviewOutcome.nullable(),
  flaggedNotes: z.array(ReviewFlaggedNote),
  monitoring: z.array(ReviewMonitorEvent),
  reviews: z.array(CallReview),
});
export type ReviewCallDetail = z.infer<typeof ReviewCallDetail>;
