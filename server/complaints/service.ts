// Complaints on the central server (docs/complaints.md): intake, owner, SLA, escalation,
// resolution, and the hold a complaint places. Scope is the pull's: an agent acts on the accounts
// assigned to them, a lead on their teams' accounts, an admin on all; an owner or the one who
// raised it keeps sight of the complaint after the account moves.
import { v7 as uuidv7 } from 'uuid';
import { CATEGORY_RULES } from '../../shared/complaints/categories';
import { type Complaint, type ComplaintList, ComplaintQuery, type EscalateComplaint, RaiseComplaint, ResolveComplaint } from '../../shared/complaints/protocol';
import { dueAt } from '../../shared/complaints/sla';
import { ApiError } from '../../shared/api/errors';
import type { User } from '../../shared/domain/users';
import type { ServerStore } from '../store/store';

export class ComplaintsService {
  constructor(private readonly store: ServerStore, private readonly now: () => Date) {}

  async raise(user: User, input: RaiseComplaint): Promise<Complaint> {
    const req = RaiseComplaint.parse(input);
    const known = await this.store.complaints.idByRequest(req.requestId);
    if (known) return this.mustSee(user, known);
    const account = await this.store.complaints.visibleAccount(user, req.accountId);
    if (!account) throw new ApiError('FORBIDDEN', `Account ${req.accountId} is not yours to see`);
    let ownerId = req.ownerId;
    if (ownerId && !(await this.store.complaints.userExists(ownerId))) throw new ApiError('NOT_FOUND', `No user ${ownerId} to own the complaint`);
    ownerId ??= (account.teamId ? await this.store.complaints.teamLead(account.teamId) : undefined) ?? user.id;
    const at = this.now().toISOString();
    const slaDays = await this.store.complaints.slaDays();
    const id = uuidv7();
    const holdId = req.hold ? `complaint-${id}` : null;
    const rules = CATEGORY_RULES[req.category];
    const inserted = await this.store.complaints.insert({
      id, requestId: req.requestId, accountId: account.id, teamId: account.teamId, category: req.category, source: req.source,
      description: req.description, raisedBy: user.id, ownerId, raisedAt: at, dueAt: dueAt(at, slaDays), hold: req.hold, holdId, links: req.links,
    }, [{ kind: 'raised', by: user.id, detail: { username: user.username, role: user.role, source: req.source, slaDays, rules: [...rules.us, ...rules.cn] } }]);
    if (!inserted) return this.mustSee(user, (await this.store.complaints.idByRequest(req.requestId))!);
    if (req.hold && holdId) {
      // An ordinary hold: it bumps the account, goes down in the compliance bucket, and every gate
      // (the console's before a dial, the server's for texts and on arrival) honours it.
      await this.store.setHold({ id: holdId, accountId: account.id, kind: req.hold, note: `Complaint ${id}: ${req.category}`, effectiveAt: at }, at);
      await this.store.complaints.appendEvent(id, 'hold_placed', at, user.id, { holdId, kind: req.hold });
    }
    return (await this.store.complaints.get(id))!;
  }

  async list(user: User, query: unknown): Promise<ComplaintList> {
    const q = ComplaintQuery.parse(query);
    if (q.accountId && !(await this.store.complaints.visibleAccount(user, q.accountId))) throw new ApiError('FORBIDDEN', `Account ${q.accountId} is not yours to see`);
    return { complaints: await this.store.complaints.list(user, q), slaDays: await this.store.complaints.slaDays(), serverTime: this.now().toISOString() };
  }

  /** Leads and admins escalate (with a note, optionally to a new owner). */
  async escalate(user: User, req: EscalateComplaint): Promise<Complaint> {
    this.mustLead(user, 'escalate');
    const c = await this.mustSee(user, req.complaintId);
    if (req.ownerId && !(await this.store.complaints.userExists(req.ownerId))) throw new ApiError('NOT_FOUND', `No user ${req.ownerId} to own the complaint`);
    if (c.status === 'resolved') throw new ApiError('VALIDATION', 'The complaint is already resolved');
    const ownerId = req.ownerId ?? c.ownerId;
    await this.store.complaints.change(c.id, { status: 'escalated', ownerId }, { kind: 'escalated', at: this.now().toISOString(), by: user.id, detail: { note: req.note, from: c.ownerId, to: ownerId } });
    return (await this.store.complaints.get(c.id))!;
  }

  /** Leads, admins and the complaint's owner resolve it with a note; the hold it placed stays unless asked. */
  async resolve(user: User, input: ResolveComplaint): Promise<Complaint> {
    const req = ResolveComplaint.parse(input);
    const c = await this.mustSee(user, req.complaintId);
    if (c.ownerId !== user.id) this.mustLead(user, 'resolve');
    const at = this.now().toISOString();
    const changed = await this.store.complaints.change(c.id, { status: 'resolved', resolution: req.note }, { kind: 'resolved', at, by: user.id, detail: { note: req.note, liftHold: req.liftHold } });
    if (!changed) throw new ApiError('VALIDATION', 'The complaint is already resolved');
    if (req.liftHold && c.holdId) {
      const lifted = await this.store.liftHold(c.holdId, at);
      if (lifted) await this.store.complaints.appendEvent(c.id, 'hold_lifted', at, user.id, { holdId: c.holdId });
    }
    return (await this.store.complaints.get(c.id))!;
  }

  async setSlaDays(user: User, slaDays: number): Promise<{ slaDays: number }> {
    if (user.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only administrators set the complaint SLA');
    await this.store.complaints.setSlaDays(slaDays, user.id, this.now().toISOString());
    return { slaDays };
  }

  private mustLead(user: User, what: string): void {
    if (user.role !== 'team_lead' && user.role !== 'admin') throw new ApiError('FORBIDDEN', `Only team leads and administrators ${what} complaints`);
  }

  private async mustSee(user: User, id: string): Promise<Complaint> {
    const c = await this.store.complaints.visible(user, id);
    if (!c) throw new ApiError('NOT_FOUND', `No complaint ${id} for you`);
    return c;
  }
}
