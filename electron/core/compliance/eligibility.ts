// The queue's question of the gate, answered afresh: may the account be offered now (some phone
// may be called; a warning still lets the agent ask a lead), or is it blocked until the first
// phone opens again, and by which rule.
import type { AccountDetail } from '../../../shared/api/contract';
import { untilOpen, type Attempt, type Closed, type Pack } from '../../../shared/compliance';
import type { PreparedHistory, Stable } from '../../../shared/compliance/evaluate';
import { isoUtc } from '../../../shared/compliance/time';
import type { BlockInput } from '../../../shared/queue';
import { checkedFacts } from './account-facts';

/** What the gate proposes for each phone: a call to the debtor, or to a third party for the purpose the pack allows. */
export function attemptFor(pack: Pack, phone: AccountDetail['phones'][number], thirdPartyIds: ReadonlySet<string>): Attempt {
  if (!thirdPartyIds.has(phone.partyId)) return { channel: 'call', party: 'debtor', phoneId: phone.id, debtIds: [], collectors: [] };
  // US: location information only (12 CFR 1006.10); China: re-establishing contact (NIFA 2018 arts. 13, 14, 18).
  const purpose = pack.country === 'CN' ? 'reestablish_contact' : 'location_information';
  return { channel: 'call', party: 'third_party', partyId: phone.partyId, purpose, phoneId: phone.id, debtIds: [], collectors: [] };
}

/** The queue's answer from untilOpen's: the phone that opens first (the first listed on a tie), and the first rule that blocks it. */
export function answerOf(closed: readonly Closed[] | null): BlockInput | null {
  if (closed === null) return null;
  let first: Closed | null = null;
  for (const c of closed) if (c.allowedFrom !== null && (first === null || c.allowedFrom < first.allowedFrom!)) first = c;
  return { until: first ? isoUtc(first.allowedFrom!) : 'never', reason: (first ?? closed[0])?.rule ?? 'no_phone' };
}

/**
 * The answer now, from facts built and checked for this question alone (throws UnreadableFacts);
 * with `stable`, also until when it holds on the same data (shared/compliance/stability.ts).
 */
export function freshEligibility(detail: AccountDetail, pack: Pack, now: Date, stable?: Stable): BlockInput | null {
  const { facts, thirdPartyIds } = checkedFacts(detail);
  const attempts = detail.phones.map((phone) => attemptFor(pack, phone, thirdPartyIds));
  return answerOf(untilOpen(pack, facts, attempts, now, undefined as PreparedHistory | undefined, stable));
}
