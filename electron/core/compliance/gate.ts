// The pre-dial gate: the pack for the account's region, evaluated for every phone now.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { AccountDetail, AccountGate, PhoneGate } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { evaluate, Facts, packIdForCountry, type Pack } from '../../../shared/compliance';
import type { BlockInput } from '../../../shared/queue';
import { basePacks, type PackResolver } from './org-packs';
import { factsFor } from './facts-from-store';


/** The policy pack that governs contact with this account's debtor. */
export function packFor(detail: AccountDetail, packs: PackResolver = basePacks): Pack {
  return packs(packIdForCountry(detail.account.region)!); // the portfolio's regions are CN and US
}

export function gateAccount(detail: AccountDetail, now: Date, packs: PackResolver = basePacks): AccountGate {
  const pack = packFor(detail, packs);
  const parsed = Facts.safeParse(factsFor(detail));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('INTERNAL', `Account ${detail.account.ref} has data the compliance gate cannot read (${issue?.path.join('.')}: ${issue?.message}); no call may be placed until it is fixed`);
  }
  const facts = parsed.data;
  const thirdPartyIds = new Set(facts.thirdParties.map((p) => p.id));
  const phones = detail.phones.map((phone) => {
    const thirdParty = thirdPartyIds.has(phone.partyId);
    const d = evaluate(pack, facts, {
      channel: 'call',
      party: thirdParty ? 'third_party' : 'debtor',
      ...(thirdParty ? { partyId: phone.partyId, purpose: 'location_information' as const } : {}),
      phoneId: phone.id,
      debtIds: [],
      collectors: [],
    }, now);
    return { phoneId: phone.id, partyId: phone.partyId, decision: d.decision, allowedFrom: d.decision === 'block' ? d.allowedFrom : null, reasons: d.reasons };
  });
  return { packId: pack.id, packVersion: pack.version, evaluatedAt: now.toISOString(), phones };
}

/**
 * Whether the queue may offer the account now: yes when some phone may be called (a warning
 * still lets the agent ask a lead); otherwise blocked until the first phone opens again.
 */
export function eligibility(gate: AccountGate): BlockInput | null {
  if (gate.phones.some((p) => p.decision !== 'block')) return null;
  let first: AccountGate['phones'][number] | null = null;
  for (const p of gate.phones) {
    if (p.allowedFrom !== null && (first === null || first.allowedFrom === null || p.allowedFrom < first.allowedFrom)) first = p;
  }
  const reason = (first ?? gate.phones[0])?.reasons.find((r) => r.severity === 'block')?.rule ?? 'no_phone';
  return { until: first?.allowedFrom ?? 'never', reason };
}

/**
 * The gate for a number typed on the dial pad (a number outside the portfolio): nothing is known
 * of the person but the number, so the pack of its country applies with its calling windows at
 * every place the number can be. A country no pack covers cannot be called from the console.
 */
export function gateNumber(number: string, now: Date, packs: PackResolver = basePacks): { phone: PhoneGate; packId: string; packVersion: string } {
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed?.isValid()) throw new ApiError('VALIDATION', `${number} is not a valid phone number: type it with its country code, e.g. +86 139 0000 0100`, [{ path: 'number', message: 'Not a valid number' }]);
  const country = parsed.country ?? '';
  const packId = packIdForCountry(country);
  if (!packId) throw new ApiError('VALIDATION', `No policy pack covers calls to ${country || 'this country'}: the console calls China and the US only`, [{ path: 'number', message: 'No policy pack for this country' }]);
  const pack = packs(packId);
  const facts = Facts.parse({
    debtor: { id: 'manual', address: { country }, phones: [{ id: 'manual', number: parsed.number, type: 'other' }], holds: [] },
    history: [],
  });
  const d = evaluate(pack, facts, { channel: 'call', party: 'debtor', phoneId: 'manual', debtIds: [], collectors: [] }, now);
  return {
    packId: pack.id, packVersion: pack.version,
    phone: { phoneId: 'manual', partyId: 'manual', decision: d.decision, allowedFrom: d.decision === 'block' ? d.allowedFrom : null, reasons: d.reasons },
  };
}
