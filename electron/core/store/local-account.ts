// This device's own events as the account view and the gate read them: timeline items (with
// the call facts compliance counts) and holds set by wrap-ups, which apply at once, before the
// server has heard of them.
import type Database from 'better-sqlite3';
import type { AccountDetail, TimelineItem } from '../../../shared/api/contract';
import type { CallAttemptLog, EventBody } from '../../../shared/domain/events';
import { all, qb } from './sql';

export interface LocalAccountEvents {
  timeline: TimelineItem[];
  holds: AccountDetail['holds'];
}

/** What compliance counts a network result as. */
const ATTEMPT_CONTACT: Record<CallAttemptLog['result'], string> = {
  answered: 'conversation',
  no_answer: 'no_answer',
  rejected: 'no_answer',
  busy: 'busy',
  not_in_service: 'not_in_service',
  failed: 'failed',
  voicemail: 'voicemail',
};

/** Local events of these accounts, grouped per account; `actorName` names the agent for the timeline. */
export function localAccountEvents(db: Database.Database, accountIds: string[], actorName: (userId: string) => string): Map<string, LocalAccountEvents> {
  const found = new Map<string, LocalAccountEvents>();
  if (accountIds.length === 0) return found;
  // An opening of the account (account.viewed) is an access record, not the account's history.
  const rows = all(db, qb.selectFrom('events').select(['id', 'account_id', 'device_time', 'body', 'user_id'])
    .where('account_id', 'in', accountIds).where('type', '!=', 'account.viewed').orderBy('seq'));
  for (const r of rows) {
    const body = JSON.parse(r.body) as EventBody;
    let entry = found.get(r.account_id!);
    if (!entry) found.set(r.account_id!, (entry = { timeline: [], holds: [] }));
    entry.timeline.push({
      id: r.id, at: r.device_time, source: 'local', kind: body.type, actor: actorName(r.user_id),
      ...timelineText(body), amountMinor: amountOf(body), dueDate: body.type === 'call.outcome' || body.type === 'visit.outcome' ? body.promise?.dueDate ?? null : null,
      call: callFacts(body),
    });
    if (body.type === 'call.outcome' && body.hold) {
      const onPhone = body.hold.phoneId !== null;
      entry.holds.push({
        id: `local-${r.id}`, accountId: r.account_id!, kind: body.hold.kind,
        partyId: onPhone ? null : body.partyId, phoneId: body.hold.phoneId, note: body.note, effectiveAt: r.device_time, liftedAt: null,
      });
    }
  }
  return found;
}

function callFacts(body: EventBody): TimelineItem['call'] {
  if (body.type === 'call.attempt') {
    return { callId: body.callId, phoneId: body.phoneId, partyId: body.partyId, contact: ATTEMPT_CONTACT[body.result], closes: false, recorded: body.recording !== null };
  }
  if (body.type === 'call.outcome') {
    return { callId: body.callId, phoneId: body.phoneId, partyId: body.partyId, contact: body.contact, closes: body.callId !== null, recorded: false };
  }
  return null;
}

function amountOf(body: EventBody): number | null {
  if (body.type !== 'call.outcome' && body.type !== 'visit.outcome') return null;
  return body.promise?.amountMinor ?? body.plan?.totalMinor ?? null;
}

/** How a local event reads in the account's timeline. */
function timelineText(body: EventBody): { result: string; note: string } {
  switch (body.type) {
    case 'note.added': return { result: '', note: body.text };
    case 'compliance.decision': return { result: body.action === 'dial' ? 'dialled' : 'refused', note: body.reasons.map((r) => `${r.rule} (${r.source})`).join('; ') };
    case 'compliance.override': return { result: 'approved', note: `${body.approverName}: ${body.reason}` };
    case 'call.attempt': return { result: body.result, note: body.number };
    case 'call.outcome': return { result: body.outcome, note: body.note };
    case 'note.flagged': return { result: 'flagged', note: body.flags.map((f) => f.phrase).join(', ') };
    case 'promise.broken': return { result: 'broken', note: body.dueDate };
    case 'visit.checkin': return { result: 'checked_in', note: body.attendees.map((a) => `${a.name} (${a.staffId})`).join(', ') };
    case 'visit.refused': return { result: 'refused', note: body.reasons.map((r) => `${r.rule} (${r.source})`).join('; ') };
    case 'visit.outcome': return { result: body.outcome, note: body.note };
    default: return { result: '', note: '' };
  }
}
