// Who opened which account on this console, and why: an account.viewed event per opening of the
// account view (docs/security.md "Who read what"). The renderer names each opening with a fresh
// id; reloads and re-renders of the same opening report it again and log nothing. An opening
// first shown with the debt hidden (a call whose person is not yet verified) logs once more when
// the debtor is verified and the record shows in full. The hot path is one map lookup, and one
// local insert (event and outbox row) when something is logged; the queue is not re-ranked for it.
import type { AccountOpenedInput } from '../../../shared/api/access';
import type { AccountViewedLog } from '../../../shared/domain/access';

export interface AccountViewsDeps {
  /** Writes the event (synced like every other). */
  log: (accountId: string, body: AccountViewedLog) => void;
  /** Whether this console holds the account (a report for any other is refused). */
  hasAccount: (accountId: string) => boolean;
}

/** Openings remembered, oldest forgotten first: far more than an agent opens in a session. */
const REMEMBERED_OPENINGS = 1000;

export class AccountViews {
  /** Opening id → its account and whether the record has been logged as shown in full. */
  private readonly openings = new Map<string, { accountId: string; full: boolean }>();

  constructor(private readonly deps: AccountViewsDeps) {}

  /** Logs the opening when it is new, or newly shown in full after verification; says whether it logged. */
  opened(input: AccountOpenedInput): boolean {
    const full = input.verified !== false;
    const seen = this.openings.get(input.opening);
    // An opening id names one account: a reused id with another is a new opening, logged.
    if (seen && seen.accountId === input.accountId && (seen.full || !full)) return false;
    if (!this.deps.hasAccount(input.accountId)) return false;
    this.deps.log(input.accountId, { type: 'account.viewed', purpose: input.purpose, verified: input.verified });
    this.openings.delete(input.opening);
    this.openings.set(input.opening, { accountId: input.accountId, full });
    if (this.openings.size > REMEMBERED_OPENINGS) this.openings.delete(this.openings.keys().next().value!);
    return true;
  }
}
