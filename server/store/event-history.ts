// Contacts agents logged (pushed events) as central history entries, so whoever works an account
// next, or its team lead, sees them and the compliance gate counts them: call caps hold across
// agents and reassignments. Derived when bundles are read, from the events as stored; each entry
// keeps its event's id ("<event id>" or "<event id>:<n>" for a promise's instalments) so a
// console drops the entries for events it logged itself and already counts.
import type { EventBody } from '../../shared/domain/events';
import type { HistoryEntry } from '../../shared/domain/portfolio';

/** The event types that become history. */
export const HISTORY_EVENT_TYPES = ['call.attempt', 'call.outcome', 'visit.outcome'] as const;

const CONTACT_AS_RESULT: Record<string, string> = {
  conversation: 'answered', no_answer: 'no_answer', voicemail: 'voicemail', limited_content_message: 'voicemail',
  busy: 'busy', not_in_service: 'not_in_service', failed: 'failed',
};

export function historyFromEvent(e: { id: string; accountId: string; deviceTime: string; body: string }, actor: string): HistoryEntry[] {
  let body: EventBody;
  try {
    body = JSON.parse(e.body) as EventBody;
  } catch {
    return []; // events are validated on push; an unreadable one says nothing about contacts
  }
  const entry = (id: string, fields: Pick<HistoryEntry, 'at' | 'kind' | 'result' | 'note'> & Partial<HistoryEntry>): HistoryEntry => ({
    id, accountId: e.accountId, actor, amountMinor: null, dueDate: null, ...fields,
  });
  const promises = (at: string, list: { amountMinor: number; dueDate: string }[]) =>
    list.map((p, i) => entry(`${e.id}:${i + 1}`, { at, kind: 'promise', result: 'pending', note: '', amountMinor: p.amountMinor, dueDate: p.dueDate }));
  switch (body.type) {
    case 'call.attempt':
      // Inbound calls are the debtor's own contact, not an attempt the caps count.
      return body.direction === 'outbound' ? [entry(e.id, { at: body.startedAt, kind: 'call', result: body.result, note: '' })] : [];
    case 'call.outcome': {
      const list = [...(body.promise ? [body.promise] : []), ...(body.plan?.instalments ?? [])];
      // A softphone call's attempt is its own event; a contact logged by hand is the attempt.
      const attempt = body.callId === null ? [entry(e.id, { at: e.deviceTime, kind: 'call', result: CONTACT_AS_RESULT[body.contact] ?? body.contact, note: body.outcome })] : [];
      return [...attempt, ...promises(e.deviceTime, list)];
    }
    case 'visit.outcome': {
      const list = [...(body.promise ? [body.promise] : []), ...(body.plan?.instalments ?? [])];
      return [entry(e.id, { at: body.checkedInAt, kind: 'visit', result: body.outcome, note: '' }), ...promises(e.deviceTime, list)];
    }
    default:
      return [];
  }
}
