// Whether a letter may be issued for the account now, from what the console has: the central
// server decides (server/routes/letters.ts letterRefusal) and this says the same before the agent
// asks, from the same list of stopping holds, so a hold already on screen disables Issue with its
// reason in words.
import type { AccountDetail } from '../../shared/api/contract';
import { isStoppingHold, letterStoppingHold, type StoppingHold } from '../../shared/messaging/letter-holds';
import { LETTERS_BY_REGION, type LetterLanguage, type LetterType } from '../../shared/messaging/letters';

export type { StoppingHold };

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

/** Why no letter may go now, or null. */
export function letterBlock(account: Pick<AccountDetail, 'holds' | 'parties' | 'debts'>, now: number): LetterBlock | null {
  const hold = letterStoppingHold(account.holds, account.parties, now);
  if (hold) return { reason: 'hold', kind: hold.kind, since: hold.effectiveAt };
  if (!account.debts.some((d) => d.balanceMinor > 0)) return { reason: 'nothing_owed' };
  return null;
}

/** The hold a server refusal names (`… (hold.cease; 12 CFR …)`), so it can be said in the agent's language. */
export function refusedForHold(message: string): StoppingHold | null {
  const kind = /\(hold\.(\w+);/.exec(message)?.[1];
  return kind && isStoppingHold(kind) ? kind : null;
}

