// Tells the core that the account view shows an account, so who opened it and why is logged
// (account.opened; docs/security.md "Who read what"). One opening id per account shown by this
// view: re-renders and reloads report the same opening and the core logs it once, and once more
// when a record first shown with the debt hidden shows in full after the debtor's verification.
import { useEffect, useRef } from 'react';
import type { AccountViewPurpose } from '../../../shared/domain/access';
import { useApi } from '../../api/ApiContext';

/**
 * `shown`: the record is on screen (loaded). `verified`: null with no call on the account, else
 * whether the person on the line has been verified as the debtor (the debt hidden until then).
 */
export function useAccountOpened(accountId: string, purpose: AccountViewPurpose, shown: boolean, verified: boolean | null): void {
  const api = useApi();
  const opening = useRef<{ accountId: string; id: string } | null>(null);
  if (opening.current?.accountId !== accountId) opening.current = { accountId, id: crypto.randomUUID() };
  const id = opening.current.id;
  useEffect(() => {
    if (!shown) return;
    // The agent's work goes on whatever the answer: a failure here is the core's to log.
    api.invoke('account.opened', { accountId, opening: id, purpose, verified }).catch(() => undefined);
  }, [api, accountId, id, purpose, shown, verified]);
}
