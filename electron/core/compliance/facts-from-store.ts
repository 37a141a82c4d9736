// Builds the compliance engine's facts document for one account from the local store: the
// server-owned portfolio (phones, holds, third parties, central history) plus this device's
// own events. The engine itself is pure (shared/compliance); this is its I/O edge.
import type { AccountDetail } from '../../../shared/api/contract';
import { ContactResult, type Contact, type FactsInput } from '../../../shared/compliance';

/** Central history records call results as these codes; the engine counts what they mean. */
const CALL_RESULTS: Record<string, ContactResult> = {
  answered: 'conversation',
  no_answer: 'no_answer',
  busy: 'busy',
  voicemail: 'voicemail',
};

export function factsFor(detail: AccountDetail): FactsInput {
  return { ...profileFor(detail), history: historyFor(detail) };
}

const debtorPartyIdsOf = (parties: AccountDetail['parties']) => new Set(parties.filter((p) => p.kind !== 'third_party').map((p) => p.id));

/** The account's server-owned profile: the debtor's address, phones and holds, and the third parties. */
export function profileFor(detail: AccountDetail): Required<Pick<FactsInput, 'debtor' | 'thirdParties'>> {
  const { account, parties, phones, holds } = detail;
  const debtorPartyIds = debtorPartyIdsOf(parties);
  const toPhone = (p: (typeof phones)[number]) => ({ id: p.id, number: p.number, type: p.type, ...(p.timeZone ? { timeZone: p.timeZone } : {}) });
  return {
    debtor: {
      id: parties.find((p) => p.kind === 'debtor')?.id ?? account.id,
      address: { country: account.region, region: account.province, postalCode: account.postalCode, timeZone: account.timeZone },
      phones: phones.filter((p) => debtorPartyIds.has(p.partyId)).map(toPhone),
      holds: holds.filter((h) => h.partyId === null || debtorPartyIds.has(h.partyId)).map((h) => ({
        kind: h.kind,
        effectiveAt: h.effectiveAt,
        ...(h.liftedAt ? { liftedAt: h.liftedAt } : {}),
        ...(h.phoneId ? { phoneId: h.phoneId } : {}),
      })),
    },
    thirdParties: parties.filter((p) => p.kind === 'third_party').map((p) => ({
      id: p.id,
      relation: p.relation === 'self' ? 'other' : p.relation,
      phones: phones.filter((ph) => ph.partyId === p.id).map(toPhone),
    })),
  };
}

// Every contact built here names no debt and no collector: one shared, frozen empty list each.
const NONE: string[] = Object.freeze([]) as unknown as string[];

/** Every call on the account's timeline as the engine counts it, newest first as the timeline lists them. */
export function historyFor(detail: AccountDetail): Contact[] {
  const { parties, phones, timeline } = detail;
  const debtorPartyIds = debtorPartyIdsOf(parties);
  const primary = phones.find((p) => debtorPartyIds.has(p.partyId) && p.type === 'mobile') ?? phones.find((p) => debtorPartyIds.has(p.partyId));
  const history: Contact[] = [];
  // Calls logged here name their phone; a wrap-up refines the attempt it closes (a "connected"
  // call that reached voicemail counts as voicemail).
  const refined = new Map<string, ContactResult>();
  for (const item of timeline) {
    if (item.call?.closes && item.call.callId && isContactResult(item.call.contact)) refined.set(item.call.callId, item.call.contact);
  }
  for (const item of timeline) {
    const call = item.call;
    if (call) {
      if (call.closes) continue;
      const result = (call.callId ? refined.get(call.callId) : undefined) ?? call.contact;
      const phone = phones.find((p) => p.id === call.phoneId);
      if (!isContactResult(result) || !phone) continue;
      const third = !debtorPartyIds.has(phone.partyId);
      history.push({
        at: item.at, channel: 'call', ...(third ? { party: 'third_party' as const, partyId: phone.partyId } : { party: 'debtor' as const }),
        phoneId: phone.id, debtIds: NONE, collectors: NONE, result,
      });
      continue;
    }
    const result = item.kind === 'call' ? CALL_RESULTS[item.result] : undefined;
    // Central history does not say which number was dialled; it is counted against the
    // debtor's primary phone, which makes per-number caps err on the side of caution.
    if (!result || !primary) continue;
    history.push({ at: item.at, channel: 'call', party: 'debtor', phoneId: primary.id, debtIds: NONE, collectors: NONE, result });
  }
  return history;
}

function isContactResult(value: string): value is ContactResult {
  return (ContactResult.options as readonly string[]).includes(value);
}
