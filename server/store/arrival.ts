// Arrival checks: each pushed contact re-checked against the account's holds as they stood when
// it happened (docs/sync.md "Arrival checks"), run inside the push transaction.
import type { Transaction } from 'kysely';
import type { ClientEvent } from '../../shared/domain/events';
import type { HoldKind } from '../../shared/domain/portfolio';
import { chunks, unindexedType } from './kysely-helpers';
import type { Database } from './schema';

/** Contacts an active hold of these kinds forbids, whoever answers. */
const ACCOUNT_HOLDS = new Set<HoldKind>(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased']);

interface Contact { event: ClientEvent; phoneId: string | null; partyId: string | null; number: string | null }

/** The contacts in a batch: outbound call attempts, and call outcomes not closing an inbound call. */
function contactsOf(events: readonly ClientEvent[], inboundCalls: ReadonlySet<string>): Contact[] {
  const contacts: Contact[] = [];
  for (const event of events) {
    if (!event.accountId) continue;
    const b = event.body;
    if (b.type === 'call.attempt' && b.direction === 'outbound') contacts.push({ event, phoneId: b.phoneId, partyId: b.partyId, number: b.number });
    if (b.type === 'call.outcome' && !(b.callId && inboundCalls.has(b.callId))) contacts.push({ event, phoneId: b.phoneId, partyId: b.partyId, number: null });
  }
  return contacts;
}

/**
 * Re-checks each contact against the account's holds as they stood at the event's device time,
 * and records a violation per breached hold. Idempotent: a violation is keyed by (event, hold).
 */
export async function findViolations(trx: Transaction<Database>, events: readonly ClientEvent[], foundAt: string): Promise<void> {
  const calls = events.filter((e) => e.accountId && (e.body.type === 'call.attempt' || e.body.type === 'call.outcome'));
  if (calls.length === 0) return;
  const inbound = new Set(calls.flatMap((e) => (e.body.type === 'call.attempt' && e.body.direction === 'inbound' ? [e.body.callId] : [])));
  const accountIds = [...new Set(calls.map((e) => e.accountId!))];
  // Outcomes of calls whose attempt is not in this batch: an outcome closing an inbound call is
  // not a contact we made, so look for that attempt among those pushed earlier. (Usually the
  // attempt comes with its outcome, and nothing is read.)
  const attempted = new Set(calls.flatMap((e) => (e.body.type === 'call.attempt' ? [e.body.callId] : [])));
  const unmatched = calls.filter((e) => e.body.type === 'call.outcome' && e.body.callId && !attempted.has(e.body.callId));
  if (unmatched.length > 0) {
    const earlier = await trx.selectFrom('events').select('body').where('accountId', 'in', [...new Set(unmatched.map((e) => e.accountId!))])
      .where(unindexedType, '=', 'call.attempt').execute();
    for (const { body } of earlier) {
      const b = JSON.parse(body) as { callId?: string; direction?: string };
      if (b.direction === 'inbound' && b.callId) inbound.add(b.callId);
    }
  }
  const contacts = contactsOf(calls, inbound);
  if (contacts.length === 0) return;
  const holds = await trx.selectFrom('holds').leftJoin('phones', 'phones.id', 'holds.phoneId')
    .select(['holds.id', 'holds.accountId', 'holds.partyId', 'holds.phoneId', 'holds.kind', 'holds.effectiveAt', 'holds.liftedAt', 'phones.number'])
    .where('holds.accountId', 'in', accountIds).execute();
  const rows: { eventId: string; holdId: string; accountId: string; userId: string; rule: string; deviceTime: string; foundAt: string }[] = [];
  for (const c of contacts) {
    const at = Date.parse(c.event.deviceTime);
    for (const h of holds) {
      if (h.accountId !== c.event.accountId) continue;
      const active = Date.parse(h.effectiveAt) <= at && (h.liftedAt === null || Date.parse(h.liftedAt) > at);
      if (!active) continue;
      let breached = false;
      if (ACCOUNT_HOLDS.has(h.kind)) breached = h.partyId === null || c.partyId === null || h.partyId === c.partyId;
      else if (h.kind === 'do_not_call') breached = (h.phoneId !== null && h.phoneId === c.phoneId) || (h.number !== null && h.number === c.number);
      if (!breached) continue;
      rows.push({ eventId: c.event.id, holdId: h.id, accountId: h.accountId, userId: c.event.userId, rule: `hold.${h.kind}`, deviceTime: c.event.deviceTime, foundAt });
    }
  }
  for (const chunk of chunks(rows)) await trx.insertInto('violations').values(chunk).onConflict((oc) => oc.doNothing()).execute();
}
