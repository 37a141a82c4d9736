// The pre-dial gate: the pack for the account's region, evaluated for every phone now.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { AccountDetail, AccountGate, PhoneGate } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { evaluate, evaluateEach, Facts, packIdForCountry, untilOpen, type Attempt, type Pack } from '../../../shared/compliance';
import type { BlockInput } from '../../../shared/queue';
import { basePacks, type PackResolver } from './org-packs';
import { AccountFactsCache, accountFacts, type GateInput } from './account-facts';
import { answerOf, attemptFor, freshEligibility } from './eligibility';
import { gateVerdicts, type GateVerdicts } from './gate-verdicts';


/** The policy pack that governs contact with this account's debtor. */
export function packFor(detail: AccountDetail, packs: PackResolver = basePacks): Pack {
  return packs(packIdForCountry(detail.account.region)!); // the portfolio's regions are CN and US
}

// The attempts for an account's phones, kept with its gate input (built again with it when the
// account changes) for the pack's country they were made for.
function attemptsFor(pack: Pack, detail: AccountDetail, input: GateInput): Attempt[] {
  const known = input.attempts;
  if (known && known.country === pack.country && known.list.length === detail.phones.length) return known.list;
  const list = detail.phones.map((phone) => attemptFor(pack, phone, input.thirdPartyIds));
  input.attempts = { country: pack.country, list };
  return list;
}

/**
 * Every phone of the account, decided now. The facts are read through the gate-input cache
 * (account-facts.ts), so an account whose data has not changed is neither built nor validated
 * again, and its history stays read and indexed; the rules that do not depend on the number
 * called run once for all the debtor's phones (evaluateEach).
 */
export function gateAccount(detail: AccountDetail, now: Date, packs: PackResolver = basePacks, cache: AccountFactsCache = accountFacts): AccountGate {
  const pack = packFor(detail, packs);
  const input = cache.inputOf(detail);
  const decisions = evaluateEach(pack, input.facts, attemptsFor(pack, detail, input), now, input.history);
  const phones: PhoneGate[] = new Array(decisions.length);
  for (let i = 0; i < decisions.length; i++) {
    const phone = detail.phones[i]!;
    const d = decisions[i]!;
    phones[i] = { phoneId: phone.id, partyId: phone.partyId, decision: d.decision, allowedFrom: d.decision === 'block' ? d.allowedFrom : null, reasons: d.reasons };
  }
  return { packId: pack.id, packVersion: pack.version, evaluatedAt: decisions[0]?.evaluatedAt ?? now.toISOString(), phones };
}

/**
 * What the queue asks of every account at every sweep: may it be offered now (some phone may be
 * called; a warning still lets the agent ask a lead), or is it blocked until the first phone
 * opens again, and by which rule. The same answer as eligibility(gateAccount(...)) (tested), with
 * only the work that answer needs: phones are decided in order until one may be called, and no
 * reason's message is written. By default the answer is kept while it holds (gate-verdicts.ts);
 * `from` null decides afresh and keeps nothing; a facts cache decides on the facts it keeps.
 */
export function eligibilityOf(detail: AccountDetail, now: Date, packs: PackResolver = basePacks, from: GateVerdicts | AccountFactsCache | null = gateVerdicts): BlockInput | null {
  const pack = packFor(detail, packs);
  if (from === null) return freshEligibility(detail, pack, now);
  if (!(from instanceof AccountFactsCache)) return from.eligibility(detail, pack, now);
  const input = from.inputOf(detail);
  return answerOf(untilOpen(pack, input.facts, attemptsFor(pack, detail, input), now, input.history));
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
