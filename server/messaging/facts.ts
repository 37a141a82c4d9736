// What the server knows about an account, for the message gate and the templates: the
// compliance facts (the same shape the console builds, from the central bundle: address, every
// phone, holds, third parties, every agent's calls and visits, and every text and email the
// server sent) and the variables' context.
import { ContactResult, Facts, type Contact, type FactsInput } from '../../shared/compliance';
import type { AccountBundle } from '../../shared/domain/portfolio';
import type { MessageRecord } from '../../shared/messaging/protocol';
import type { CallContext } from '../../shared/talktrack/variables';

const CALL_RESULTS: Record<string, ContactResult> = { answered: 'conversation', no_answer: 'no_answer', busy: 'busy', voicemail: 'voicemail' };

/** What the organisation says of itself in messages, per region. */
export interface Organisation {
  institution: Record<'CN' | 'US', string>;
  callbackNumber: Record<'CN' | 'US', string>;
  businessHours: Record<'CN' | 'US', string>;
  paymentChannel: Record<'CN' | 'US', string>;
}

export const DEFAULT_ORGANISATION: Organisation = {
  institution: { CN: '法莱恩资产管理有限公司', US: 'Fairline Recovery Services' },
  callbackNumber: { CN: '400-820-8820', US: '+1 (800) 555-0142' },
  businessHours: { CN: '每天 9:00–20:00', US: '8 am to 9 pm, Monday to Saturday' },
  paymentChannel: { CN: '放款机构官方 App 或对公账户', US: 'our website, by phone, or by mail' },
};

/** A message counts as a contact unless it never left (refused, still being asked for) or never arrived. */
function messageContact(m: MessageRecord, debtorPartyIds: Set<string>): Contact | null {
  if (m.status === 'refused' || m.status === 'requested') return null;
  const result: ContactResult = m.status === 'failed' || m.status === 'bounced' ? 'failed' : 'conversation';
  const third = !debtorPartyIds.has(m.partyId);
  return {
    at: m.createdAt, channel: m.channel, ...(third ? { party: 'third_party' as const, partyId: m.partyId } : { party: 'debtor' as const }),
    ...(m.channel === 'sms' ? { number: m.to } : {}), debtIds: [], collectors: [], result,
    // A text names its number; the phone's id is found by the engine from the number.
  };
}

export function factsOf(bundle: AccountBundle, messages: readonly MessageRecord[]): Facts {
  const { account, parties, phones, holds, history } = bundle;
  const debtorPartyIds = new Set(parties.filter((p) => p.kind !== 'third_party').map((p) => p.id));
  const debtorPhones = phones.filter((p) => debtorPartyIds.has(p.partyId));
  const primary = debtorPhones.find((p) => p.type === 'mobile') ?? debtorPhones[0];
  const toPhone = (p: (typeof phones)[number]) => ({ id: p.id, number: p.number, type: p.type, ...(p.timeZone ? { timeZone: p.timeZone } : {}) });
  const contacts: Contact[] = [];
  for (const h of history) {
    const result = h.kind === 'call' ? CALL_RESULTS[h.result] : undefined;
    // Central history does not say which number was dialled: counted on the primary phone.
    if (result && primary) contacts.push({ at: h.at, channel: 'call', party: 'debtor', phoneId: primary.id, debtIds: [], collectors: [], result });
  }
  for (const m of messages) {
    const c = messageContact(m, debtorPartyIds);
    if (c) contacts.push(c);
  }
  const input: FactsInput = {
    debtor: {
      id: parties.find((p) => p.kind === 'debtor')?.id ?? account.id,
      address: { country: account.region, region: account.province, postalCode: account.postalCode, timeZone: account.timeZone },
      phones: debtorPhones.map(toPhone),
      holds: holds.filter((h) => h.partyId === null || debtorPartyIds.has(h.partyId)).map((h) => ({
        kind: h.kind, effectiveAt: h.effectiveAt, ...(h.liftedAt ? { liftedAt: h.liftedAt } : {}), ...(h.phoneId ? { phoneId: h.phoneId } : {}),
      })),
    },
    thirdParties: parties.filter((p) => p.kind === 'third_party').map((p) => ({
      id: p.id, relation: p.relation === 'self' ? 'other' : p.relation, phones: phones.filter((ph) => ph.partyId === p.id).map(toPhone),
    })),
    history: contacts,
  };
  return Facts.parse(input);
}

export function contextOf(bundle: AccountBundle, agentName: string, org: Organisation): CallContext {
  const { account, debts } = bundle;
  const open = debts.filter((d) => d.balanceMinor > 0);
  const oldest = [...open].sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
  const region = account.region;
  const total = open.reduce((sum, d) => sum + d.balanceMinor, 0);
  return {
    currency: account.currency, timeZone: account.timeZone, debtorName: account.debtorName, salutation: account.debtorName, agentName,
    institution: org.institution[region], callbackNumber: org.callbackNumber[region], businessHours: org.businessHours[region],
    paymentChannel: org.paymentChannel[region],
    ...(open.length > 0 ? { lender: [...new Set(open.map((d) => d.lender))].join(', ') } : {}),
    ...(oldest ? { product: oldest.product, dueDate: oldest.dueDate } : {}),
    accountRef: account.ref, amountDueMinor: total, balanceMinor: total,
  };
}
