// Builds the compliance engine's facts document for one account from the local store: the
// server-owned portfolio (phones, holds, third parties, central history) plus this device's
// own events. The engine itself is pure (shared/compliance); this is its I/O edge.
import type { AccountDetail } from '../../../shared/api/contract';
import type { Contact, ContactResult, FactsInput } from '../../../shared/compliance';

/** Central history records call results as these codes; the engine counts what they mean. */
const CALL_RESULTS: Record<string, ContactResult> = {
  answered: 'conversation',
  no_answer: 'no_answer',
  busy: 'busy',
  voicemail: 'voicemail',
};

export function factsFor(detail: AccountDetail): FactsInput {
  const { account, parties, phones, holds, timeline } = detail;
  const debtorPartyIds = new Set(parties.filter((p) => p.kind !== 'third_party').map((p) => p.id));
  const debtorPhones = phones.filter((p) => debtorPartyIds.has(p.partyId));
  const primary = debtorPhones.find((p) => p.type === 'mobile') ?? debtorPhones[0];
  const toPhone = (p: (typeof phones)[number]) => ({ id: p.id, number: p.number, type: p.type, ...(p.timeZone ? { timeZone: p.timeZone } : {}) });

  const history: Contact[] = [];
  for (const item of timeline) {
    const result = item.kind === 'call' ? CALL_RESULTS[item.result] : undefined;
    // Central history does not say which number was dialled; it is counted against the
    // debtor's primary phone, which makes per-number caps err on the side of caution.
    if (!result || !primary) continue;
    history.push({ at: item.at, channel: 'call', party: 'debtor', phoneId: primary.id, debtIds: [], collectors: [], result });
  }

  return {
    debtor: {
      id: parties.find((p) => p.kind === 'debtor')?.id ?? account.id,
      address: { country: account.region, region: account.province, postalCode: account.postalCode, timeZone: account.timeZone },
      phones: debtorPhones.map(toPhone),
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
    history,
  };
}
