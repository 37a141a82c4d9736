// The holds that stop a collection letter, and the one in force on an account. The server refuses
// with it (server/routes/letters.ts) and the console says the same before the agent asks
// (renderer/letters/letter-gate.ts), so the two cannot drift. A letter goes to the debtor only:
// a hold on a third party does not stop it, and a channel opt-out (SMS, email) does not either.
import type { Hold, HoldKind, Party } from '../domain/portfolio';

/** Each stopping hold with the rule its refusal names. */
export const LETTER_STOPPING_HOLDS = {
  cease: '12 CFR 1006.6(c); NIFA convention (2018)',
  dispute: '12 CFR 1006.38(d)(2)',
  attorney: '12 CFR 1006.6(b)(2)',
  bankruptcy: '11 U.S.C. 362 (automatic stay)',
  deceased: 'organisation policy (the estate is contacted instead)',
} as const satisfies Partial<Record<HoldKind, string>>;
export type StoppingHold = keyof typeof LETTER_STOPPING_HOLDS;

export function isStoppingHold(kind: string): kind is StoppingHold {
  return Object.hasOwn(LETTER_STOPPING_HOLDS, kind);
}

/** The first hold in force at `at` (epoch ms) that stops a letter to the debtor, or null. */
export function letterStoppingHold(
  holds: readonly Pick<Hold, 'kind' | 'effectiveAt' | 'liftedAt' | 'partyId'>[],
  parties: readonly Pick<Party, 'id' | 'kind'>[],
  at: number,
): (Pick<Hold, 'effectiveAt'> & { kind: StoppingHold }) | null {
  for (const h of holds) {
    const inForce = Date.parse(h.effectiveAt) <= at && (h.liftedAt === null || Date.parse(h.liftedAt) > at);
    const onThirdParty = h.partyId !== null && parties.find((p) => p.id === h.partyId)?.kind === 'third_party';
    if (inForce && isStoppingHold(h.kind) && !onThirdParty) return { kind: h.kind, effectiveAt: h.effectiveAt };
  }
  return null;
}
