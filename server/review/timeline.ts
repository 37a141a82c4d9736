// A call's review timeline, put together from the events its agent's console pushed
// (docs/server.md "Call review"). Pure: the store reads the events (review-store.ts), tracks.ts
// finds the talk tracks, this decides what belongs to the call.
//
// Times: the attempt's startedAt/answeredAt/endedAt come from the softphone's clock, the events'
// device times from the console core's, and the two may be set apart (FAIRLINE_CLOCK for
// training). So the call's start on the core's clock is taken as the attempt's device time (it is
// logged as the call ends) less the call's length, and events are placed against that.
import type { GateReason } from '../../shared/api/gate-reason';
import type { ReviewCallDetail, ReviewCallSummary, ReviewDecision, ReviewStep } from '../../shared/api/review';
import { CallAttemptLog, CallOutcomeLog, GateDecisionLog, GateOverrideLog, type LoggedStep, NoteFlaggedLog } from '../../shared/domain/events';
import type { TalkTrack } from '../../shared/talktrack';
import type { CallFacts, CallRow, StoredEvent } from '../store/review-store';

/** A decision logged this long after the call's computed start still led to it (logging and clock granularity). */
const DECISION_SLACK_MS = 2_000;
/** The decisions shown before a call: the last few since the previous call to the same phone. */
const MAX_DECISIONS = 5;
/** Without a wrap-up, flagged notes this long after the call still count as its own. */
const FLAGGED_WITHOUT_OUTCOME_MS = 60 * 60_000;

/** The talk tracks a call's steps are read against. */
export interface TrackBook {
  /** The version the wrap-up names (`trackId` id@version). */
  main: TalkTrack | null;
  /** Other tracks by id (the third-party track a call switched to). */
  byId: ReadonlyMap<string, TalkTrack>;
}

const at = (text: string) => new Date(Date.parse(text)).toISOString();

/** The list's row for a call; null when its attempt cannot be read (events are validated on push, so never in practice). */
export function summaryOf(row: CallRow): ReviewCallSummary | null {
  const parsed = CallAttemptLog.safeParse(row.attempt.body);
  if (!parsed.success) return null;
  const a = parsed.data;
  const outcome = row.outcome?.body.outcome;
  return {
    callId: row.callId,
    eventId: row.attempt.id,
    agent: row.agent,
    account: row.account && { id: row.account.id, ref: row.account.ref, currency: row.account.currency },
    direction: a.direction,
    result: a.result,
    startedAt: a.startedAt,
    answeredAt: a.answeredAt,
    endedAt: a.endedAt,
    talkMs: a.answeredAt ? Math.max(0, Date.parse(a.endedAt) - Date.parse(a.answeredAt)) : 0,
    recording: a.recording && { sha256: a.recording.sha256, durationMs: a.recording.durationMs, stored: row.recordingStored },
    outcome: typeof outcome === 'string' ? outcome : null,
    reviews: row.reviews,
  };
}

/** The track id and version a wrap-up names ("id@version"), if it names one. */
export function trackRef(trackId: unknown): { id: string; version: number } | null {
  if (typeof trackId !== 'string') return null;
  const m = /^([a-z0-9][a-z0-9-]{0,79})@(\d{1,9})$/.exec(trackId);
  return m ? { id: m[1]!, version: Number(m[2]) } : null;
}

/** Ids of the other tracks a call's steps name (`<trackId>:<stepId>` in the third-party track). */
export function otherTrackIds(stepIds: readonly string[]): string[] {
  const ids = stepIds.flatMap((s) => {
    const colon = s.indexOf(':');
    if (colon <= 0) return [];
    const prefix = s.slice(0, colon);
    return ['system', 'verify', 'switch', 'phase'].includes(prefix) ? [] : [prefix];
  });
  return [...new Set(ids)];
}

/** What a logged step was, from its id and the tracks. */
export function describeStep(stepId: string, tracks: TrackBook, logged: Omit<LoggedStep, 'stepId' | 'atMs'> = {}): Omit<ReviewStep, 'stepId' | 'atMs'> {
  const colon = stepId.indexOf(':');
  const prefix = colon > 0 ? stepId.slice(0, colon) : null;
  const rest = colon > 0 ? stepId.slice(colon + 1) : stepId;
  const plain = { stepType: null, text: null, thirdParty: false, passed: null, notOnFile: false, answer: null };
  if (prefix === 'system') return { ...plain, kind: 'system', name: rest };
  if (prefix === 'verify') return { ...plain, kind: 'verify', name: rest, passed: logged.passed ?? null, notOnFile: logged.result === 'not_on_file' };
  if (prefix === 'switch') return { ...plain, kind: 'switch', name: rest, thirdParty: true };
  const track = prefix === null ? tracks.main : (tracks.byId.get(prefix) ?? null);
  const step = track?.steps.find((s) => s.id === rest);
  if (!step) return { ...plain, kind: 'unknown', name: stepId, thirdParty: prefix !== null };
  // The wording as written, {{variables}} and all: the reviewer hears the values on the recording.
  const answers = step.type === 'question' ? step.answers : [];
  const chosen = logged.digit === undefined ? null : answers.find((a, i) => (a.digit ?? i + 1) === logged.digit);
  const answer = logged.digit === undefined ? null : { digit: logged.digit, label: chosen?.label ?? null };
  return { kind: 'track', name: step.id, stepType: step.type, text: step.text ?? null, thirdParty: prefix !== null, passed: null, notOnFile: false, answer };
}

