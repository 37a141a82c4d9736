// What progressive dialling decides, apart from React: when it must stop, which number of an
// account it dials, and which accounts it leaves out. Pure, so the rules are tested alone.
import type { AccountDetail, AccountGate, PhoneGate } from '../../../shared/api/contract';
import type { PartyKind } from '../../../shared/domain/portfolio';
import type { AgentStatus, PauseReason } from '../../../shared/domain/users';

/** Why the mode stopped (paused): each has its own message. */
export type Stop =
  | { why: 'startup' }
  | { why: 'cancelled' }
  | { why: 'status'; reason: PauseReason }
  | { why: 'incoming' }
  | { why: 'phone'; state: 'off' | 'connecting' | 'offline'; reason: string }
  | { why: 'connection' }
  | { why: 'locked' }
  | { why: 'error'; reason: string };

/** The account and number a preview shows and the dial calls. */
export interface Target {
  accountId: string;
  ref: string;
  debtorName: string;
  phoneId: string;
  number: string;
  partyName: string;
  partyKind: PartyKind;
}

export type Mode =
  | { kind: 'off' }
  | { kind: 'paused'; stop: Stop }
  /** On; a call, a wrap-up or a call on the phone that is not the mode's is open. */
  | { kind: 'waiting' }
  | { kind: 'finding' }
  /** On; nothing may be called now (the queue's summary says until when). */
  | { kind: 'nothing'; text: string }
  | { kind: 'preview'; target: Target; endsAt: number }
  | { kind: 'dialling'; target: Target }
  /** The gate warned: a team lead's approval at this console, as for a manual dial. */
  | { kind: 'approval'; target: Target; gate: PhoneGate }
  /** Refused by the gate; shown for a moment, then the next account. */
  | { kind: 'refused'; accountId: string; ref: string; debtorName: string; number: string | null; gate: PhoneGate | null }
  /** The mode's call, until its wrap-up is saved (`seen`: the call or its wrap-up has shown). */
  | { kind: 'calling'; target: Target; seen: boolean };

export type ModeKind = Mode['kind'];

export function isRunning(mode: Mode): boolean {
  return mode.kind !== 'off' && mode.kind !== 'paused';
}

export interface Conditions {
  status: AgentStatus | null;
  registration: { state: 'off' | 'connecting' | 'registered' | 'offline'; reason?: string };
  /** A call is ringing in (or waiting) on the softphone. */
  incoming: boolean;
  connection: 'connecting' | 'open' | 'reconnecting' | 'rejected';
}

/** Why a running mode must stop now, or null. The order is the order of importance. */
export function stopFor(c: Conditions): Stop | null {
  if (c.connection !== 'open') return { why: 'connection' };
  if (c.status?.state === 'paused') return { why: 'status', reason: c.status.reason };
  if (c.incoming) return { why: 'incoming' };
  const r = c.registration;
  if (r.state !== 'registered') return { why: 'phone', state: r.state, reason: r.reason ?? '' };
  return null;
}

/** A stop that ends by itself: back to Available resumes; the others wait for Resume. */
export function resumesBy(stop: Stop, c: Conditions): boolean {
  return stop.why === 'status' && c.status?.state === 'available';
}

const KIND_ORDER: PartyKind[] = ['debtor', 'co_debtor', 'third_party'];

export type PhoneChoice =
  | { kind: 'phone'; target: Target; decision: 'allow' | 'warn' }
  /** No number may be called: the first number's refusal, to show why. */
  | { kind: 'none'; gate: PhoneGate | null; number: string | null };

/**
 * The number to dial: in the account screen's order (the debtor, co-debtors, then third
 * parties), the first the gate allows, else the first it only warns about (a lead approves it
 * as for a manual dial). The gate is asked again at the dial; this only chooses.
 */
export function choosePhone(detail: Pick<AccountDetail, 'account' | 'parties' | 'phones'>, gate: AccountGate): PhoneChoice {
  const parties = [...detail.parties].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));
  const ordered = parties.flatMap((party) => detail.phones.filter((p) => p.partyId === party.id).map((phone) => ({ party, phone })));
  const gateOf = (phoneId: string) => gate.phones.find((g) => g.phoneId === phoneId);
  for (const decision of ['allow', 'warn'] as const) {
    const found = ordered.find(({ phone }) => gateOf(phone.id)?.decision === decision);
    if (found) {
      const { party, phone } = found;
      return {
        kind: 'phone', decision,
        target: {
          accountId: detail.account.id, ref: detail.account.ref, debtorName: detail.account.debtorName,
          phoneId: phone.id, number: phone.number, partyName: party.name, partyKind: party.kind,
        },
      };
    }
  }
  const first = ordered[0];
  return { kind: 'none', gate: first ? gateOf(first.phone.id) ?? null : null, number: first?.phone.number ?? null };
}

/** The API takes at most this many accounts to leave out. */
export const SKIP_MAX = 1000;

/** The accounts left out of the next choice: those skipped or refused in this session, newest kept. */
export function withSkipped(skipped: readonly string[], accountId: string): string[] {
  return [...skipped.filter((id) => id !== accountId), accountId].slice(-SKIP_MAX);
}

/** What queue.next leaves out: the session's skipped accounts and the account just called (as Next account skips the one on screen). */
export function skipList(skipped: readonly string[], lastCalled: string | null): string[] {
  return lastCalled === null ? [...skipped] : withSkipped(skipped, lastCalled);
}

/** Whole seconds left of a preview, as the countdown shows them (never below 0). */
export function secondsLeft(endsAt: number, now: number): number {
  return Math.max(0, Math.ceil((endsAt - now) / 1000));
}
