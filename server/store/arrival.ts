// Arrival checks: each pushed contact re-checked against the account's holds as they stood when
// it happened, by the time the server trusts for it (arrival-time.ts; docs/sync.md "Arrival
// checks"), run inside the push transaction. This is the generic path, used on SQLite; the
// PostgreSQL push does the same in its one statement (push-postgres.ts).
import type { Transaction } from 'kysely';
import type { HoldKind } from '../../shared/domain/portfolio';
import { chunks, unindexedType } from './kysely-helpers';
import type { PushRow } from './push-batch';
import type { Database } from './schema';
import type { ViolationRecord } from './store';

/** Contacts an active hold of these kinds forbids, whoever answers. */
const ACCOUNT_HOLDS = new Set<HoldKind>(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased']);

/** What a push needs to know of each account it names. */
export interface AccountFacts { ref: string; teamId: string | null; reachedMs: number }

/**
 * The batch's accounts with the time each reached the pushing agent (server time): when it was
 * assigned to them (assigned_at, else its last reassignment) if it is theirs and was never
 * theirs before; otherwise, for an account they had earlier or one of their team's, its
 * creation. (Unknown accounts are refused before this runs.)
 */
export async function accountFacts(trx: Transaction<Database>, userId: string, accountIds: readonly string[]): Promise<Map<string, AccountFacts>> {
  const facts = new Map<string, AccountFacts>();
  for (const ids of chunks(accountIds)) {
    const [accounts, past] = await Promise.all([
      trx.selectFrom('accounts').select(['id', 'ref', 'teamId', 'assignedTo', 'assignedAt', 'createdAt']).where('id', 'in', ids).execute(),
      trx.selectFrom('pastAssignments').select(['accountId', 'userId', 'until']).where('accountId', 'in', ids).execute(),
    ]);
    for (const a of accounts) {
      const before = past.filter((p) => p.accountId === a.id);
      const lastMove = before.length === 0 ? null : Math.max(...before.map((p) => Date.parse(p.until)));
      const theirsOnly = a.assignedTo === userId && !before.some((p) => p.userId === userId);
      const reachedMs = theirsOnly ? (a.assignedAt ? Date.parse(a.assignedAt) : lastMove ?? Date.parse(a.createdAt)) : Date.parse(a.createdAt);
      facts.set(a.id, { ref: a.ref, teamId: a.teamId, reachedMs });
    }
  }
  return facts;
}

/**
 * Re-checks the newly stored contacts against their accounts' holds at `checkedMs` (the time
 * judged for each event) and records a violation per breached hold; returns them. `batch` is
 * the whole push: an outcome closing an inbound call is no contact of ours, and its attempt may
 * be anywhere in it, or pushed earlier.
 */
export async function findViolations(
  trx: Transaction<Database>, batch: readonly PushRow[], fresh: ReadonlySet<string>, checkedMs: ReadonlyMap<string, number>,
  accounts: ReadonlyMap<string, AccountFacts>, userId: string, foundAt: string,
): Promise<ViolationRecord[]> {
  const calls = batch.filter((r) => r.contact !== null);
  if (!calls.some((r) => fresh.has(r.id))) return [];
  const inbound = new Set(calls.flatMap((r) => (r.contact === 'in' && r.callId ? [r.callId] : [])));
  // Outcomes of calls whose attempt is not in this batch: look for an inbound attempt pushed
  // earlier. (Usually the attempt comes with its outcome, and nothing is read.)
  const attempted = new Set(calls.flatMap((r) => (r.contact !== 'outcome' && r.callId ? [r.callId] : [])));
  const unmatched = calls.filter((r) => r.contact === 'outcome' && r.callId && !attempted.has(r.callId));
  if (unmatched.length > 0) {
    const earlier = await trx.selectFrom('events').select(['accountId', 'body']).where('accountId', 'in', [...new Set(unmatched.map((r) => r.accountId!))])
      .where(unindexedType, '=', 'call.attempt').execute();
    for (const { accountId, body } of earlier) {
      const b = JSON.parse(body) as { callId?: string; direction?: string };
      if (b.direction === 'inbound' && b.callId && unmatched.some((r) => r.callId === b.callId && r.accountId === accountId)) inbound.add(b.callId);
    }
  }
  const contacts = calls.filter((r) => fresh.has(r.id) && (r.contact === 'out' || (r.contact === 'outcome' && !(r.callId && inbound.has(r.callId)))));
  if (contacts.length === 0) return [];
  const holds = await trx.selectFrom('holds').leftJoin('phones', 'phones.id', 'holds.phoneId')
    .select(['holds.id', 'holds.accountId', 'holds.partyId', 'holds.phoneId', 'holds.kind', 'holds.effectiveAt', 'holds.liftedAt', 'phones.number'])
    .where('holds.accountId', 'in', [...new Set(contacts.map((c) => c.accountId!))]).execute();
  const found: ViolationRecord[] = [];
  for (const c of contacts) {
    const at = checkedMs.get(c.id)!;
    for (const h of holds) {
      if (h.accountId !== c.accountId) continue;
      const active = Date.parse(h.effectiveAt) <= at && (h.liftedAt === null || Date.parse(h.liftedAt) > at);
      if (!active) continue;
      let breached = false;
      if (ACCOUNT_HOLDS.has(h.kind)) breached = h.partyId === null || c.partyId === null || h.partyId === c.partyId;
      else if (h.kind === 'do_not_call') breached = (h.phoneId !== null && h.phoneId === c.phoneId) || (h.number !== null && h.number === c.number);
      if (!breached) continue;
      const account = accounts.get(h.accountId);
      found.push({
        eventId: c.id, eventType: c.type, accountId: h.accountId, accountRef: account?.ref ?? null, teamId: account?.teamId ?? null,
        userId, holdId: h.id, holdKind: h.kind, rule: `hold.${h.kind}`, deviceTime: c.deviceTime, foundAt,
      });
    }
  }
  found.sort((a, b) => (a.eventId === b.eventId ? (a.holdId < b.holdId ? -1 : 1) : a.eventId < b.eventId ? -1 : 1));
  for (const chunk of chunks(found)) {
    await trx.insertInto('violations').values(chunk.map((v) => ({
      eventId: v.eventId, holdId: v.holdId, accountId: v.accountId, userId: v.userId, rule: v.rule, deviceTime: v.deviceTime, foundAt,
    }))).onConflict((oc) => oc.doNothing()).execute();
  }
  return found;
}