function decisionOf(e: StoredEvent): ReviewDecision | null {
  const parsed = GateDecisionLog.safeParse(e.body);
  if (!parsed.success) return null;
  const d = parsed.data;
  const reasons: GateReason[] = d.reasons.map((r) => ({
    rule: r.rule, severity: r.severity, source: r.source, allowedFrom: null,
    // Decisions logged before messageKey was: the rule id is the message key for holds, else shown as it is.
    messageKey: r.messageKey ?? r.rule, params: r.params ?? {},
  }));
  return { eventId: e.id, at: at(e.deviceTime), decision: d.decision, action: d.action, packId: d.packId, packVersion: d.packVersion, allowedFrom: d.allowedFrom, reasons };
}

export function timelineOf(facts: CallFacts, tracks: TrackBook): ReviewCallDetail | null {
  const call = summaryOf(facts);
  const attempt = CallAttemptLog.safeParse(facts.attempt.body);
  if (!call || !attempt.success) return null;
  const a = attempt.data;
  const started = Date.parse(a.startedAt);
  const ended = Date.parse(a.endedAt);
  const callStart = Date.parse(facts.attempt.deviceTime) - Math.max(0, ended - started);
  const time = (e: StoredEvent) => Date.parse(e.deviceTime);
  const phoneId = a.phoneId ?? 'manual'; // the dial pad logs its decisions under 'manual'

  // Decisions and overrides for this phone since the previous call to it.
  const previousStart = Math.max(-Infinity, ...facts.context.flatMap((e) => {
    if (e.type !== 'call.attempt') return [];
    const other = CallAttemptLog.safeParse(e.body);
    if (!other.success || (other.data.phoneId ?? 'manual') !== phoneId) return [];
    const start = time(e) - Math.max(0, Date.parse(other.data.endedAt) - Date.parse(other.data.startedAt));
    return start < callStart ? [start] : [];
  }));
  const before = (e: StoredEvent) => time(e) > previousStart && time(e) <= callStart + DECISION_SLACK_MS && e.body.phoneId === phoneId;
  const decisions = facts.context.filter((e) => e.type === 'compliance.decision' && before(e)).flatMap((e) => decisionOf(e) ?? []).slice(-MAX_DECISIONS);
  const overrides = facts.context.filter((e) => e.type === 'compliance.override' && before(e)).flatMap((e) => {
    const o = GateOverrideLog.safeParse(e.body);
    return o.success ? [{ eventId: e.id, at: at(e.deviceTime), approvedBy: o.data.approvedBy, approverName: o.data.approverName, reason: o.data.reason, rules: o.data.rules }] : [];
  });

  const outcomeEvent = facts.named.filter((e) => e.type === 'call.outcome').at(-1);
  const parsedOutcome = outcomeEvent ? CallOutcomeLog.safeParse(outcomeEvent.body) : null;
  const o = parsedOutcome?.success ? parsedOutcome.data : null;
  const ref = trackRef(o?.trackId);
  const outcome = o && outcomeEvent ? {
    eventId: outcomeEvent.id, at: at(outcomeEvent.deviceTime), outcome: o.outcome, contact: o.contact, note: o.note, promise: o.promise, plan: o.plan,
    callback: o.callback && { at: o.callback.at, owner: o.callback.owner }, hold: o.hold, flaggedPhrases: o.flaggedPhrases,
    track: ref ? { ...ref, title: tracks.main && tracks.main.id === ref.id ? tracks.main.title : ref.id } : null,
  } : null;
  const steps: ReviewStep[] = (o?.steps ?? []).map((s) => ({ stepId: s.stepId, atMs: s.atMs, ...describeStep(s.stepId, tracks, s) }));

  // Notes refused while wrapping this call up: after its start, up to its wrap-up.
  const flaggedUntil = outcomeEvent ? time(outcomeEvent) : Date.parse(facts.attempt.deviceTime) + FLAGGED_WITHOUT_OUTCOME_MS;
  const flaggedNotes = facts.context.filter((e) => e.type === 'note.flagged' && time(e) >= callStart && time(e) <= flaggedUntil).flatMap((e) => {
    const n = NoteFlaggedLog.safeParse(e.body);
    return n.success ? [{ eventId: e.id, at: at(e.deviceTime), text: n.data.text, flags: n.data.flags }] : [];
  });

  const monitoring = facts.named.filter((e) => e.type.startsWith('monitor.')).map((e) => {
    const { type: _type, callId: _callId, ...detail } = e.body;
    return { eventId: e.id, type: e.type, at: at(e.deviceTime), atMs: Math.round(time(e) - callStart), userId: e.userId, userName: e.userName, detail };
  });

  return {
    call,
    number: a.number,
    sipStatus: a.sipStatus,
    answering: a.answering ?? null,
    recordingOffsetMs: a.recording ? recordingOffset(a) : null,
    decisions,
    overrides,
    steps,
    outcome,
    flaggedNotes,
    monitoring,
    reviews: facts.reviewList,
  };
}

/**
 * Where the recording starts in the call: the recorder stops as the call ends, so it began its
 * length before the end; failing that, at the answer.
 */
function recordingOffset(a: CallAttemptLog): number {
  const started = Date.parse(a.startedAt);
  const ended = Date.parse(a.endedAt);
  const begun = a.recording && a.recording.durationMs > 0 ? ended - a.recording.durationMs : a.answeredAt ? Date.parse(a.answeredAt) : started;
  return Math.round(Math.min(Math.max(0, begun - started), Math.max(0, ended - started)));
}
