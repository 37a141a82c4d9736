// Complaints' tables (migrations 0018, 0019; docs/complaints.md): complaints, their links to calls,
// recordings and messages, their append-only events, and the organisation's SLA. Part of the
// ServerStore: kysely-store.ts exposes it as `complaints`. The same queries run on SQLite and
// PostgreSQL. Holds a complaint places are ordinary holds (accounts-store.ts setHold), placed by
// the service (server/complaints/service.ts).
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ComplaintCategory, ComplaintHold } from '../../shared/complaints/categories';
import {
  type Complaint, type ComplaintEvent, type ComplaintEventKind, type ComplaintLinks, type ComplaintSource, type ComplaintStatus, DEFAULT_SLA_DAYS,
} from '../../shared/complaints/protocol';
import { visibleTo } from './kysely-helpers';
import type { Database } from './schema';
import type { Viewer } from './store';

interface ComplaintsTable {
  id: string; requestId: string; accountId: string; teamId: string | null; category: string; source: string; description: string;
  status: string; raisedBy: string; ownerId: string; raisedAt: string; dueAt: string; breachedAt: string | null; escalatedAt: string | null;
  holdId: string | null; holdKind: string | null; resolvedAt: string | null; resolvedBy: string | null; resolution: string | null;
}
interface ComplaintLinksTable { complaintId: string; kind: string; ref: string }
interface ComplaintEventsTable { id: string; complaintId: string; kind: string; at: string; by: string | null; detail: string }
interface ComplaintSettingsTable { id: number; slaDays: number; updatedAt: string; updatedBy: string | null }

export interface ComplaintsTables {
  complaints: ComplaintsTable;
  complaintLinks: ComplaintLinksTable;
  complaintEvents: ComplaintEventsTable;
  complaintSettings: ComplaintSettingsTable;
}

type Db = Kysely<Database & ComplaintsTables>;

export interface NewComplaint {
  id: string; requestId: string; accountId: string; teamId: string | null; category: ComplaintCategory; source: ComplaintSource;
  description: string; raisedBy: string; ownerId: string; raisedAt: string; dueAt: string; hold: ComplaintHold | null; holdId: string | null;
  links: ComplaintLinks;
}

/** An open complaint whose SLA ran out, as the breach job claimed it. */
export interface BreachedComplaint { id: string; accountId: string; accountRef: string; teamId: string | null; ownerId: string; category: string; raisedAt: string; dueAt: string; breachedAt: string }

const LINK_KINDS = { call: 'callIds', recording: 'recordings', message: 'messageIds' } as const;

