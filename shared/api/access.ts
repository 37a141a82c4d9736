// The console's read-access log of accounts (shared/domain/access.ts), in the typed API.
import { z } from 'zod';
import { AccountViewPurpose } from '../domain/access';

/**
 * The account view shows an account. `opening` names one opening of the view (a new id each
 * time the agent opens it): the core logs the first report of an opening, and one more when a
 * record first shown with the debt hidden is shown in full after the debtor's verification.
 * Reloads of the same opening log nothing.
 */
export const AccountOpenedInput = z.object({
  accountId: z.string().min(1).max(100),
  opening: z.uuid(),
  purpose: AccountViewPurpose,
  verified: z.boolean().nullable(),
}).strict();
export type AccountOpenedInput = z.infer<typeof AccountOpenedInput>;

export const accessMethods = {
  /** The account view shows an account (once per opening, again once verified): logged as account.viewed. */
  'account.opened': { input: AccountOpenedInput, output: z.object({ logged: z.boolean() }) },
} as const;
