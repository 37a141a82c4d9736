// The one typed API between the renderer and the core. Both hosts (Electron IPC and the
// browser-shell WebSocket) carry exactly these methods and validate every request and
// response against these schemas.
import { z } from 'zod';
import { Account, AccountBundle, HoldKind, Region, Stage } from '../domain/portfolio';
import { AgentStatus, PauseReason, User } from '../domain/users';
import { Language } from '../i18n/languages';
import { ScorePart } from '../queue/score';
import { QueueSummary } from '../queue/summary';
import { MyCallback } from '../queue/callbacks';
import { MyDay } from '../queue/my-day';
import { GateReason } from './gate-reason';
import { FILE_CHUNK_BASE64_CHARS } from './limits';
import { CheckInInput, CheckInResult, CheckOutInput, PhotoInput, RouteView } from './visits';
import { CallId, CallReview, ReviewCallDetail, ReviewCallsFilter, ReviewCallsResponse, ReviewInput } from './review';
import { AgentPresence, Alert, BoardFiguresResponse, PresenceState, TeamRef } from '../presence/protocol';
import { MonitorMode, MonitorRefusal } from '../domain/monitor';
import { AnsweringDetection } from '../domain/answering';
import { MonitorAddressResponse, MonitorGrantResponse, MonitorRequest } from '../monitor/protocol';

import { SipSettings, SipSettingsPatch } from './sip';
import { ProgressivePrefs } from './progressive';
import { DirectoryResponse } from './directory';
import { SecurityStatus, UnlockInput } from './security';
import { messagingMethods } from '../messaging/console';
import { accessMethods } from './access';
import { complaintsMethods } from '../complaints/console';
import { reportsMethods } from '../reports/console';
import { ladderMethods } from '../ladder/console';
export { SipSettings } from './sip';
export type { DialPlan, IceServer } from './sip';

/** An audio device the agent chose: its id, and its label to find it again when the id
 *  changes (browsers salt ids per origin). null: the system default. */
export const AudioDeviceChoice = z.object({ id: z.string().max(500), label: z.string().max(500) }).nullable();
export type AudioDeviceChoice = z.infer<typeof AudioDeviceChoice>;

/** The softphone's preferences on this computer. */
export const PhonePrefs = z.object({
  /** Answer inbound calls without a click (not while on a call or in a wrap-up). */
  autoAnswer: z.boolean(),
  input: AudioDeviceChoice,
  output: AudioDeviceChoice,
  ringing: AudioDeviceChoice,
});
export type PhonePrefs = z.infer<typeof PhonePrefs>;

