// Dial authorisation: the gate is asked again at the moment of dialling (not trusted from the
// screen), and every decision that leads to a dial or a refusal is logged with its pack version.
// A warned attempt needs a team lead's approval with a written reason; a block has no override.
import type { AccountDetail, AccountGate, DialAuthorization, DialRequest, GateReason, PhoneGate } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import type { EventBody } from '../../../shared/domain/events';
import type { User } from '../../../shared/domain/users';
import { gateAccount } from './gate';
import type { PackResolver } from './org-packs';

export interface DialDeps {
  detail: AccountDetail;
  now: Date;
  log: (body: EventBody) => void;
  /** Checks a lead's credentials with the central server; throws UNAUTHORIZED if wrong. */
  verifyApprover: (username: string, password: string) => Promise<User>;
  packs?: PackResolver;
  /** Set when the console's compliance data is too old to dial on: every phone is blocked with it. */
  stale?: GateReason | null;
}

export async function authorizeDial(req: DialRequest, deps: DialDeps): Promise<DialAuthorization> {
  const gate = withFreshness(gateAccount(deps.detail, deps.now, deps.packs), deps.stale ?? null);
  const phone = gate.phones.find((p) => p.phoneId === req.phoneId);
  if (!phone) throw new ApiError('NOT_FOUND', `Phone ${req.phoneId} is not on account ${deps.detail.account.ref}`);

  if (phone.decision === 'block') {
    deps.log(decisionLog(phone, gate.packId, gate.packVersion, 'refused'));
    return { outcome: 'blocked', gate: phone };
  }
  if (phone.decision === 'warn') {
    if (!req.approval) return { outcome: 'needs_approval', gate: phone };
    const approver = await deps.verifyApprover(req.approval.username, req.approval.password);
    if (approver.role !== 'team_lead') {
      throw new ApiError('FORBIDDEN', `${approver.displayName} is not a team lead: only a team lead can approve a warned call`);
    }
    deps.log({
      type: 'compliance.override', phoneId: phone.phoneId, approvedBy: approver.id, approverName: approver.displayName,
      reason: req.approval.reason, rules: phone.reasons.map((r) => r.rule),
    });
  }
  deps.log(decisionLog(phone, gate.packId, gate.packVersion, 'dial'));
  return { outcome: 'allowed', gate: phone };
}

export function decisionLog(phone: PhoneGate, packId: string, packVersion: string, action: 'dial' | 'refused'): EventBody {
  return {
    type: 'compliance.decision', phoneId: phone.phoneId, partyId: phone.partyId, decision: phone.decision, action,
    packId, packVersion, allowedFrom: phone.allowedFrom,
    reasons: phone.reasons.map((r) => ({ rule: r.rule, severity: r.severity, source: r.source, messageKey: r.messageKey, params: r.params })),
  };
}

/** Dialling needs fresh compliance data: while it is stale every phone is blocked with that reason. */
export function withFreshness(gate: AccountGate, stale: GateReason | null): AccountGate {
  if (!stale) return gate;
  return { ...gate, phones: gate.phones.map((p) => phoneWithFreshness(p, stale)) };
}

export function phoneWithFreshness(phone: PhoneGate, stale: GateReason | null): PhoneGate {
  return stale ? { ...phone, decision: 'block', allowedFrom: null, reasons: [stale, ...phone.reasons] } : phone;
}
