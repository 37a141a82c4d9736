// Call review (docs/server.md "Call review"): the queries behind the team lead's list of calls,
// a call's events, reviews, and who may download a recording. Part of the ServerStore, kept in
// its own file: kysely-store.ts delegates here and calls recordCallRefs in the push transaction.
//
// A call is a softphone call.attempt, named by its `callId`. Events naming a call carry that id
// in their JSON body, so call_events (migration 0006) indexes them by it as they are pushed.
// Gate decisions, overrides and flagged notes name no call: they are the same agent's events on
// the same account around the call's time, and server/review/timeline.ts picks them out.
//
// Scope: a team lead sees the calls of the agents in the teams they lead and the calls on those
// teams' accounts (an agent moved to another team keeps their old calls with the old team's
// accounts); an admin sees every call; anyone else none.
import { type Kysely, type SqlBool, type Transaction, sql } from 'kysely';
import type { ClientEvent } from '../../shared/domain/events';
import type { Currency } from '../../shared/domain/portfolio';
import type { Database } from './schema';
import type { Viewer } from './store';

/** A pushed event as the review reads it: its body parsed (events are validated on push). */
export interface StoredEvent {
  id: string;
  userId: string;
  userName: string;
  accountId: string | null;
  deviceTime: string;
  type: string;
  body: Record<string, unknown>;
}

/** A call's attempt with what the list shows beside it. */
export interface CallRow {
  callId: string;
  attempt: StoredEvent;
  agent: { id: string; name: string; teamId: string | null };
  account: { id: string; ref: string; currency: Currency; teamId: string | null } | null;
  /** The recording's blob is stored (verified) on the server. */
  recordingStored: boolean;
  /** The latest wrap-up naming the call, by the same agent. */
  outcome: StoredEvent | null;
  reviews: { count: number; lastScore: number | null };
}

export interface CallListFilter { agentId?: string; from?: string; to?: string; unreviewed?: boolean; offset: number; limit: number }

export interface CallReviewRecord { id: string; callId: string; reviewerId: string; reviewerName: string; score: number; comment: string; createdAt: string }

export interface NewCallReview { id: string; callId: string; eventId: string; reviewerId: string; score: number; comment: string; createdAt: string }

/** Everything the timeline of one call is built from. */
export interface CallFacts extends CallRow {
  /** Other events naming the call: its wrap-ups (same agent) and monitor.* events. */
  named: StoredEvent[];
  /** The agent's gate decisions, overrides, flagged notes and other attempts on the same account (or, without one, their own) around the call. */
  context: StoredEvent[];
  reviewList: CallReviewRecord[];
}

/** How far around a call its context is read: a decision a day before the dial is not this call's. */
const CONTEXT_BEFORE_MS = 24 * 60 * 60_000;
const CONTEXT_AFTER_MS = 24 * 60 * 60_000;
const CONTEXT_TYPES = ['compliance.decision', 'compliance.override', 'note.flagged', 'call.attempt'];
const CHUNK = 500;

/** Indexes the events of a push that name a call, in the push's transaction. Read by shape, so any type naming a call counts. */
export async function recordCallRefs(trx: Transaction<Database>, events: readonly ClientEvent[]): Promise<void> {
  const named = events.flatMap((e) => {
    const callId = (e.body as { callId?: unknown }).callId;
    return typeof callId === 'string' && callId.length > 0 && callId.length <= 200 ? [{ callId, event: e }] : [];
  });
  if (named.length === 0) return;
  // A call id belongs to the device that first pushed an event naming it (call_owners). Events
  // from any other device that name it are stored, as facts, but never join that call: another
  // team's agent reusing a call id can neither take the call over nor hide it from its lead.
  const owners = new Map<string, string>();
  const ids = [...new Set(named.map((n) => n.callId))];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const first = new Map<string, ClientEvent>();
    for (const n of named) if (!first.has(n.callId)) first.set(n.callId, n.event);
    const claims = ids.slice(i, i + CHUNK).map((callId) => ({ callId, deviceId: first.get(callId)!.deviceId, userId: first.get(callId)!.userId }));
    await trx.insertInto('callOwners').values(claims).onConflict((oc) => oc.doNothing()).execute();
    for (const r of await trx.selectFrom('callOwners').select(['callId', 'deviceId']).where('callId', 'in', ids.slice(i, i + CHUNK)).execute()) owners.set(r.callId, r.deviceId);
  }
  const rows = named.filter((n) => owners.get(n.callId) === n.event.deviceId).map((n) => ({ callId: n.callId, eventId: n.event.id, type: n.event.body.type }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx.insertInto('callEvents').values(rows.slice(i, i + CHUNK)).onConflict((oc) => oc.doNothing()).execute();
  }
}