export const Settings = z.object({
  serverUrl: z.string(),
  language: Language,
  /** The SIP account; its password always reads as '' here (the softphone gets it from 'sip.account'). */
  sip: SipSettings,
  /** Whether a SIP password is saved, and how: encrypted by the OS keychain (Electron), or as typed in the local database (browser shell). */
  sipPassword: z.object({ saved: z.boolean(), storage: z.enum(['keychain', 'database']) }),
  phone: PhonePrefs,
  /** Progressive dialling (shared/api/progressive.ts); the core always returns it. */
  progressive: ProgressivePrefs.optional(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z.object({
  serverUrl: z.url({ protocol: /^https?$/ }).optional(),
  language: Language.optional(),
  sip: SipSettingsPatch.optional(),
  phone: PhonePrefs.partial().optional(),
  progressive: ProgressivePrefs.partial().strict().optional(),
}).strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const AppInfo = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  dataDir: z.string(),
  databaseFile: z.string(),
  /** Settings fields pinned by environment variables (shown read-only in Settings). */
  pinnedByEnv: z.array(z.enum(['serverUrl', 'dataDir'])),
  /** Set when the local database could not be opened; the console shows recovery instead. */
  storeError: z.object({ file: z.string(), message: z.string() }).nullable(),
  /** How far the core's clock is set from real time (FAIRLINE_CLOCK, training); 0 normally. */
  clockOffsetMs: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Session = z.object({ user: User, expiresAt: z.iso.datetime({ offset: true }) });
export type Session = z.infer<typeof Session>;

/** The central store had gone back in time (a restore or a failover) and this console sent again what it had lost. */
export const SyncRecovery = z.object({
  at: z.iso.datetime({ offset: true }),
  /** `behind`: the server held less of this console's log than it once confirmed; `epoch`: it is another database. */
  reason: z.enum(['behind', 'epoch']),
  serverHadSeq: z.number().int().nonnegative(),
  confirmedSeq: z.number().int().nonnegative(),
  resentEvents: z.number().int().nonnegative(),
});
export type SyncRecovery = z.infer<typeof SyncRecovery>;

export const SyncStatus = z.object({
  connected: z.boolean(),
  lastSyncedAt: z.iso.datetime({ offset: true }).nullable(),
  pendingEvents: z.number().int().nonnegative(),
  /** Call recordings not yet stored on the central server (files missing or changed on disk not counted: they are in lastError). */
  pendingRecordings: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** The last recovery from a restore or failover, shown for a day after it. */
  recovery: SyncRecovery.nullable(),
  syncing: z.boolean(),
  /** Changes whenever what the queue shows changed: a pull, a local event, eligibility. */
  queueVersion: z.number().int(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const QueueFilter = z.object({
  search: z.string().max(200).optional(),
  stage: Stage.optional(),
  region: Region.optional(),
  dpdMin: z.number().int().optional(),
  dpdMax: z.number().int().optional(),
  balanceMin: z.number().int().nonnegative().optional(), // minor units
  balanceMax: z.number().int().nonnegative().optional(),
}).strict();
export type QueueFilter = z.infer<typeof QueueFilter>;

export const QueueRow = z.object({
  accountId: z.string(),
  ref: z.string(),
  debtorName: z.string(),
  region: Region,
  currency: Account.shape.currency,
  province: z.string(),
  balanceMinor: z.number().int(),
  daysPastDue: z.number().int(),
  stage: Stage,
  debtCount: z.number().int(),
  lenders: z.string(),
  activeHolds: z.array(HoldKind),
  score: z.number().int(),
  /** The part that lifts the score most, e.g. "callback due 14:30" (null: none). */
  topPart: ScorePart.nullable(),
  /** Null when workable now; else when it returns (ISO) or 'never' while a hold lasts. */
  blockedUntil: z.string().nullable(),
  /** A compliance rule id or a hold kind while blocked. */
  blockReason: z.string().nullable(),
});
export type QueueRow = z.infer<typeof QueueRow>;

/** The queue in rank order: rows [0, workable) are workable, the rest blocked by return time. */
export const QueuePage = z.object({ total: z.number().int(), workable: z.number().int(), offset: z.number().int(), rows: z.array(QueueRow) });
export type QueuePage = z.infer<typeof QueuePage>;

export const TimelineItem = z.object({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  source: z.enum(['central', 'local']),
  kind: z.string(),
  actor: z.string(),
  result: z.string(),
  amountMinor: z.number().int().nullable(),
  dueDate: z.string().nullable(),
  note: z.string(),
  /** For calls logged on this device: which phone, and what compliance counts the contact as. */
  call: z.object({
    callId: z.string().nullable(),
    phoneId: z.string().nullable(),
    partyId: z.string().nullable(),
    contact: z.string(),
    /** A wrap-up that refines the attempt it closes (a voicemail answered by a machine). */
    closes: z.boolean(),
    /** The call was recorded on this device (play it with recording.get). */
    recorded: z.boolean().default(false),
  }).nullable().optional(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;

export const AccountDetail = AccountBundle.omit({ history: true }).extend({
  today: z.iso.date(),
  timeline: z.array(TimelineItem),
});
export type AccountDetail = z.infer<typeof AccountDetail>;

export { GateReason } from './gate-reason';

/** The compliance gate's answer for calling one phone now. */
export const PhoneGate = z.object({
  phoneId: z.string(),
  partyId: z.string(),
  decision: z.enum(['allow', 'warn', 'block']),
  allowedFrom: z.iso.datetime({ offset: true }).nullable(),
  reasons: z.array(GateReason),
});
export type PhoneGate = z.infer<typeof PhoneGate>;

export const AccountGate = z.object({
  packId: z.string(),
  packVersion: z.string(),
  evaluatedAt: z.iso.datetime({ offset: true }),
  phones: z.array(PhoneGate),
  /** Set on the screen's gate (compliance.gate): the phones allowed now and still allowed `forMs`
   *  later, on the same data. Within that time of receiving it the console may place the call at
   *  the click and ask dial.authorize alongside, hanging up if the answer is no longer "allowed". */
  allowedAhead: z.object({ phoneIds: z.array(z.string()), forMs: z.number().int().positive() }).optional(),
});
export type AccountGate = z.infer<typeof AccountGate>;

export const DialRequest = z.object({
  accountId: z.string().min(1),
  phoneId: z.string().min(1),
  /** A team lead's approval for a warned attempt, given at the agent's console. */
  approval: z.object({
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(200),
    reason: z.string().trim().min(10, 'Write at least 10 characters: why the call should go ahead').max(1000),
  }).strict().optional(),
}).strict();
export type DialRequest = z.infer<typeof DialRequest>;

export const DialAuthorization = z.object({
  /** allowed: hand the number to the softphone; needs_approval: a warned attempt waits for a lead. */
  outcome: z.enum(['allowed', 'blocked', 'needs_approval']),
  gate: PhoneGate,
});
export type DialAuthorization = z.infer<typeof DialAuthorization>;

/** Why an account stands where it does in the queue: the parts add up to the score. */
export const QueueExplanation = z.object({
  accountId: z.string(),
  score: z.number().int(),
  parts: z.array(ScorePart),
  /** Null when workable now; else when it returns (ISO) or 'never' while a hold lasts. */
  blockedUntil: z.string().nullable(),
  blockReason: z.string().nullable(),
});
export type QueueExplanation = z.infer<typeof QueueExplanation>;

/** The wrap-up form as the agent fills it in (validated by shared/wrapup, in the console and again in the core). */
export const WrapUpForm = z.object({
  outcome: z.string().max(40),
  /** The phone the call was on (null: a contact logged without one). */
  phoneId: z.string().nullable(),
  /** The softphone's call id; null for a call on the desk phone. */
  callId: z.string().nullable(),
  note: z.string().max(4000).default(''),
  promise: z.object({ amountMinor: z.number().int(), dueDate: z.string().max(10) }).partial().strict().optional(),
  plan: z.object({
    totalMinor: z.number().int(), count: z.number().int(), frequency: z.enum(['weekly', 'fortnightly', 'monthly']), firstDate: z.string().max(10),
  }).partial().strict().optional(),
  callback: z.object({ date: z.string().max(10), time: z.string().max(5), owner: z.enum(['agent', 'team']) }).partial().strict().optional(),
  extensionDate: z.string().max(10).optional(),
  attorney: z.object({ name: z.string().max(200), phone: z.string().max(40) }).partial().strict().optional(),
  steps: z.array(z.object({ stepId: z.string().max(200), atMs: z.number().int().nonnegative(), passed: z.boolean().optional(), digit: z.number().int().min(1).max(9).optional(), result: z.enum(['not_on_file']).optional() }).strict()).max(500).default([]),
  trackId: z.string().max(200).nullable().default(null),
}).strict();
export type WrapUpForm = z.infer<typeof WrapUpForm>;

/** A wrap-up in progress, kept by the core so a closed window or a crash loses nothing. */
export const WrapUpDraft = z.object({
  accountId: z.string().min(1),
  startedAt: z.iso.datetime({ offset: true }),
  form: WrapUpForm,
  /** Phrases the note was already refused for. */
  flaggedPhrases: z.array(z.string()).max(50).default([]),
}).strict();
export type WrapUpDraft = z.infer<typeof WrapUpDraft>;

/** What a talk track needs from the account, filled in by the core (shared/talktrack's CallContext). */
export const CallScript = z.object({
  packId: z.string(),
  /** The track for this account's stage, and the one to switch to when a third party answers. */
  track: z.unknown(),
  thirdPartyTrack: z.unknown().nullable(),
  context: z.record(z.string(), z.unknown()),
});
export type CallScript = z.infer<typeof CallScript>;

/** A call the softphone placed or took, as the network ended it (compliance counts these). */
export const CallAttemptInput = z.object({
  accountId: z.string().min(1).nullable(),
  callId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  direction: z.enum(['outbound', 'inbound']),
  phoneId: z.string().nullable(),
  number: z.string().min(1).max(40),
  result: z.enum(['answered', 'no_answer', 'busy', 'not_in_service', 'rejected', 'failed', 'voicemail']),
  startedAt: z.iso.datetime({ offset: true }),
  answeredAt: z.iso.datetime({ offset: true }).nullable(),
  endedAt: z.iso.datetime({ offset: true }),
  sipStatus: z.number().int().nullable(),
  /** Set when the call was recorded: its length as the recorder measured it. */
  recordingDurationMs: z.number().int().nonnegative().nullable(),
  /** An answered outbound call: who answered, as the softphone's answering-machine detection decided. */
  answering: AnsweringDetection.optional(),
}).strict();

/** Who a number belongs to, for an inbound call's screen-pop. */
export const PhoneMatch = z.object({
  accountId: z.string(), ref: z.string(), debtorName: z.string(), phoneId: z.string(), partyName: z.string(), partyKind: z.string(),
});
export type PhoneMatch = z.infer<typeof PhoneMatch>;

const Empty = z.object({}).strict();

/** What the agent is doing, as the renderer sees it; the core sends it to the live board (docs/presence.md). */
export const PresenceReport = z.object({
  state: PresenceState,
  pauseReason: PauseReason.nullable(),
  /** The account on screen for the call; the core never sends `debtorName` while `masked`. */
  account: z.object({ id: z.string().min(1).max(100), ref: z.string().min(1).max(100), masked: z.boolean(), debtorName: z.string().max(200).optional() }).strict().nullable(),
  callStartedAt: z.iso.datetime({ offset: true }).nullable(),
  step: z.string().max(500).nullable(),
  lastOutcome: z.string().max(100).nullable(),
  /** The softphone's id of the call in progress (a lead's monitor grant names it). */
  callId: z.string().max(100).nullable().default(null),
}).strict();
export type PresenceReport = z.infer<typeof PresenceReport>;

/** An agent's softphone got a monitor request: may it in? (docs/monitor.md) */
export const MonitorAdmit = z.object({
  grant: z.string().max(8000),
  /** The call in progress on this console, and its account. */
  callId: z.string().max(100).nullable(),
  accountId: z.string().max(100).nullable(),
  mode: MonitorMode,
  /** Who called (the SIP identity), for the log of a refusal. */
  from: z.string().max(500),
}).strict();
export type MonitorAdmit = z.infer<typeof MonitorAdmit>;

export const MonitorAdmitResult = z.discriminatedUnion('admitted', [
  z.object({ admitted: z.literal(true), sessionId: z.string(), leadId: z.string(), leadName: z.string(), modes: z.array(MonitorMode), notifyAgent: z.boolean() }),
  z.object({ admitted: z.literal(false), reason: MonitorRefusal }),
]);
export type MonitorAdmitResult = z.infer<typeof MonitorAdmitResult>;

/** A lead's board as the core holds it from its watch socket; `version` changes with every change. */
export const BoardSnapshot = z.object({
  version: z.number().int(),
  connected: z.boolean(),
  serverTime: z.iso.datetime({ offset: true }).nullable(),
  teams: z.array(TeamRef),
  agents: z.array(AgentPresence),
  alerts: z.array(Alert),
});
export type BoardSnapshot = z.infer<typeof BoardSnapshot>;

/** A talk track's step titles, for the board's step column (shared/talktrack/step-title.ts). */
export const BoardTrackSteps = z.object({
  trackId: z.string(),
  title: z.string(),
  locale: z.string(),
  steps: z.array(z.object({ id: z.string(), kind: z.enum(['say', 'question', 'end']), title: z.string() })),
});
export type BoardTrackSteps = z.infer<typeof BoardTrackSteps>;

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const contract = {
  'app.info': method(Empty, AppInfo),
  /** Leave a database that would not open where it is and start a fresh one beside it. */
  'app.startFresh': method(Empty, AppInfo),
  'session.current': method(Empty, Session.nullable()),
  'session.signIn': method(z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict(), Session),
  'session.signOut': method(Empty, z.null()),
  /** The screen lock, what protects the data at rest, the offline limit and a wipe (shared/api/security.ts). */
  'security.status': method(Empty, SecurityStatus),
  /** The agent used the screen (throttled by the renderer): the idle lock starts counting again. */
  'security.activity': method(Empty, SecurityStatus),
  'security.lock': method(Empty, SecurityStatus),
  /** Checked against the local verifier, so it works offline; a wrong password is VALIDATION (path `password`), too many FORBIDDEN. */
  'security.unlock': method(UnlockInput, SecurityStatus),
  'settings.get': method(Empty, Settings),
  'settings.update': method(SettingsPatch, Settings),
  /** The SIP account with its password in clear, for the softphone to register (nothing else reads it). */
  'sip.account': method(Empty, SipSettings),
  'agent.status': method(Empty, AgentStatus),
  'agent.setStatus': method(AgentStatus, AgentStatus),
  'sync.status': method(Empty, SyncStatus),
  'sync.now': method(Empty, SyncStatus),
  'queue.page': method(z.object({ filter: QueueFilter, offset: z.number().int().nonnegative(), limit: z.number().int().min(1).max(500) }).strict(), QueuePage),
  /** The best account workable now (eligible by the gate), or null when none is. */
  'queue.next': method(z.object({ skip: z.array(z.string()).max(1000).default([]) }).strict(), QueueExplanation.nullable()),
  'queue.explain': method(z.object({ accountId: z.string().min(1) }).strict(), QueueExplanation.nullable()),
  /** The queue as a whole: workable now, and when none is, why and when the first account opens. */
  'queue.summary': method(Empty, QueueSummary),
  /** The callbacks this agent scheduled, soonest first, each upcoming, due, missed, done or replaced. */
  'callbacks.mine': method(Empty, z.array(MyCallback)),
  /** The agent's own figures for today in `tz` (their zone), from the local event log. */
  'day.mine': method(z.object({ tz: z.string().min(1).max(64) }).strict(), MyDay),
  'account.get': method(z.object({ accountId: z.string().min(1) }).strict(), AccountDetail),
  /** Whether each of the account's phones may be called now, with every reason. */
  'compliance.gate': method(z.object({ accountId: z.string().min(1) }).strict(), AccountGate),
  /** Asks the gate at this moment whether a phone may be dialled; the decision is logged. */
  'dial.authorize': method(DialRequest, DialAuthorization),
  /** Logs how a softphone call ended (with its recording's hash when there is one). */
  'call.logAttempt': method(CallAttemptInput, z.object({ eventId: z.string(), recording: z.object({ sha256: z.string(), bytes: z.number().int() }).nullable() })),
  /** One chunk of a call's recording, in order (base64); written to disk at once. */
  'recording.append': method(z.object({ callId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), seq: z.number().int().nonnegative(), data: z.base64().max(FILE_CHUNK_BASE64_CHARS) }).strict(), z.null()),
  /** A recording to play back from the timeline (base64 of audio/webm). */
  'recording.get': method(z.object({ callId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) }).strict(), z.object({ data: z.string(), sha256: z.string() })),
  /** Accounts with a phone matching this number (any party), for an inbound call. */
  'phone.lookup': method(z.object({ number: z.string().min(3).max(40) }).strict(), z.array(PhoneMatch)),
  /** The gate for a number typed on the dial pad (outside the portfolio); the decision is logged. */
  'dial.authorizeNumber': method(z.object({ number: z.string().min(3).max(40) }).strict(), DialAuthorization),
  /** The talk track for a call on this account, with the account's facts filled in. */
  'script.forAccount': method(z.object({ accountId: z.string().min(1), thirdParty: z.boolean().default(false) }).strict(), CallScript),
  /** The open wrap-up, if any (reopened after a restart). */
  'wrapup.draft': method(Empty, WrapUpDraft.nullable()),
  /** Keeps the wrap-up as typed; null discards it. */
  'wrapup.saveDraft': method(z.object({ draft: WrapUpDraft.nullable() }).strict(), z.null()),
  /** Logs the wrap-up (refused with field errors when invalid, or when the note has a flagged phrase). */
  'wrapup.submit': method(z.object({ accountId: z.string().min(1), form: WrapUpForm }).strict(), z.object({ eventId: z.string(), hold: z.object({ kind: HoldKind, phoneId: z.string().nullable() }).nullable() })),
  /** The field agent's route for a day (default: today, else the nearest day with one). */
  'visits.route': method(z.object({ date: z.iso.date().optional() }).strict(), RouteView),
  'visits.checkIn': method(CheckInInput, CheckInResult),
  /** One chunk of a file the renderer hands over (a visit photo), appended at its byte offset; a retried chunk is accepted once. */
  'files.stage': method(z.object({ uploadId: z.uuid(), offset: z.number().int().nonnegative(), data: z.base64().max(FILE_CHUNK_BASE64_CHARS) }).strict(), z.object({ received: z.number().int() })),
  /** Takes a staged photo (files.stage) as evidence for a visit: checked to be an image, kept by its hash. */
  'visits.attachPhoto': method(PhotoInput, z.object({ sha256: z.string(), bytes: z.number().int(), name: z.string(), type: z.enum(['image/jpeg', 'image/png', 'image/webp']) })),
  'visits.checkOut': method(CheckOutInput, z.object({ eventId: z.string() })),
  /** Collectors and field agents: what the agent is doing now, for the lead's live board (others: ignored). */
  'presence.report': method(PresenceReport, z.null()),
  /** Team leads and admins: the board's agents and alerts as the core's watch socket last heard them. */
  'board.snapshot': method(Empty, BoardSnapshot),
  /** A lead: a grant to join an agent's call (the lead's softphone then calls the agent's). */
  /** The colleagues a call can be transferred to, by name, with their presence and SIP address (the central server's). */
  'transfer.directory': method(Empty, DirectoryResponse),
  'monitor.start': method(MonitorRequest, MonitorGrantResponse),
  /** An agent: checks a monitor request's grant; refusals are logged. */
  'monitor.admit': method(MonitorAdmit, MonitorAdmitResult),
  /**
   * An agent: the softphone registered. The core tells the central server the address of record
   * it registered with (once per sign-in): where leads' monitor calls go. Null without a sign-in
   * or a SIP account.
   */
  'monitor.registered': method(Empty, MonitorAddressResponse.nullable()),
  /** An agent: the lead switched modes (logged). */
  'monitor.mode': method(z.object({ sessionId: z.string().min(1).max(100), mode: MonitorMode }).strict(), z.null()),
  /** An agent: the monitoring session ended (logged). */
  'monitor.end': method(z.object({ sessionId: z.string().min(1).max(100) }).strict(), z.null()),
  /** Team leads and admins: the day's figures from the central server (GET /api/board/figures). */
  'board.figures': method(z.object({ date: z.iso.date().optional(), tz: z.string().min(1).max(64) }).strict(), BoardFiguresResponse),
  /** Team leads and admins: their teams' calls from the central server (shared/api/review.ts). */
  'review.calls': method(ReviewCallsFilter, ReviewCallsResponse),
  /** Team leads and admins: a call's timeline and reviews. */
  'review.call': method(z.object({ callId: CallId }).strict(), ReviewCallDetail),
  /** Team leads and admins: scores a call (appended on the server). */
  'review.submit': method(z.object({ callId: CallId, score: ReviewInput.shape.score, comment: ReviewInput.shape.comment }).strict(), CallReview),
  /** Team leads and admins: a call's recording from the central server (base64 of audio/webm), cached once verified. */
  'review.recording': method(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(), z.object({ data: z.string(), sha256: z.string() })),
  /** Team leads and admins: the step titles of the talk tracks agents report steps of (the console's copy; unknown ids left out). */
  'board.stepTitles': method(z.object({ trackIds: z.array(z.string().min(1).max(100)).max(200) }).strict(), z.array(BoardTrackSteps)),
  /** Texts and emails through the central server (shared/messaging/console.ts). */
  ...messagingMethods,
  /** Who opened which account and why (shared/api/access.ts). */
  ...accessMethods,
  /** Complaints through the central server (shared/complaints/console.ts). */
  ...complaintsMethods,
  /** Reports for leads and admins through the central server (shared/reports/console.ts). */
  ...reportsMethods,
  ...ladderMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;

/** What the renderer holds: one async function per method. */
export interface FairlineApi {
  invoke<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
}

/** What a host implements: typed, already-validated input in, output out. */
export type Handlers = { [M in MethodName]: (input: z.output<Contract[M]['input']>) => Promise<Output<M>> };

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
