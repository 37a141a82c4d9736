// Who opened a debtor's full record on a console, and why (docs/security.md "Who read what").
// The console logs it as an account.viewed event; the central server chains it on arrival and
// `admin access list` shows it beside the server's own access log.
import { z } from 'zod';

/**
 * Why the account was opened: from the queue list, the queue with a search typed, the next
 * account button, the agent's callbacks, a board alert (a lead), an incoming call, a live call
 * or wrap-up that keeps its account on screen, a field route, a complaint (a lead from the
 * Complaints screen), anything else.
 */
export const AccountViewPurpose = z.enum(['queue', 'search', 'next_account', 'callback', 'board_alert', 'inbound_call', 'call', 'visit', 'complaint', 'other']);
export type AccountViewPurpose = z.infer<typeof AccountViewPurpose>;

/**
 * An account's full record shown on a console. `verified`: null when no call was on the account
 * (the agent's own work: the record shows in full); false when a call was on it and the person on
 * the line was not yet verified (the debt hidden); true when the debtor had been verified (the
 * record shown in full after verification). Events from before purpose was kept carry neither.
 */
export const AccountViewedLog = z.object({
  type: z.literal('account.viewed'),
  purpose: AccountViewPurpose.optional(),
  verified: z.boolean().nullable().optional(),
});
export type AccountViewedLog = z.infer<typeof AccountViewedLog>;
