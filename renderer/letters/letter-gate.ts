// Whether a letter may be issued for the account now, from what the console has: the central
// server decides (server/routes/letters.ts letterRefusal) and this says the same before the agent
// asks, so a hold already on screen disables Issue with its reason in words. A letter goes to the
// debtor only; a hold on a third party does not stop it, a channel opt-out does not either.
import type { AccountDetail } from '../../shared/api/contract';
import type { Hold, HoldKind } from '../../shared/domain/portfolio';
import { LETTERS_BY_REGION, type LetterLanguage, type LetterType } from '../../shared/messaging/letters';

/** The holds that stop a collection letter (the server's list; each is named in its refusal). */
export const LETTER_STOPPING_HOLDS = ['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased'] as const satisfies readonly HoldKind[];
export type StoppingHold = (typeof LETTER_STOPPING_HOLDS)[number];

export type LetterBlock =
  | { reason: 'hold'; kind: StoppingHold; since: string }
  | { reason: 'nothing_owed' };

export interface LetterChoice {
  type: LetterType;
  language: LetterLanguage;
}

/** The letters an account of its region may have, one per language. */
export function letterChoices(region: AccountDetail['account']['region']): LetterChoice[] {
  return LETTERS_BY_REGION[region].flatMap((l) => l.languages.map((language) => ({ type: l.type, language })));
}

function isStopping(kind: HoldKind): kind is StoppingHold {
  return (LETTER_STOPPING_HOLDS as readonly HoldKind[]).includes(kind);
}

/** Why no letter may go now, or null. */
export function letterBlock(account: Pick<AccountDetail, 'holds' | 'parties' | 'debts'>, now: number): LetterBlock | null {
  for (const h of account.holds as Hold[]) {
    const inForce = Date.parse(h.effectiveAt) <= now && (h.liftedAt === null || Date.parse(h.liftedAt) > now);
    const onThirdParty = h.partyId !== null && account.parties.find((p) => p.id === h.partyId)?.kind === 'third_party';
    if (inForce && isStopping(h.kind) && !onThirdParty) return { reason: 'hold', kind: h.kind, since: h.effectiveAt };
  }
  if (!account.debts.some((d) => d.balanceMinor > 0)) return { reason: 'nothing_owed' };
  return null;
}

/** The hold a server refusal names (`… (hold.cease; 12 CFR …)`), so it can be said in the agent's language. */
export function refusedForHold(message: string): StoppingHold | null {
  const kind = /\(hold\.(\w+);/.exec(message)?.[1];
  return kind && isStopping(kind as HoldKind) ? (kind as StoppingHold) : null;
}