export class ComplaintsStore {
  private readonly db: Db;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Db;
  }

  // Settings ----------------------------------------------------------------------------------

  async slaDays(): Promise<number> {
    const row = await this.db.selectFrom('complaintSettings').select('slaDays').where('id', '=', 1).executeTakeFirst();
    return row ? Number(row.slaDays) : DEFAULT_SLA_DAYS;
  }

  async setSlaDays(slaDays: number, by: string, at: string): Promise<void> {
    await this.db.insertInto('complaintSettings').values({ id: 1, slaDays, updatedAt: at, updatedBy: by })
      .onConflict((oc) => oc.column('id').doUpdateSet({ slaDays, updatedAt: at, updatedBy: by })).execute();
  }

  // Scope -------------------------------------------------------------------------------------

  /** The account if the viewer may work it now (the pull's rule: assigned, a led team's, admin). */
  async visibleAccount(viewer: Viewer, accountId: string): Promise<{ id: string; ref: string; teamId: string | null; assignedTo: string | null } | undefined> {
    return this.db.selectFrom('accounts').select(['id', 'ref', 'teamId', 'assignedTo']).where('id', '=', accountId)
      .where(visibleTo(viewer) as never).executeTakeFirst();
  }

  /** A lead of the team (the first by name), to own a complaint by default. */
  async teamLead(teamId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('teamLeads').innerJoin('users', 'users.id', 'teamLeads.userId').select('users.id')
      .where('teamLeads.teamId', '=', teamId).where('users.disabledAt', 'is', null).orderBy('users.username').executeTakeFirst();
    return row?.id;
  }

  async userExists(id: string): Promise<boolean> {
    return (await this.db.selectFrom('users').select('id').where('id', '=', id).where('disabledAt', 'is', null).executeTakeFirst()) !== undefined;
  }

  // Complaints --------------------------------------------------------------------------------

  /** Records the complaint, its links and first events in one transaction; false when the request id is already stored. */
  async insert(c: NewComplaint, events: { kind: ComplaintEventKind; by: string | null; detail: Record<string, unknown> }[]): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('complaints').values({
        id: c.id, requestId: c.requestId, accountId: c.accountId, teamId: c.teamId, category: c.category, source: c.source, description: c.description,
        status: 'open', raisedBy: c.raisedBy, ownerId: c.ownerId, raisedAt: c.raisedAt, dueAt: c.dueAt, breachedAt: null, escalatedAt: null,
        holdId: c.holdId, holdKind: c.hold, resolvedAt: null, resolvedBy: null, resolution: null,
      }).onConflict((oc) => oc.column('requestId').doNothing()).returning('id').executeTakeFirst();
      if (!inserted) return false;
      const links = Object.entries(LINK_KINDS).flatMap(([kind, key]) => [...new Set(c.links[key])].map((ref) => ({ complaintId: c.id, kind, ref })));
      if (links.length > 0) await trx.insertInto('complaintLinks').values(links).execute();
      for (const e of events) {
        await trx.insertInto('complaintEvents').values({ id: uuidv7(), complaintId: c.id, kind: e.kind, at: c.raisedAt, by: e.by, detail: JSON.stringify(e.detail) }).execute();
      }
      return true;
    });
  }

  async idByRequest(requestId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('complaints').select('id').where('requestId', '=', requestId).executeTakeFirst())?.id;
  }

  /** Moves an unresolved complaint (escalated or resolved) with its event; false when it was already resolved. */
  async change(id: string, to: { status: ComplaintStatus; ownerId?: string; resolution?: string }, event: { kind: ComplaintEventKind; at: string; by: string; detail: Record<string, unknown> }): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const set: Partial<ComplaintsTable> = { status: to.status };
      if (to.ownerId) set.ownerId = to.ownerId;
      if (to.status === 'escalated') set.escalatedAt = event.at;
      if (to.status === 'resolved') Object.assign(set, { resolvedAt: event.at, resolvedBy: event.by, resolution: to.resolution ?? '' });
      const changed = await trx.updateTable('complaints').set(set).where('id', '=', id).where('status', '!=', 'resolved').returning('id').executeTakeFirst();
      if (!changed) return false;
      await trx.insertInto('complaintEvents').values({ id: uuidv7(), complaintId: id, kind: event.kind, at: event.at, by: event.by, detail: JSON.stringify(event.detail) }).execute();
      return true;
    });
  }

  async appendEvent(id: string, kind: ComplaintEventKind, at: string, by: string | null, detail: Record<string, unknown>): Promise<void> {
    await this.db.insertInto('complaintEvents').values({ id: uuidv7(), complaintId: id, kind, at, by, detail: JSON.stringify(detail) }).execute();
  }

  /**
   * Claims every unresolved complaint due at or before `at` and not yet breached: each is marked
   * by one conditional update, so with several server instances each breach is claimed (and
   * alerted) once.
   */
  async claimBreaches(at: string, limit = 200): Promise<BreachedComplaint[]> {
    const due = await this.db.selectFrom('complaints').innerJoin('accounts', 'accounts.id', 'complaints.accountId')
      .select(['complaints.id', 'complaints.accountId', 'accounts.ref as accountRef', 'complaints.teamId', 'complaints.ownerId', 'complaints.category', 'complaints.raisedAt', 'complaints.dueAt'])
      .where('complaints.status', '!=', 'resolved').where('complaints.breachedAt', 'is', null).where('complaints.dueAt', '<=', at)
      .orderBy('complaints.dueAt').limit(limit).execute();
    const claimed: BreachedComplaint[] = [];
    for (const c of due) {
      const won = await this.db.transaction().execute(async (trx) => {
        const row = await trx.updateTable('complaints').set({ breachedAt: at }).where('id', '=', c.id).where('breachedAt', 'is', null).returning('id').executeTakeFirst();
        if (!row) return false;
        await trx.insertInto('complaintEvents').values({ id: uuidv7(), complaintId: c.id, kind: 'sla_breached', at, by: null, detail: JSON.stringify({ dueAt: c.dueAt }) }).execute();
        return true;
      });
      if (won) claimed.push({ ...c, breachedAt: at });
    }
    return claimed;
  }

  async get(id: string): Promise<Complaint | undefined> {
    return (await this.read((q) => q.where('complaints.id', '=', id)))[0];
  }

  /** The viewer's complaints: the accounts they may see (assigned, led teams', admin: all), or those they raised or own. */
  async list(viewer: Viewer, filter: { accountId?: string; status: 'open' | 'all' }, limit = 500): Promise<Complaint[]> {
    return this.read((q) => {
      let r = scoped(q, viewer);
      if (filter.accountId) r = r.where('complaints.accountId', '=', filter.accountId);
      if (filter.status === 'open') r = r.where('complaints.status', '!=', 'resolved');
      return r.orderBy('complaints.dueAt').orderBy('complaints.id').limit(limit);
    });
  }

  /** The complaint if the viewer may act on it (sees its account, owns it, or raised it). */
  async visible(viewer: Viewer, id: string): Promise<Complaint | undefined> {
    return (await this.read((q) => scoped(q, viewer).where('complaints.id', '=', id)))[0];
  }

  private async read(where: (q: Base) => Base): Promise<Complaint[]> {
    const rows = await where(this.base()).execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [links, events] = await Promise.all([
      this.db.selectFrom('complaintLinks').selectAll().where('complaintId', 'in', ids).orderBy('kind').orderBy('ref').execute(),
      this.db.selectFrom('complaintEvents').selectAll().where('complaintId', 'in', ids).orderBy('at').orderBy('id').execute(),
    ]);
    return rows.map((r) => ({
      id: r.id, requestId: r.requestId, accountId: r.accountId, accountRef: r.accountRef, debtorName: r.debtorName, teamId: r.teamId,
      category: r.category as ComplaintCategory, source: r.source as ComplaintSource, description: r.description,
      links: {
        callIds: links.filter((l) => l.complaintId === r.id && l.kind === 'call').map((l) => l.ref),
        recordings: links.filter((l) => l.complaintId === r.id && l.kind === 'recording').map((l) => l.ref),
        messageIds: links.filter((l) => l.complaintId === r.id && l.kind === 'message').map((l) => l.ref),
      },
      status: r.status as ComplaintStatus, raisedBy: r.raisedBy, raisedByName: r.raisedByName ?? r.raisedBy, ownerId: r.ownerId, ownerName: r.ownerName ?? r.ownerId,
      raisedAt: r.raisedAt, dueAt: r.dueAt, breachedAt: r.breachedAt, escalatedAt: r.escalatedAt, holdId: r.holdId, hold: r.holdKind as ComplaintHold | null,
      resolvedAt: r.resolvedAt, resolvedBy: r.resolvedBy, resolution: r.resolution,
      events: events.filter((e) => e.complaintId === r.id).map((e): ComplaintEvent => ({ id: e.id, kind: e.kind as ComplaintEventKind, at: e.at, by: e.by, detail: JSON.parse(e.detail) as Record<string, unknown> })),
    }));
  }

  private base() {
    return baseQuery(this.db);
  }
}

function baseQuery(db: Db) {
  return db.selectFrom('complaints')
    .innerJoin('accounts', 'accounts.id', 'complaints.accountId')
    .leftJoin('users as raiser', 'raiser.id', 'complaints.raisedBy')
    .leftJoin('users as owner', 'owner.id', 'complaints.ownerId')
    .selectAll('complaints')
    .select(['accounts.ref as accountRef', 'accounts.debtorName as debtorName', 'raiser.displayName as raisedByName', 'owner.displayName as ownerName']);
}

type Base = ReturnType<typeof baseQuery>;

function scoped(q: Base, viewer: Viewer): Base {
  return q.where((eb) => eb.or([
    eb('complaints.accountId', 'in', eb.selectFrom('accounts').select('accounts.id').where(visibleTo(viewer) as never)),
    eb('complaints.ownerId', '=', viewer.id),
    eb('complaints.raisedBy', '=', viewer.id),
  ]));
}
