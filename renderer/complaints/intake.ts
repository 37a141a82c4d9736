// A complaint started from elsewhere on the account screen: an inbound reply in the messages
// panel ("Raise a complaint" beside it) hands the complaints panel what came in, and the panel
// opens its form with the source, the text and the message linked. The two panels are siblings
// with no shared parent state, so this is a one-slot store read with useSyncExternalStore.
import { useSyncExternalStore } from 'react';

export interface ComplaintIntake {
  accountId: string;
  /** The message replied to, when the reply names one (an email reply); an SMS reply names only its number. */
  messageId: string | null;
  from: string;
  text: string;
}

let pending: ComplaintIntake | null = null;
const listeners = new Set<() => void>();

export function startComplaintFromMessage(intake: ComplaintIntake): void {
  pending = intake;
  for (const l of listeners) l();
}

/** Takes the intake waiting for this account, if any (once: a second read gets null). */
export function takeComplaintIntake(accountId: string): ComplaintIntake | null {
  if (pending?.accountId !== accountId) return null;
  const intake = pending;
  pending = null;
  return intake;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether an intake waits for this account (re-renders when one arrives). */
export function useComplaintIntakeWaiting(accountId: string): boolean {
  return useSyncExternalStore(subscribe, () => pending?.accountId === accountId);
}