function parse(body: string): Record<string, unknown> {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export class ReviewStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The teams a lead leads; null for an admin (every team). */
  private async ledTeams(viewer: Viewer): Promise<Set<string> | null> {
    if (viewer.role === 'admin') return null;
    const rows = await this.db.selectFrom('teamLeads').select('teamId').where('userId', '=', viewer.id).execute();
    return new Set(rows.map((r) => r.teamId));
  }

  /** Attempts with their agent, account and recording state; the base of the list and of one call. */
  private attempts() {
    return this.db.selectFrom('events as e')
      .innerJoin('callEvents as ce', (j) => j.onRef('ce.eventId', '=', 'e.id'))
      .innerJoin('users as u', 'u.id', 'e.userId')
      .leftJoin('accounts as a', 'a.id', 'e.accountId')
      .leftJoin('blobRefs as br', (j) => j.onRef('br.eventId', '=', 'e.id').on('br.kind', '=', 'recording'))
      .leftJoin('blobs as b', 'b.sha256', 'br.sha256')
      .where('e.type', '=', 'call.attempt')
      .select([
        'ce.callId', 'e.id', 'e.userId', 'e.accountId', 'e.deviceTime', 'e.type', 'e.body', 'u.displayName as userName', 'u.teamId as agentTeamId',
        'a.ref as accountRef', 'a.currency as accountCurrency', 'a.teamId as accountTeamId', 'b.storedAt as blobStoredAt',
      ]);
  }

  async listCalls(viewer: Viewer, filter: CallListFilter): Promise<{ calls: CallRow[]; hasMore: boolean }> {
    let q = this.attempts().where((eb) => {
      if (viewer.role === 'admin') return sql<SqlBool>`1 = 1`;
      if (viewer.role !== 'team_lead') return sql<SqlBool>`1 = 0`;
      const led = eb.selectFrom('teamLeads').select('teamLeads.teamId').where('teamLeads.userId', '=', viewer.id);
      return eb.or([eb('u.teamId', 'in', led), eb('a.teamId', 'in', led)]);
    });
    if (filter.agentId) q = q.where('e.userId', '=', filter.agentId);
    // Consoles stamp device times in UTC (toISOString), so text order is time order.
    if (filter.from) q = q.where('e.deviceTime', '>=', iso(Date.parse(filter.from)));
    if (filter.to) q = q.where('e.deviceTime', '<', iso(Date.parse(filter.to)));
    if (filter.unreviewed) q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('callReviews as r').select('r.id').whereRef('r.callId', '=', 'ce.callId'))));
    const rows = await q.orderBy('e.deviceTime', 'desc').orderBy('e.id', 'desc').offset(filter.offset).limit(filter.limit + 1).execute();
    const page = rows.slice(0, filter.limit);
    const callIds = [...new Set(page.map((r) => r.callId))];
    const [outcomes, reviews] = await Promise.all([this.outcomesOf(callIds), this.reviewsOf(callIds)]);
    return {
      calls: page.map((r) => {
        const list = reviews.get(r.callId) ?? [];
        return {
          ...this.callRow(r),
          outcome: (outcomes.get(r.callId) ?? []).filter((o) => o.userId === r.userId).at(-1) ?? null,
          reviews: { count: list.length, lastScore: list.at(-1)?.score ?? null },
        };
      }),
      hasMore: rows.length > filter.limit,
    };
  }

  /** One call's facts; undefined when no attempt names it, 'forbidden' when it is outside the viewer's teams. */
  async getCall(viewer: Viewer, callId: string): Promise<CallFacts | 'forbidden' | undefined> {
    const row = await this.attempts().where('ce.callId', '=', callId).orderBy('e.deviceTime').orderBy('e.id').limit(1).executeTakeFirst();
    if (!row) return undefined;
    const led = await this.ledTeams(viewer);
    if (viewer.role !== 'admin' && (viewer.role !== 'team_lead' || !((row.agentTeamId && led!.has(row.agentTeamId)) || (row.accountTeamId && led!.has(row.accountTeamId))))) {
      return 'forbidden';
    }
    const base = this.callRow(row);
    const named = (await this.db.selectFrom('callEvents as ce').innerJoin('events as e', 'e.id', 'ce.eventId').innerJoin('users as u', 'u.id', 'e.userId')
      .select(['e.id', 'e.userId', 'e.accountId', 'e.deviceTime', 'e.type', 'e.body', 'u.displayName as userName'])
      .where('ce.callId', '=', callId).where('e.id', '!=', row.id)
      .orderBy('e.deviceTime').orderBy('e.id').execute())
      .map(toStored)
      .filter((e) => e.type.startsWith('monitor.') || e.userId === row.userId);
    const outcome = named.filter((e) => e.type === 'call.outcome').at(-1) ?? null;

    const logged = Date.parse(row.deviceTime);
    const last = Math.max(logged, ...named.map((e) => Date.parse(e.deviceTime)).filter(Number.isFinite));
    let context = this.db.selectFrom('events as e').innerJoin('users as u', 'u.id', 'e.userId')
      .select(['e.id', 'e.userId', 'e.accountId', 'e.deviceTime', 'e.type', 'e.body', 'u.displayName as userName'])
      .where('e.userId', '=', row.userId).where('e.type', 'in', CONTEXT_TYPES).where('e.id', '!=', row.id)
      .where('e.deviceTime', '>=', iso(logged - CONTEXT_BEFORE_MS)).where('e.deviceTime', '<=', iso(last + CONTEXT_AFTER_MS));
    context = row.accountId ? context.where('e.accountId', '=', row.accountId) : context.where('e.accountId', 'is', null);
    const reviewList = (await this.reviewsOf([callId])).get(callId) ?? [];
    return {
      ...base,
      outcome,
      reviews: { count: reviewList.length, lastScore: reviewList.at(-1)?.score ?? null },
      named,
      context: (await context.orderBy('e.deviceTime').orderBy('e.id').execute()).map(toStored),
      reviewList,
    };
  }

  async addReview(review: NewCallReview): Promise<CallReviewRecord> {
    await this.db.insertInto('callReviews').values(review).execute();
    const reviewer = await this.db.selectFrom('users').select('displayName').where('id', '=', review.reviewerId).executeTakeFirstOrThrow();
    return { id: review.id, callId: review.callId, reviewerId: review.reviewerId, reviewerName: reviewer.displayName, score: review.score, comment: review.comment, createdAt: review.createdAt };
  }

  /**
   * Whether the viewer may download a blob: an admin, the uploader, a user whose pushed event
   * names it, or a lead of a team whose agent or account such an event belongs to. 'unknown'
   * when no event names it and nobody uploaded it.
   */
  async blobAccess(sha256: string, viewer: Viewer): Promise<'allowed' | 'forbidden' | 'unknown'> {
    const blob = await this.db.selectFrom('blobs').select('uploadedBy').where('sha256', '=', sha256).executeTakeFirst();
    // Until someone who held the bytes uploaded them there is nothing to serve, and only the
    // uploader's own events say which accounts the file belongs to: anyone can push an event
    // naming a hash they learnt, but only the recording agent's console holds the bytes.
    // (Before the upload, the answer only decides between "not yet" and "not yours": nothing is served.)
    if (blob && (viewer.role === 'admin' || blob.uploadedBy === viewer.id)) return 'allowed';
    let q = this.db.selectFrom('blobRefs as br').innerJoin('events as e', 'e.id', 'br.eventId').innerJoin('users as u', 'u.id', 'e.userId')
      .leftJoin('accounts as a', 'a.id', 'e.accountId')
      .select(['br.userId', 'e.accountId', 'a.assignedTo', 'u.teamId as agentTeamId', 'a.teamId as accountTeamId'])
      .where('br.sha256', '=', sha256);
    if (blob) q = q.where('br.userId', '=', blob.uploadedBy);
    const refs = await q.execute();
    if (!blob && refs.length === 0) return 'unknown';
    if (viewer.role === 'admin' || (!blob && refs.some((r) => r.userId === viewer.id))) return 'allowed';
    // An agent who may see one of those accounts (it is assigned to them now).
    if (refs.some((r) => r.assignedTo === viewer.id)) return 'allowed';
    if (viewer.role !== 'team_lead') return 'forbidden';
    const led = (await this.ledTeams(viewer))!;
    // A lead of the account's team; for a file on no account, a lead of the uploader's team.
    return refs.some((r) => (r.accountTeamId && led.has(r.accountTeamId)) || (r.accountId === null && r.agentTeamId && led.has(r.agentTeamId))) ? 'allowed' : 'forbidden';
  }

  /** A talk-track version's body as imported, if the server has it. */
  async talkTrackVersion(id: string, version: number): Promise<unknown> {
    const row = await this.db.selectFrom('talkTracks').select('body').where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return row ? JSON.parse(row.body) as unknown : undefined;
  }

  private callRow(r: {
    callId: string; id: string; userId: string; accountId: string | null; deviceTime: string; type: string; body: string; userName: string;
    agentTeamId: string | null; accountRef: string | null; accountCurrency: Currency | null; accountTeamId: string | null; blobStoredAt: string | null;
  }): Omit<CallRow, 'outcome' | 'reviews'> {
    return {
      callId: r.callId,
      attempt: toStored(r),
      agent: { id: r.userId, name: r.userName, teamId: r.agentTeamId },
      account: r.accountId && r.accountRef && r.accountCurrency ? { id: r.accountId, ref: r.accountRef, currency: r.accountCurrency, teamId: r.accountTeamId } : null,
      recordingStored: r.blobStoredAt !== null,
    };
  }

  /** The wrap-ups naming each call, oldest first. */
  private async outcomesOf(callIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
    const out = new Map<string, StoredEvent[]>();
    for (let i = 0; i < callIds.length; i += CHUNK) {
      const rows = await this.db.selectFrom('callEvents as ce').innerJoin('events as e', 'e.id', 'ce.eventId').innerJoin('users as u', 'u.id', 'e.userId')
        .select(['ce.callId', 'e.id', 'e.userId', 'e.accountId', 'e.deviceTime', 'e.type', 'e.body', 'u.displayName as userName'])
        .where('ce.callId', 'in', callIds.slice(i, i + CHUNK)).where('ce.type', '=', 'call.outcome')
        .orderBy('e.deviceTime').orderBy('e.id').execute();
      for (const r of rows) out.set(r.callId, [...(out.get(r.callId) ?? []), toStored(r)]);
    }
    return out;
  }

  /** The reviews of each call, oldest first. */
  private async reviewsOf(callIds: readonly string[]): Promise<Map<string, CallReviewRecord[]>> {
    const out = new Map<string, CallReviewRecord[]>();
    for (let i = 0; i < callIds.length; i += CHUNK) {
      const rows = await this.db.selectFrom('callReviews as r').innerJoin('users as u', 'u.id', 'r.reviewerId')
        .select(['r.id', 'r.callId', 'r.reviewerId', 'u.displayName as reviewerName', 'r.score', 'r.comment', 'r.createdAt'])
        .where('r.callId', 'in', callIds.slice(i, i + CHUNK)).orderBy('r.createdAt').orderBy('r.id').execute();
      for (const r of rows) out.set(r.callId, [...(out.get(r.callId) ?? []), { ...r, score: Number(r.score) }]);
    }
    return out;
  }
}

function toStored(r: { id: string; userId: string; userName: string; accountId: string | null; deviceTime: string; type: string; body: string }): StoredEvent {
  return { id: r.id, userId: r.userId, userName: r.userName, accountId: r.accountId, deviceTime: r.deviceTime, type: r.type, body: parse(r.body) };
}
