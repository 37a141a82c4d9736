// The gate's three doors to the console: the account's gate for the screen, the check at the
// moment of dialling (logged), and the check of a number typed on the dial pad (logged).
import type { AccountDetail, GateReason, Handlers } from '../../../shared/api/contract';
import type { EventBody } from '../../../shared/domain/events';
import type { User } from '../../../shared/domain/users';
import { authorizeDial, decisionLog, phoneWithFreshness, withFreshness } from './dial';
import { gateAccount, gateNumber } from './gate';
import type { PackResolver } from './org-packs';

/** How far ahead the screen's gate looks. A phone allowed now and this much later may be dialled
 *  at the click, with dial.authorize asked alongside: the click no longer waits for a round trip
 *  to the core. Calling windows and the freshness limit change only with time, and no window is
 *  shorter than this, so allowed at both ends means allowed in between. What can change sooner
 *  is the data (a pull, another event): dial.authorize reads it at the click, and a "no" ends the
 *  call before the far end can ring. */
export const ALLOWED_AHEAD_MS = 20_000;

export interface DialHandlerDeps {
  /** Throws when no agent is signed in. */
  requireSession: () => void;
  detailOf: (accountId: string) => AccountDetail;
  packs: PackResolver;
  now: () => Date;
  /** The reason every dial is blocked at `at` because the compliance data is too old, or null. */
  staleAt: (at: Date) => GateReason | null;
  log: (accountId: string | null, body: EventBody) => void;
  /** Checks a lead's credentials with the central server; throws UNAUTHORIZED if wrong. */
  verifyApprover: (username: string, password: string) => Promise<User>;
}

type DialHandlers = Pick<Handlers, 'compliance.gate' | 'dial.authorize' | 'dial.authorizeNumber'>;

export function dialHandlers(deps: DialHandlerDeps): DialHandlers {
  const { packs } = deps;
  return {
    'compliance.gate': async ({ accountId }) => {
      deps.requireSession();
      const detail = deps.detailOf(accountId);
      const now = deps.now();
      const later = new Date(now.getTime() + ALLOWED_AHEAD_MS);
      const gate = withFreshness(gateAccount(detail, now, packs), deps.staleAt(now));
      const ahead = withFreshness(gateAccount(detail, later, packs), deps.staleAt(later));
      const allowedLater = new Set(ahead.phones.filter((p) => p.decision === 'allow').map((p) => p.phoneId));
      const phoneIds = gate.phones.filter((p) => p.decision === 'allow' && allowedLater.has(p.phoneId)).map((p) => p.phoneId);
      return { ...gate, allowedAhead: { phoneIds, forMs: ALLOWED_AHEAD_MS } };
    },
    'dial.authorize': async (req) => {
      deps.requireSession();
      const now = deps.now();
      return authorizeDial(req, {
        detail: deps.detailOf(req.accountId),
        packs,
        stale: deps.staleAt(now),
        now,
        log: (body) => deps.log(req.accountId, body),
        verifyApprover: deps.verifyApprover,
      });
    },
    'dial.authorizeNumber': async ({ number }) => {
      deps.requireSession();
      const now = deps.now();
      const gated = gateNumber(number, now, packs);
      const phone = phoneWithFreshness(gated.phone, deps.staleAt(now));
      // A warned manual call would need a lead's approval against an account; the dial pad only places allowed calls.
      const outcome = phone.decision === 'allow' ? 'allowed' : 'blocked';
      deps.log(null, decisionLog(phone, gated.packId, gated.packVersion, outcome === 'allowed' ? 'dial' : 'refused'));
      return { outcome, gate: phone };
    },
  };
}
