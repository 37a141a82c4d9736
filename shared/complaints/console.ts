// The console's complaint methods (spread into shared/api/contract.ts): the core asks the central
// server (docs/complaints.md) and logs what it asked; the renderer sees these and nothing else.
import { Complaint, ComplaintList, ComplaintQuery, EscalateComplaint, RaiseComplaint, ResolveComplaint } from './protocol';

export const complaintsMethods = {
  /** Records a complaint on an account (and the hold it asks for); a repeated requestId records once. */
  'complaints.raise': { input: RaiseComplaint, output: Complaint },
  /** Complaints the signed-in user may see: an account's, or (leads) their teams' open ones, with the SLA days. */
  'complaints.list': { input: ComplaintQuery, output: ComplaintList },
  'complaints.escalate': { input: EscalateComplaint, output: Complaint },
  'complaints.resolve': { input: ResolveComplaint, output: Complaint },
} as const;

export { Complaint, ComplaintList };
