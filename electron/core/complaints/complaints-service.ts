// Complaints from the console (docs/complaints.md). The central server keeps them (owner, SLA,
// escalation, the hold a complaint places); the core asks it and logs what this console raised,
// escalated or resolved (`complaint.raised`, `complaint.escalated`, `complaint.resolved`), synced
// like a call. A hold placed by a complaint comes down in the compliance bucket with the next pull,
// and the gate refuses calls from then on; the core pulls at once after raising one.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { AccountDetail } from '../../../shared/api/contract';
import type { EventBody } from '../../../shared/domain/events';
import {
  Complaint, ComplaintList, ComplaintQuery, type EscalateComplaint, RaiseComplaint, ResolveComplaint,
} from '../../../shared/complaints/protocol';
import { all, qb } from '../store/sql';
import { type Fetch, requestJson } from '../sync/http';

export interface ComplaintsDeps {
  fetch: Fetch;
  serverUrl: () => string;
  db: () => Database.Database;
  token: () => string;
  /** Appends an event to the agent's log (and so to the outbox). */
  log: (accountId: string, body: EventBody) => { id: string };
  /** The account as this console holds it (NOT_FOUND when it is not in the portfolio). */
  detailOf: (accountId: string) => AccountDetail;
  /** Asks for a pull now (a hold placed by a complaint). */
  syncNow: () => void;
}

export class ComplaintsService {
  constructor(private readonly deps: ComplaintsDeps) {}

  private request<S extends z.ZodType>(path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    return requestJson(this.deps.fetch, this.deps.serverUrl(), path, {
      token: this.deps.token(), schema, ...(body === undefined ? {} : { method: 'POST', body }), timeoutMs: 30_000,
    });
  }

  async raise(input: RaiseComplaint): Promise<Complaint> {
    const req = RaiseComplaint.parse(input);
    this.deps.detailOf(req.accountId);
    const c = Complaint.parse(await this.request('api/complaints', Complaint, req));
    const logged = all(this.deps.db(), qb.selectFrom('events').select('id').where('account_id', '=', req.accountId)
      .where('type', '=', 'complaint.raised').where('body', 'like', `%"requestId":"${req.requestId}"%`));
    if (logged.length === 0) {
      this.deps.log(req.accountId, {
        type: 'complaint.raised', complaintId: c.id, requestId: req.requestId, category: c.category, source: c.source,
        callId: c.links.callIds[0] ?? null, hold: c.hold, dueAt: c.dueAt,
      });
    }
    if (c.hold) this.deps.syncNow();
    return c;
  }

  async list(input: ComplaintQuery): Promise<ComplaintList> {
    const q = ComplaintQuery.parse(input);
    if (q.accountId) this.deps.detailOf(q.accountId);
    const params = new URLSearchParams({ status: q.status, ...(q.accountId ? { accountId: q.accountId } : {}) });
    return ComplaintList.parse(await this.request(`api/complaints?${params}`, ComplaintList));
  }

  async escalate(req: EscalateComplaint): Promise<Complaint> {
    const c = Complaint.parse(await this.request('api/complaints/escalate', Complaint, req));
    this.logIfHeld(c.accountId, { type: 'complaint.escalated', complaintId: c.id, note: req.note, ownerId: c.ownerId });
    return c;
  }

  async resolve(input: ResolveComplaint): Promise<Complaint> {
    const req = ResolveComplaint.parse(input);
    const c = Complaint.parse(await this.request('api/complaints/resolve', Complaint, req));
    this.logIfHeld(c.accountId, { type: 'complaint.resolved', complaintId: c.id, note: req.note, holdLifted: req.liftHold });
    if (req.liftHold && c.holdId) this.deps.syncNow();
    return c;
  }

  /** A lead may act on an account this console does not hold: the event then goes unlogged on an account (null). */
  private logIfHeld(accountId: string, body: EventBody): void {
    try {
      this.deps.detailOf(accountId);
      this.deps.log(accountId, body);
    } catch {
      // Not in this console's portfolio: the server's own complaint events are the record.
    }
  }
}
